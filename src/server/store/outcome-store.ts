import type { OutcomeFigure } from '../../shared/campaign/report.ts';
import type { Sql } from './sql.ts';

/** A site's own outcome figures per month (near-miss reports, incidents…): what training is hoped to change. */
export interface OutcomeStore {
  /** Stores every row for the site in one transaction; a month and measure given again replaces its count. */
  put(siteId: string, rows: readonly OutcomeFigure[], now: number): Promise<number>;
  /** Every figure of these sites, by month. */
  of(siteIds: readonly string[]): Promise<(OutcomeFigure & { siteId: string })[]>;
}

export function outcomeStore(sql: Sql): OutcomeStore {
  return {
    put: (siteId, rows, now) => sql.tx(async (q) => {
      for (const r of rows) {
        await q.run(`INSERT INTO outcome_figures (site_id, measure, month, count, uploaded_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (site_id, measure, month) DO UPDATE SET count = excluded.count, uploaded_at = excluded.uploaded_at`, [siteId, r.measure, r.month, r.count, now]);
      }
      return rows.length;
    }),
    async of(siteIds) {
      if (!siteIds.length) return [];
      const rows = await sql.all<{ site_id: string; measure: string; month: string; count: unknown }>(
        `SELECT site_id, measure, month, count FROM outcome_figures WHERE site_id IN (${siteIds.map(() => '?').join(', ')}) ORDER BY measure, month, site_id`, [...siteIds]);
      return rows.map((r) => ({ siteId: r.site_id, measure: r.measure, month: r.month, count: Number(r.count) }));
    },
  };
}
