import type { CompletionState, SiteStatus } from '../../shared/console/report.ts';
import { assignmentsFor, isOverdue } from '../../shared/roster/roster.ts';
import { assignmentsAt } from './assignment-store.ts';
import type { RecordStore } from './record-store.ts';
import { devicesAt, personFromRow, requireSite, type PersonDbRow } from './roster-rows.ts';
import type { Sql } from './sql.ts';

export type { SiteStatus };

/** The honest status report: a read across the roster, the devices and the learning records, owned by none of them. */
export interface StatusStore {
  /**
   * Every learner's assigned modules as the server can honestly tell:
   * done (a completion is stored), waiting (a device of the site reported
   * one queued, with when it was last seen), or not done.
   */
  siteStatus(siteId: string, today: string): Promise<SiteStatus>;
}

export function statusStore(sql: Sql, records: RecordStore): StatusStore {
  return {
    async siteStatus(siteId, today) {
      const site = await requireSite(sql, siteId);
      // Everyone ever on the roster: a removed person's completions still count for the site.
      const [everyone, assignments, devices] = await Promise.all([
        sql.all<PersonDbRow>('SELECT * FROM people WHERE site_id = ? ORDER BY id', [siteId]),
        assignmentsAt(sql, siteId), devicesAt(sql, siteId),
      ]);
      const done = new Map((await records.firstCompletions(everyone.map((r) => r.id))).map((c) => [`${c.learnerId} ${c.moduleId}`, c.at]));
      const waiting = new Map<string, { id: string; label: string; lastContactAt: number | null; phone: boolean }[]>();
      for (const row of await sql.all<{ learner_id: string; module_id: string; device_id: string }>(
        'SELECT p.learner_id, p.module_id, p.device_id FROM device_pending p JOIN devices d ON d.id = p.device_id WHERE d.site_id = ?', [siteId])) {
        const device = devices.find((d) => d.id === row.device_id)!;
        const key = `${row.learner_id} ${row.module_id}`;
        waiting.set(key, [...(waiting.get(key) ?? []), { id: device.id, label: device.label, lastContactAt: device.lastContactAt, phone: device.learnerId !== null }]);
      }
      const learners = everyone.filter((r) => r.removed === 0).map(personFromRow).map((p) => ({
        id: p.id,
        name: p.name,
        modules: assignmentsFor(p, assignments).map(({ moduleId, due }) => {
          const key = `${p.id} ${moduleId}`;
          const doneAt = done.get(key);
          const state: CompletionState = doneAt !== undefined ? { state: 'done', doneAt } : waiting.has(key) ? { state: 'waiting', devices: waiting.get(key)! } : { state: 'not-done' };
          return { moduleId, due, overdue: state.state !== 'done' && isOverdue(due, today), ...state };
        }),
      }));
      return { site, devices, learners };
    },
  };
}
