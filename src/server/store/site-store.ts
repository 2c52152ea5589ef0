import type { PersonInput, SiteInput } from '../../shared/roster/admin-schema.ts';
import { DEFAULT_IDLE_SECONDS } from '../../shared/kiosk/idle.ts';
import { personToWire, type Person, type RosterDelta, type SiteInfo, type WireAssignment } from '../../shared/roster/roster.ts';
import { upsertAssignment } from './assignment-store.ts';
import type { RecordStore } from './record-store.ts';
import type { CampaignStore } from './campaign-store.ts';
import type { CodeStore } from './code-store.ts';
import { everyoneAt, everyPersonAt, nextRev, peopleAt, personFromRow, requireSite, SITE_COLUMNS, siteFromRow, SiteError, type PersonDbRow } from './roster-rows.ts';
import { placeholders, type Sql } from './sql.ts';

export interface Member {
  siteId: string;
  supervisor: boolean;
  removed: boolean;
  /** A supervisor's key for checking the proofs on their records; null until their passphrase is set with one. */
  signingKey: string | null;
}

/** Sites and the people on their rosters, and the roster as a kiosk downloads it. */
export interface SiteStore {
  putSite(id: string, input: SiteInput, now: number): Promise<{ created: boolean; site: SiteInfo }>;
  sites(): Promise<SiteInfo[]>;
  site(id: string): Promise<SiteInfo>;
  /**
   * Adds or updates people of a site in one transaction: either every row
   * lands or none does. Each listed person's own assignments become exactly
   * those given. With `replace`, people of the site not listed are removed.
   * A person on another site's roster (removed there or not) is moved here
   * only with `mayMove` (an admin's import), and only once removed there;
   * without it the import is refused, naming the people but not the site.
   */
  importRoster(siteId: string, people: readonly PersonInput[], replace: boolean, mayMove: boolean): Promise<{ added: number; updated: number; removed: number }>;
  /** Which of these employee numbers belong to a roster other than this site's (removed there or not): a site admin may not take them. */
  elsewhere(siteId: string, ids: readonly string[]): Promise<Set<string>>;
  people(siteId: string): Promise<Person[]>;
  /** Everyone ever on the site's roster, people who left too (with the roles they last had). */
  everyone(siteId: string): Promise<Person[]>;
  /** Who these ids are, for checking what a device of a site may record. */
  members(ids: readonly string[]): Promise<Map<string, Member>>;
  /**
   * The roster changes since a cursor, or all of it. Revisions are read up
   * to the counter's value at the start, so a transaction committing during
   * this read is sent next time, never skipped.
   */
  rosterDelta(siteId: string, since: string | null, now: number): Promise<RosterDelta>;
}

/** Known completions re-sent after this much overlap: a late commit or a small server clock step is not missed. */
const DONE_OVERLAP_MS = 10 * 60_000;

