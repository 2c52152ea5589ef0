import { parse } from 'csv-parse/sync';
import * as v from 'valibot';
import { describeIssues, PersonInput } from '../shared/roster/admin-schema.ts';

/**
 * Reads a roster CSV into the rows the admin API takes, checking every row
 * first: the result is either all rows or a list of every bad one, each with
 * file:line, so a file is never half imported.
 *
 * Columns (header row, any order, any case):
 *   employee_number, name, language   required
 *   roles        space- or ;-separated, e.g. "forklift-driver warehouse"
 *   supervisor   yes/no (also ja/nee, true/false, 1/0); empty is no
 *   badge        what the badge reader types, if not the employee number
 *   modules      personal assignments "module-id:YYYY-MM-DD; …"
 *   first_day    YYYY-MM-DD, their first day at work: day 0 of onboarding campaigns
 */
export const ROSTER_COLUMNS = ['employee_number', 'name', 'language', 'roles', 'supervisor', 'badge', 'modules', 'first_day'] as const;
const REQUIRED = ['employee_number', 'name', 'language'] as const;

/** Every row, or every bad one; `lines[i]` is where `people[i]` starts in the file, for later checks to name the row. */
export type RosterParse = { ok: true; people: PersonInput[]; lines: number[] } | { ok: false; errors: string[] };

const YES = new Set(['yes', 'y', 'true', '1', 'ja', 'j']);
const NO = new Set(['', 'no', 'n', 'false', '0', 'nee']);

export function parseRosterCsv(text: string, file: string): RosterParse {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_')),
      skip_empty_lines: true, trim: true, bom: true, info: true,
    });
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { ok: false, errors: [`${file}:${e.lines ?? 1}: not readable as CSV: ${e.message}`] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const errors: string[] = [];
  const unknown = header.filter((h) => !(ROSTER_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (!records.length) errors.push(`${file}:1: no people in the file (a header row and one row per person)`);
  if (unknown.length) errors.push(`${file}:1: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: use ${ROSTER_COLUMNS.join(', ')}`);
  if (missing.length && records.length) errors.push(`${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (errors.length) return { ok: false, errors };

  const people: PersonInput[] = [];
  const lines: number[] = [];
  const firstLine = new Map<string, number>();
  for (const { record: row, info } of records) {
    const at = `${file}:${info.lines}`;
    const supervisor = (row.supervisor ?? '').toLowerCase();
    if (!YES.has(supervisor) && !NO.has(supervisor)) {
      errors.push(`${at}: supervisor: "${row.supervisor}" is not yes or no`);
      continue;
    }
    const modules: { moduleId: string; due: string }[] = [];
    let modulesOk = true;
    for (const item of (row.modules ?? '').split(';').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([^:\s]+)\s*:\s*(\S+)$/.exec(item);
      if (!m) {
        errors.push(`${at}: modules: "${item}" is not "module-id:YYYY-MM-DD"`);
        modulesOk = false;
      } else modules.push({ moduleId: m[1]!, due: m[2]! });
    }
    if (!modulesOk) continue;
    const candidate = {
      id: row.employee_number ?? '', name: row.name ?? '', lang: row.language ?? '',
      roles: (row.roles ?? '').split(/[;\s]+/).filter(Boolean), supervisor: YES.has(supervisor), badge: row.badge || null, modules,
      ...(row.first_day ? { firstDay: row.first_day } : {}),
    };
    const parsed = v.safeParse(PersonInput, candidate);
    if (!parsed.success) {
      errors.push(`${at}: ${describeIssues(parsed.issues).replace(/^id:/, 'employee_number:').replace(/^lang:/, 'language:').replace(/^firstDay:/, 'first_day:')}`);
      continue;
    }
    const key = parsed.output.id.toLowerCase();
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      errors.push(`${at}: employee_number: ${parsed.output.id} is already on line ${earlier}`);
      continue;
    }
    firstLine.set(key, info.lines);
    people.push(parsed.output);
    lines.push(info.lines);
  }
  return errors.length ? { ok: false, errors } : { ok: true, people, lines };
}
