import type { DeviceRow } from '../../shared/console/report.ts';
import { createHash, randomInt } from 'node:crypto';
import { READABLE_ALPHABET } from '../../shared/short-code.ts';
import type { Person, SiteInfo } from '../../shared/roster/roster.ts';
import type { Sql } from './sql.ts';

/**
 * What the roster-side stores (sites and people, assignments, devices,
 * credentials and sign-offs, status) share: their error type, the row shapes
 * of the tables they read together, and the roster revision counter that every
 * change a kiosk must hear about bumps.
 */

/** A problem the caller can fix: shown as it is, with a 4xx. */
export class SiteError extends Error {
  /** `siteId`: the site a refused request turned out to concern, for per-site rate limits. */
  constructor(readonly status: 400 | 403 | 404 | 409 | 410, message: string, readonly siteId?: string) {
    super(message);
  }
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A random code of `length` characters a person can read aloud or type from paper (READABLE_ALPHABET). */
export const randomCode = (length: number): string =>
  Array.from({ length }, () => READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)]).join('');
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export interface PersonDbRow { id: string; site_id: string; name: string; lang: string; roles: string; supervisor: number; badge: string | null; pin: string | null; passphrase: string | null; removed: number; first_day: string | null }

export const personFromRow = (r: PersonDbRow): Person => ({
  id: r.id, name: r.name, lang: r.lang, roles: r.roles ? r.roles.split(' ') : [], supervisor: r.supervisor === 1, badge: r.badge, pin: r.pin, passphrase: r.passphrase, firstDay: r.first_day,
});

export type { DeviceRow };

export interface DeviceDbRow { id: string; site_id: string; label: string; enrolled_at: unknown; revoked_at: unknown; revoked_reason: string | null; last_contact_at: unknown; reported_queued: unknown; learner_id: string | null }

export const deviceFromRow = (r: DeviceDbRow): DeviceRow => ({
  id: r.id, siteId: r.site_id, label: r.label, enrolledAt: Number(r.enrolled_at), revokedAt: num(r.revoked_at), revokedReason: r.revoked_reason,
  lastContactAt: num(r.last_contact_at), reportedQueued: num(r.reported_queued), learnerId: r.learner_id ?? null,
});

export async function devicesAt(q: Sql, siteId: string): Promise<DeviceRow[]> {
  return (await q.all<DeviceDbRow>('SELECT * FROM devices WHERE site_id = ? ORDER BY enrolled_at, id', [siteId])).map(deviceFromRow);
}

type SiteDbRow = { id: string; name: string; lang: string; idle_seconds: number; time_zone: string | null };
export const siteFromRow = (r: SiteDbRow): SiteInfo =>
  ({ id: r.id, name: r.name, lang: r.lang, idleSeconds: Number(r.idle_seconds), ...(r.time_zone ? { timeZone: r.time_zone } : {}) });
export const SITE_COLUMNS = 'id, name, lang, idle_seconds, time_zone';

export async function requireSite(q: Sql, id: string): Promise<SiteInfo> {
  const [row] = await q.all<SiteDbRow>(`SELECT ${SITE_COLUMNS} FROM sites WHERE id = ?`, [id]);
  if (!row) throw new SiteError(404, `There is no site "${id}".`);
  return siteFromRow(row);
}

export async function requirePerson(q: Sql, id: string): Promise<PersonDbRow> {
  const [row] = await q.all<PersonDbRow>('SELECT * FROM people WHERE id = ? AND removed = 0', [id]);
  if (!row) throw new SiteError(404, `There is no one with employee number "${id}" on any roster.`);
  return row;
}

/** The people on a site's roster now, by employee number. */
export async function peopleAt(q: Sql, siteId: string): Promise<Person[]> {
  return (await q.all<PersonDbRow>('SELECT * FROM people WHERE site_id = ? AND removed = 0 ORDER BY id', [siteId])).map(personFromRow);
}

/** Everyone ever on a site's roster, removed people too: their completions still count for the site. */
export async function everyoneAt(q: Sql, siteId: string): Promise<string[]> {
  return (await q.all<{ id: string }>('SELECT id FROM people WHERE site_id = ?', [siteId])).map((r) => r.id);
}

/** Everyone ever on a site's roster with their last known roles: reports keep people who left in the groups they were in. */
export async function everyPersonAt(q: Sql, siteId: string): Promise<Person[]> {
  return (await q.all<PersonDbRow>('SELECT * FROM people WHERE site_id = ? ORDER BY id', [siteId])).map(personFromRow);
}

/** The next roster revision; every row a transaction changes carries it. */
export async function nextRev(q: Sql): Promise<number> {
  const [row] = await q.all<{ value: unknown }>("UPDATE counters SET value = value + 1 WHERE name = 'roster' RETURNING value");
  return Number(row!.value);
}
