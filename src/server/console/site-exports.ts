import { stringify } from 'csv-stringify/sync';
import { cellWords, progressOverTime, summarise } from '../../shared/console/report.ts';
import { SAFE_CAST } from '../spreadsheet-safe.ts';
import type { StoreSet } from '../store/stores.ts';

type Row = Record<string, string | number>;
interface Table { columns: string[]; rows: Row[] }

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const percent = (rate: number) => Math.round(rate * 100);

/**
 * Every table the console's Reports page shows, as CSV: the same numbers
 * from the same summary (src/shared/console/report.ts), one export each.
 */
const EXPORTS: Record<string, (stores: StoreSet, siteId: string, today: string) => Promise<Table>> = {
  async status(stores, siteId, today) {
    const status = await stores.status.siteStatus(siteId, today);
    return {
      columns: ['employee_number', 'name', 'module_id', 'due', 'state', 'overdue', 'in_words'],
      rows: status.learners.flatMap((l) => l.modules.map((m) => ({
        employee_number: l.id, name: l.name, module_id: m.moduleId, due: m.due, state: m.state, overdue: m.overdue ? 'yes' : 'no', in_words: cellWords(m, day),
      }))),
    };
  },
  async modules(stores, siteId, today) {
    const summary = summarise(await stores.status.siteStatus(siteId, today));
    return {
      columns: ['module_id', 'assigned', 'done', 'waiting_to_sync', 'not_done', 'overdue', 'done_percent'],
      rows: summary.modules.map((m) => ({ module_id: m.moduleId, assigned: m.assigned, done: m.done, waiting_to_sync: m.waiting, not_done: m.notDone, overdue: m.overdue, done_percent: percent(m.rate) })),
    };
  },
  async progress(stores, siteId, today) {
    return {
      columns: ['date', 'done', 'done_percent'],
      rows: progressOverTime(await stores.status.siteStatus(siteId, today)).map((d) => ({ date: d.day, done: d.done, done_percent: percent(d.rate) })),
    };
  },
  async quiz(stores, siteId) {
    return {
      columns: ['module_id', 'attempts', 'people_who_tried', 'attempts_passed', 'average_score_percent'],
      rows: (await stores.records.quizResults(siteId)).map((q) => ({ module_id: q.moduleId, attempts: q.attempts, people_who_tried: q.learners, attempts_passed: q.passed, average_score_percent: q.averageScore })),
    };
  },
  async signoffs(stores, siteId) {
    return {
      columns: ['date', 'session_type', 'topic', 'supervisor', 'attendee', 'outcome', 'note'],
      rows: (await stores.credentials.signoffs(siteId)).flatMap((s) => s.attendees.map((a) => ({
        date: s.date, session_type: s.sessionType, topic: s.topic, supervisor: s.supervisorId, attendee: a.personId, outcome: a.outcome, note: a.note,
      }))),
    };
  },
};

export const SITE_EXPORT_NAMES = Object.keys(EXPORTS);


/** One of the site's tables as CSV text, or null when there is no such table. */
export async function siteExport(stores: StoreSet, name: string, siteId: string, today: string): Promise<string | null> {
  const table = EXPORTS[name];
  if (!table) return null;
  const { columns, rows } = await table(stores, siteId, today);
  return stringify(rows, { header: true, columns, cast: SAFE_CAST });
}
