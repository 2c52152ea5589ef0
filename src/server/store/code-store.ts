import { codeToWire, SHORT_CODE_LENGTH, type CodeTarget, type WireCode } from '../../shared/short-code.ts';
import type { ShortCode } from '../../shared/console/posters.ts';
import { nextRev, randomCode, requireSite, SiteError } from './roster-rows.ts';
import type { Sql } from './sql.ts';

export type { ShortCode };

/** How many live codes one site may have: far more posters than a plant hangs, few enough that a site's kiosks carry them all. */
export const MAX_CODES_PER_SITE = 300;

/** QR posters' short codes: made per site, each with a placement; retired, never deleted, so their scans keep a name. */
export interface CodeStore {
  create(siteId: string, target: CodeTarget, placement: string, by: string, now: number): Promise<ShortCode>;
  /** The site's codes, retired ones last. */
  list(siteId: string): Promise<ShortCode[]>;
  /** A live code, in any site: what a scanned address opens. */
  resolve(code: string): Promise<ShortCode | null>;
  /** The code, live or retired: null when there is none. */
  find(code: string): Promise<ShortCode | null>;
  retire(code: string): Promise<boolean>;
  /** Every live code of the site, when any code changed in (fromRev, upTo] or fromRev is null; otherwise null. */
  forSite(siteId: string, fromRev: number | null, upTo: number): Promise<WireCode[] | null>;
}

interface CodeRow { code: string; site_id: string; module_id: string; section: unknown; placement: string; created_at: unknown; created_by: string; removed: number }

const fromRow = (r: CodeRow): ShortCode => ({
  code: r.code, siteId: r.site_id, moduleId: r.module_id, section: r.section === null ? null : Number(r.section),
  placement: r.placement, createdAt: Number(r.created_at), createdBy: r.created_by, retired: r.removed === 1,
});

export function codeStore(sql: Sql): CodeStore {
  const find = async (code: string) => {
    const [row] = await sql.all<CodeRow>('SELECT * FROM short_codes WHERE code = ?', [code]);
    return row ? fromRow(row) : null;
  };
  return {
    async create(siteId, target, placement, by, now) {
      return sql.tx(async (q) => {
        await requireSite(q, siteId);
        // Counted in the transaction that inserts: two requests at once cannot both take the last place.
        const [count] = await q.all<{ n: unknown }>('SELECT COUNT(*) AS n FROM short_codes WHERE site_id = ? AND removed = 0', [siteId]);
        if (Number(count!.n) >= MAX_CODES_PER_SITE) throw new SiteError(409, `Site ${siteId} already has ${MAX_CODES_PER_SITE} codes in use: retire the posters that came down first.`);
        const rev = await nextRev(q);
        // 30⁴ = 810,000 codes: a clash is rare, and a clash is simply drawn again.
        for (let attempt = 0; attempt < 20; attempt++) {
          const code = randomCode(SHORT_CODE_LENGTH);
          const [taken] = await q.all<{ code: string }>('SELECT code FROM short_codes WHERE code = ?', [code]);
          if (taken) continue;
          await q.run('INSERT INTO short_codes (code, site_id, module_id, section, placement, created_at, created_by, removed, rev) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)',
            [code, siteId, target.moduleId, target.section, placement, now, by, rev]);
          return { code, siteId, ...target, placement, createdAt: now, createdBy: by, retired: false };
        }
        throw new Error('No free short code after 20 draws: the code space is nearly full.');
      });
    },
    async list(siteId) {
      return (await sql.all<CodeRow>('SELECT * FROM short_codes WHERE site_id = ? ORDER BY removed, placement, code', [siteId])).map(fromRow);
    },
    async resolve(code) {
      const found = await find(code);
      return found && !found.retired ? found : null;
    },
    find,
    async retire(code) {
      return sql.tx(async (q) => (await q.run('UPDATE short_codes SET removed = 1, rev = ? WHERE code = ? AND removed = 0', [await nextRev(q), code])) > 0);
    },
    async forSite(siteId, fromRev, upTo) {
      if (fromRev !== null) {
        const [changed] = await sql.all<{ n: unknown }>('SELECT COUNT(*) AS n FROM short_codes WHERE site_id = ? AND rev > ? AND rev <= ?', [siteId, fromRev, upTo]);
        if (Number(changed!.n) === 0) return null;
      }
      const rows = await sql.all<CodeRow>('SELECT * FROM short_codes WHERE site_id = ? AND removed = 0 AND rev <= ? ORDER BY code', [siteId, upTo]);
      return rows.map((r) => codeToWire(r.code, fromRow(r)));
    },
  };
}
