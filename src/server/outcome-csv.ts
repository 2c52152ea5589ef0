import { parse } from 'csv-parse/sync';
import type { OutcomeFigure } from '../shared/campaign/report.ts';

/**
 * A site's own outcome figures per month, as L&D keep them in a spreadsheet
 * (near-miss reports, incidents, first-aid cases…): Kirkpatrick's results
 * level, plotted beside a campaign's window. All rows or every bad one,
 * each with file:line and the column, so a file is never half stored.
 *
 * Columns (header row, any order, any case): month (YYYY-MM), measure (a
 * name, up to 60 characters), count (a whole number, 0 or more).
 */
export const OUTCOME_COLUMNS = ['month', 'measure', 'count'] as const;
export const OUTCOME_LIMITS = { rows: 2000, measure: 60, count: 1_000_000 } as const;

export type OutcomeParse = { ok: true; rows: OutcomeFigure[] } | { ok: false; errors: string[] };

const MONTH = /^(19|20)\d\d-(0[1-9]|1[0-2])$/;

export function parseOutcomeCsv(text: string, file: string): OutcomeParse {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true, trim: true, bom: true, info: true, to: OUTCOME_LIMITS.rows + 1,
    });
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { ok: false, errors: [`${file}:${e.lines ?? 1}: not readable as CSV: ${e.message}`] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = OUTCOME_COLUMNS.filter((c) => !header.includes(c));
  if (!records.length) return { ok: false, errors: [`${file}:1: no rows: the file needs a header (month,measure,count) and one row per month and measure`] };
  if (missing.length) return { ok: false, errors: [`${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the columns are month, measure, count)`] };
  if (records.length > OUTCOME_LIMITS.rows) return { ok: false, errors: [`${file}: more than ${OUTCOME_LIMITS.rows} rows: split the file`] };
  const errors: string[] = [];
  const rows: OutcomeFigure[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const at = `${file}:${info.lines}`;
    const { month = '', measure = '', count = '' } = record;
    const before = errors.length;
    if (!MONTH.test(month)) errors.push(`${at}: month: "${month}" is not a month like 2026-09`);
    if (!measure) errors.push(`${at}: measure: is empty (name what is counted, like "near-miss reports")`);
    else if (measure.length > OUTCOME_LIMITS.measure) errors.push(`${at}: measure: is longer than ${OUTCOME_LIMITS.measure} characters`);
    if (!/^\d+$/.test(count) || Number(count) > OUTCOME_LIMITS.count) errors.push(`${at}: count: "${count}" is not a whole number from 0 to ${OUTCOME_LIMITS.count}`);
    const key = `${month}\u0000${measure.toLowerCase()}`;
    if (errors.length === before && seen.has(key)) errors.push(`${at}: ${measure} in ${month} is already on line ${seen.get(key)}`);
    seen.set(key, info.lines);
    if (errors.length === before) rows.push({ month, measure, count: Number(count) });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
