/**
 * A CSV cell a spreadsheet will show as text, never run as a formula
 * (OWASP's CSV injection advice): a cell starting with = + - @, a tab or a
 * carriage return gets a leading apostrophe. Names and labels come from
 * rosters and kiosks, so any of them may be hostile.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** csv-stringify's `cast` for every export: numbers as written, strings made safe. */
export const SAFE_CAST = { number: String, string: spreadsheetSafe } as const;
