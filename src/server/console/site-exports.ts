import { stringify } from 'csv-stringify/sync';
import { cellWords, progressOverTime, summarise, type AssignedModuleStatus } from '../../shared/console/report.ts';
import { isShown, type GroupCount } from '../../shared/privacy-rule.ts';
import { CSV_OPTIONS } from '../spreadsheet-safe.ts';
import { quizResults } from './quiz-results.ts';
import type { StoreSet } from '../store/stores.ts';

type Row = Record<string, string | number>;
interface Table { columns: string[]; rows: Row[] }
/**
 * What a table releases: `names`, per-person records a site's readers are
 * entitled to (the completion matrix, sign-offs, and counts made from them);
 * `counts`, counts of people's learning, which only the privacy rule gives.
 */
export type Releases = 'names' | 'counts';
interface Export { releases: Releases; table: (stores: StoreSet, siteId: string, today: string) => Promise<Table> }

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A count the privacy rule hides is a word in the CSV, never an empty cell a spreadsheet would sum as 0. */
const countWords = (c: GroupCount) => (isShown(c) ? c.people : 'not shown');
const percent = (rate: number) => Math.round(rate * 100);
/** A matrix cell in a few words: done with its date, done but still on a kiosk, or not done (and overdue). */
const matrixCell = (m: AssignedModuleStatus) =>
  m.state === 'done' ? `done ${day(m.doneAt)}` : m.state === 'waiting' ? 'done, waiting to sync' : m.overdue ? `overdue (due ${m.due})` : `not done (due ${m.due})`;

/**
 * Every table the console's Reports page shows, as CSV: the same numbers
 * from the same summary (src/shared/console/report.ts), one export each.
 */
const EXPORTS: Record<string, Export> = {
  status: { releases: 'names', async table(stores, siteId, today) {
    const status = await stores.status.siteStatus(siteId, today);
    return {
      columns: ['employee_number', 'name', 'module_id', 'due', 'state', 'overdue', 'in_words'],
      rows: status.learners.flatMap((l) => l.modules.map((m) => ({
        employee_number: l.id, name: l.name, module_id: m.moduleId, due: m.due, state: m.state, overdue: m.overdue ? 'yes' : 'no', in_words: cellWords(m, day),
      }))),
    };
  } },
  // The completion matrix an auditor asks for: one row a person, one column a module they are assigned.
  matrix: { releases: 'names', async table(stores, siteId, today) {
    const status = await stores.status.siteStatus(siteId, today);
    const modules = [...new Set(status.learners.flatMap((l) => l.modules.map((m) => m.moduleId)))].sort();
    return {
      columns: ['employee_number', 'name', ...modules],
      rows: status.learners.map((l) => ({
        employee_number: l.id, name: l.name,
        ...Object.fromEntries(modules.map((id) => {
          const m = l.modules.find((x) => x.moduleId === id);
          return [id, m ? matrixCell(m) : 'not assigned'];
        })),
      })),
    };
  } },
  modules: { releases: 'names', async table(stores, siteId, today) {
    const summary = summarise(await stores.status.siteStatus(siteId, today));
    return {
      columns: ['module_id', 'assigned', 'done', 'waiting_to_sync', 'not_done', 'overdue', 'done_percent'],
      rows: summary.modules.map((m) => ({ module_id: m.moduleId, assigned: m.assigned, done: m.done, waiting_to_sync: m.waiting, not_done: m.notDone, overdue: m.overdue, done_percent: percent(m.rate) })),
    };
  } },
  progress: { releases: 'names', async table(stores, siteId, today) {
    return {
      columns: ['date', 'done', 'done_percent'],
      rows: progressOverTime(await stores.status.siteStatus(siteId, today)).map((d) => ({ date: d.day, done: d.done, done_percent: percent(d.rate) })),
    };
  } },
  quiz: { releases: 'counts', async table(stores, siteId) {
    return {
      columns: ['module_id', 'people_on_roster_ever', 'people_who_tried', 'people_who_passed'],
      rows: (await quizResults(stores, siteId)).map((q) => ({ module_id: q.moduleId, people_on_roster_ever: q.people, people_who_tried: countWords(q.tried), people_who_passed: countWords(q.passed) })),
    };
  } },
  signoffs: { releases: 'names', async table(stores, siteId) {
    return {
      columns: ['date', 'session_type', 'topic', 'supervisor', 'attendee', 'outcome', 'note'],
      rows: (await stores.credentials.signoffs(siteId)).flatMap((s) => s.attendees.map((a) => ({
        date: s.date, session_type: s.sessionType, topic: s.topic, supervisor: s.supervisorId, attendee: a.personId, outcome: a.outcome, note: a.note,
      }))),
    };
  } },
};

export const SITE_EXPORT_NAMES = Object.keys(EXPORTS);
export const exportReleases = (name: string): Releases | null => EXPORTS[name]?.releases ?? null;


/** One of the site's tables as CSV text, or null when there is no such table. */
export async function siteExport(stores: StoreSet, name: string, siteId: string, today: string): Promise<string | null> {
  const table = EXPORTS[name];
  if (!table) return null;
  const { columns, rows } = await table.table(stores, siteId, today);
  return stringify(rows, { ...CSV_OPTIONS, header: true, columns });
}
