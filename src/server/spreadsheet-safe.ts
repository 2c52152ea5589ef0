/**
 * A CSV cell a spreadsheet will show as text, never run as a formula
 * (OWASP's CSV injection advice, and what it misses): a cell whose first
 * character that shows is = + - or @ gets a leading apostrophe, also when
 * spaces, tabs, line breaks or zero-width characters come before it, and
 * also for the full-width and other look-alike forms (＝ ＋ － ＠ −) that
 * some spreadsheets, with an East Asian input method, take as the same.
 * A cell starting with a tab or a carriage return gets one too. Names,
 * topics, notes and labels come from rosters and kiosks: any may be hostile.
 */
const INVISIBLE = /^[\s\u00a0\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*/u;

export function spreadsheetSafe(value: string): string {
  const shown = value.replace(INVISIBLE, '').normalize('NFKC').replace(/^\u2212/, '-');
  return /^[=+\-@]/.test(shown) || /^[\t\r]/.test(value) ? `'${value}` : value;
}

/** csv-stringify's `cast` for every export: numbers as written, strings made safe. */
export const SAFE_CAST = { number: String, string: spreadsheetSafe } as const;

/**
 * csv-stringify's options every export shares: UTF-8 with a byte-order mark,
 * so Excel opens "Łukasz" and "Ünal" as written, not as mojibake.
 */
export const CSV_OPTIONS = { bom: true, cast: SAFE_CAST } as const;
