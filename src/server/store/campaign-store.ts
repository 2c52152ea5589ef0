import { campaignToWire, type CampaignDefinition, type CampaignSummary, type WireCampaign } from '../../shared/campaign/campaign.ts';
import { nextRev } from './roster-rows.ts';
import type { Sql } from './sql.ts';

/** Campaigns as L&D define them, and the part of them each site's kiosks receive. */
export interface CampaignStore {
  list(): Promise<CampaignSummary[]>;
  campaign(id: string): Promise<CampaignSummary | null>;
  /** Every campaign ever defined, removed ones too: their reports were released, and the privacy rule counts them. */
  history(): Promise<CampaignSummary[]>;
  /** Creates or replaces a campaign; its kiosks hear of it in their next roster delta. */
  put(definition: CampaignDefinition, now: number): Promise<{ created: boolean }>;
  remove(id: string, now: number): Promise<boolean>;
  /** Ids of the campaigns that run or ran at this site, removed ones too: what its kiosks' events may name. */
  ranAt(siteId: string): Promise<Set<string>>;
  /** Every campaign of the site, when any campaign changed in (fromRev, upTo] or fromRev is null; otherwise null. */
  forSite(siteId: string, fromRev: number | null, upTo: number): Promise<WireCampaign[] | null>;
}

interface CampaignRow { id: string; definition: string; removed: number; rev: unknown; updated_at: unknown }

const fromRow = (r: CampaignRow): CampaignSummary => ({ ...(JSON.parse(r.definition) as CampaignDefinition), updatedAt: Number(r.updated_at) });

/** The kiosk's part only: where it runs, whether it is a pilot and when its reports stop counting stay on the server. */
const forKiosk = ({ sites: _sites, pilot: _pilot, end: _end, ...campaign }: CampaignDefinition) => campaign;

export function campaignStore(sql: Sql): CampaignStore {
  const live = async (q: Sql, upTo = Number.MAX_SAFE_INTEGER) =>
    (await q.all<CampaignRow>('SELECT * FROM campaigns WHERE removed = 0 AND rev <= ? ORDER BY id', [upTo])).map(fromRow);
  const history = async () => (await sql.all<CampaignRow>('SELECT * FROM campaigns ORDER BY id')).map(fromRow);
  return {
    list: () => live(sql),
    history,
    async ranAt(siteId) {
      return new Set((await history()).filter((c) => c.sites.includes(siteId)).map((c) => c.id));
    },
    async campaign(id) {
      const [row] = await sql.all<CampaignRow>('SELECT * FROM campaigns WHERE id = ? AND removed = 0', [id]);
      return row ? fromRow(row) : null;
    },
    async put(definition, now) {
      return sql.tx(async (q) => {
        const rev = await nextRev(q);
        const text = JSON.stringify(definition);
        const updated = await q.run('UPDATE campaigns SET definition = ?, removed = 0, rev = ?, updated_at = ? WHERE id = ?', [text, rev, now, definition.id]);
        if (!updated) await q.run('INSERT INTO campaigns (id, definition, removed, rev, updated_at) VALUES (?, ?, 0, ?, ?)', [definition.id, text, rev, now]);
        return { created: !updated };
      });
    },
    async remove(id, now) {
      return sql.tx(async (q) => (await q.run('UPDATE campaigns SET removed = 1, rev = ?, updated_at = ? WHERE id = ? AND removed = 0', [await nextRev(q), now, id])) > 0);
    },
    async forSite(siteId, fromRev, upTo) {
      if (fromRev !== null) {
        const [changed] = await sql.all<{ n: unknown }>('SELECT COUNT(*) AS n FROM campaigns WHERE rev > ? AND rev <= ?', [fromRev, upTo]);
        if (Number(changed!.n) === 0) return null;
      }
      return (await live(sql, upTo)).filter((c) => c.sites.includes(siteId)).map((c) => campaignToWire(forKiosk(c)));
    },
  };
}