export function siteStore(sql: Sql, records: RecordStore, campaigns: CampaignStore, codes: CodeStore): SiteStore {
  return {
    async putSite(id, input, now) {
      return sql.tx(async (q) => {
        const rev = await nextRev(q);
        const idle = input.idleSeconds ?? DEFAULT_IDLE_SECONDS;
        const zone = input.timeZone ?? null;
        const updated = await q.run('UPDATE sites SET name = ?, lang = ?, idle_seconds = ?, time_zone = ?, rev = ? WHERE id = ?', [input.name, input.lang, idle, zone, rev, id]);
        if (!updated) await q.run('INSERT INTO sites (id, name, lang, idle_seconds, time_zone, created_at, rev) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, input.name, input.lang, idle, zone, now, rev]);
        return { created: !updated, site: { id, name: input.name, lang: input.lang, idleSeconds: idle, ...(zone ? { timeZone: zone } : {}) } };
      });
    },

    async sites() {
      return (await sql.all<Parameters<typeof siteFromRow>[0]>(`SELECT ${SITE_COLUMNS} FROM sites ORDER BY id`)).map(siteFromRow);
    },

    site: (id) => requireSite(sql, id),

    async importRoster(siteId, people, replace, mayMove) {
      return sql.tx(async (q) => {
        await requireSite(q, siteId);
        const ids = people.map((p) => p.id);
        const existing = new Map<string, PersonDbRow>();
        for (const row of await q.all<PersonDbRow>(`SELECT * FROM people WHERE id IN (${placeholders(ids)})`, ids)) existing.set(row.id, row);
        const others = people.filter((p) => { const o = existing.get(p.id); return o && o.site_id !== siteId; });
        if (others.length && !mayMove) {
          // Checked again here, in the import's own transaction: the caller's row-by-row check may be a moment old.
          throw new SiteError(409, `people: ${others.map((p) => p.id).join(', ')} belong to another site's roster; only an admin can move someone between sites.`);
        }
        for (const p of others) {
          const other = existing.get(p.id)!;
          if (other.removed === 0) throw new SiteError(409, `people: ${p.id} is on the roster of site "${other.site_id}"; remove them there first.`);
        }
        const rev = await nextRev(q);
        let added = 0;
        let updated = 0;
        for (const p of people) {
          const values = [siteId, p.name, p.lang, p.roles.join(' '), p.supervisor ? 1 : 0, p.badge ?? null, p.firstDay ?? null];
          if (existing.has(p.id)) {
            // A person who stops being a supervisor loses their passphrase with the role.
            await q.run(`UPDATE people SET site_id = ?, name = ?, lang = ?, roles = ?, supervisor = ?, badge = ?, first_day = ?, removed = 0, rev = ?,
              passphrase = CASE WHEN ? = 1 THEN passphrase ELSE NULL END, signing_key = CASE WHEN ? = 1 THEN signing_key ELSE NULL END WHERE id = ?`,
              [...values, rev, p.supervisor ? 1 : 0, p.supervisor ? 1 : 0, p.id]);
            updated++;
          } else {
            await q.run('INSERT INTO people (id, site_id, name, lang, roles, supervisor, badge, first_day, pin, passphrase, removed, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?)', [p.id, ...values, rev]);
            added++;
          }
          await q.run("UPDATE assignments SET removed = 1, rev = ? WHERE site_id = ? AND target = ? AND removed = 0", [rev, siteId, `person:${p.id}`]);
          for (const m of p.modules) await upsertAssignment(q, siteId, `person:${p.id}`, m.moduleId, m.due, false, rev);
        }
        let removed = 0;
        if (replace) {
          removed = await q.run(`UPDATE people SET removed = 1, rev = ? WHERE site_id = ? AND removed = 0 AND id NOT IN (${placeholders(ids)})`, [rev, siteId, ...ids]);
        }
        return { added, updated, removed };
      });
    },

    async people(siteId) {
      return peopleAt(sql, siteId);
    },

    everyone: (siteId) => everyPersonAt(sql, siteId),

    async elsewhere(siteId, ids) {
      if (!ids.length) return new Set();
      const rows = await sql.all<{ id: string }>(`SELECT id FROM people WHERE site_id <> ? AND id IN (${placeholders(ids)})`, [siteId, ...ids]);
      return new Set(rows.map((r) => r.id));
    },

    async members(ids) {
      const unique = [...new Set(ids)];
      if (!unique.length) return new Map();
      const rows = await sql.all<{ id: string; site_id: string; supervisor: number; removed: number; signing_key: string | null }>(
        `SELECT id, site_id, supervisor, removed, signing_key FROM people WHERE id IN (${placeholders(unique)})`, unique);
      return new Map(rows.map((r) => [r.id, { siteId: r.site_id, supervisor: r.supervisor === 1, removed: r.removed === 1, signingKey: r.signing_key }]));
    },

    async rosterDelta(siteId, since, now) {
      const site = await requireSite(sql, siteId);
      const [counter] = await sql.all<{ value: unknown }>("SELECT value FROM counters WHERE name = 'roster'");
      const upTo = Number(counter!.value);
      const m = since ? /^(\d{1,15})\.(\d{1,15})$/.exec(since) : null;
      const fromRev = m ? Number(m[1]) : 0;
      const full = !m || fromRev > upTo;
      const people = full
        ? await sql.all<PersonDbRow>('SELECT * FROM people WHERE site_id = ? AND removed = 0 AND rev <= ? ORDER BY id', [siteId, upTo])
        : await sql.all<PersonDbRow>('SELECT * FROM people WHERE site_id = ? AND rev > ? AND rev <= ? ORDER BY id', [siteId, fromRev, upTo]);
      const assignments = await sql.all<{ target: string; module_id: string; due: string; removed: number }>(
        full ? 'SELECT target, module_id, due, removed FROM assignments WHERE site_id = ? AND removed = 0 AND rev <= ? ORDER BY target, module_id'
          : 'SELECT target, module_id, due, removed FROM assignments WHERE site_id = ? AND rev > ? AND rev <= ? ORDER BY target, module_id',
        full ? [siteId, upTo] : [siteId, fromRev, upTo]);
      const done = await records.firstCompletions(await everyoneAt(sql, siteId), full ? 0 : Number(m![2]));
      return {
        v: 1, site, full, cursor: `${upTo}.${Math.max(0, now - DONE_OVERLAP_MS)}`,
        people: people.map((r) => personToWire(personFromRow(r), r.removed === 1)),
        assignments: assignments.map((a): WireAssignment => [a.target, a.module_id, a.due, a.removed === 1 ? 1 : 0]),
        done: done.map((d) => [d.learnerId, d.moduleId, d.at]),
        campaigns: await campaigns.forSite(siteId, full ? null : fromRev, upTo),
        codes: await codes.forSite(siteId, full ? null : fromRev, upTo),
      };
    },
  };
}
