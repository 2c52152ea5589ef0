import { createHash, randomBytes, randomInt } from 'node:crypto';
import {
  assignmentsFor, isOverdue, personToWire, type Assignment, type AssignmentTarget, type Person, type RosterDelta, type SiteInfo, type WireAssignment,
} from '../../shared/roster/roster.ts';
import type { AssignmentInput, PersonInput, SiteInput } from '../../shared/roster/admin-schema.ts';
import { DEFAULT_IDLE_SECONDS } from '../../shared/kiosk/idle.ts';
import type { PinRecord, SignoffRecord } from '../../shared/sync/records.ts';
import type { IngestOutcome } from './record-store.ts';
import type { Sql } from './sql.ts';

/** A problem the caller can fix: shown as it is, with a 4xx. */
export class SiteError extends Error {
  /** `siteId`: the site a refused request turned out to concern, for per-site rate limits. */
  constructor(readonly status: 400 | 403 | 404 | 409 | 410, message: string, readonly siteId?: string) {
    super(message);
  }
}

export interface DeviceRow {
  id: string;
  siteId: string;
  label: string;
  enrolledAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  lastContactAt: number | null;
  /** Records the device said it still had queued at its last contact. */
  reportedQueued: number | null;
}

export interface Member {
  siteId: string;
  supervisor: boolean;
  removed: boolean;
  /** A supervisor's key for checking the proofs on their records; null until their passphrase is set with one. */
  signingKey: string | null;
}

export type CompletionState =
  | { state: 'done'; doneAt: number }
  | { state: 'waiting'; devices: { id: string; label: string; lastContactAt: number | null }[] }
  | { state: 'not-done' };

export interface SiteStatus {
  site: SiteInfo;
  devices: DeviceRow[];
  learners: { id: string; name: string; modules: ({ moduleId: string; due: string; overdue: boolean } & CompletionState)[] }[];
}

export interface SignoffRow {
  id: string;
  supervisorId: string;
  sessionType: string;
  date: string;
  topic: string;
  deviceId: string;
  receivedAt: number;
  attendees: { personId: string; outcome: string; note: string }[];
}

/** Known completions re-sent after this much overlap: a late commit or a small server clock step is not missed. */
const DONE_OVERLAP_MS = 10 * 60_000;
/** No 0/O, 1/I/L, U: a code read aloud or typed from paper comes out right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** What people type for a code: any case, with or without dashes and spaces. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

interface PersonDbRow { id: string; site_id: string; name: string; lang: string; roles: string; supervisor: number; badge: string | null; pin: string | null; passphrase: string | null; removed: number }
interface DeviceDbRow { id: string; site_id: string; label: string; enrolled_at: unknown; revoked_at: unknown; revoked_reason: string | null; last_contact_at: unknown; reported_queued: unknown }

const personFromRow = (r: PersonDbRow): Person => ({
  id: r.id, name: r.name, lang: r.lang, roles: r.roles ? r.roles.split(' ') : [], supervisor: r.supervisor === 1, badge: r.badge, pin: r.pin, passphrase: r.passphrase,
});
const deviceFromRow = (r: DeviceDbRow): DeviceRow => ({
  id: r.id, siteId: r.site_id, label: r.label, enrolledAt: Number(r.enrolled_at), revokedAt: num(r.revoked_at), revokedReason: r.revoked_reason,
  lastContactAt: num(r.last_contact_at), reportedQueued: num(r.reported_queued),
});
const siteFromRow = (r: { id: string; name: string; lang: string; idle_seconds: number }): SiteInfo => ({ id: r.id, name: r.name, lang: r.lang, idleSeconds: Number(r.idle_seconds) });
const targetOf = (a: AssignmentInput): AssignmentTarget => (a.role !== undefined ? `role:${a.role}` : `person:${a.person!}`);

/** The next roster revision; every row a transaction changes carries it. */
async function nextRev(q: Sql): Promise<number> {
  const [row] = await q.all<{ value: unknown }>("UPDATE counters SET value = value + 1 WHERE name = 'roster' RETURNING value");
  return Number(row!.value);
}

/**
 * Sites, their people and assignments, enrolled devices, sign-offs and PIN
 * changes: one implementation over `Sql`, so SQLite and PostgreSQL behave the same.
 */
export function siteStore(sql: Sql) {
  const requireSite = async (q: Sql, id: string): Promise<SiteInfo> => {
    const [row] = await q.all<{ id: string; name: string; lang: string; idle_seconds: number }>('SELECT id, name, lang, idle_seconds FROM sites WHERE id = ?', [id]);
    if (!row) throw new SiteError(404, `There is no site "${id}".`);
    return siteFromRow(row);
  };

  const requirePerson = async (q: Sql, id: string): Promise<PersonDbRow> => {
    const [row] = await q.all<PersonDbRow>('SELECT * FROM people WHERE id = ? AND removed = 0', [id]);
    if (!row) throw new SiteError(404, `There is no one with employee number "${id}" on any roster.`);
    return row;
  };

  /** "learner module" of every assignment at a site. */
  const assignedPairs = async (siteId: string): Promise<Set<string>> => {
    const [people, assignments] = await Promise.all([store.people(siteId), store.assignments(siteId)]);
    return new Set(people.flatMap((p) => assignmentsFor(p, assignments).map((a) => `${p.id} ${a.moduleId}`)));
  };

  const devicesAt = async (siteId: string) =>
    (await sql.all<DeviceDbRow>('SELECT * FROM devices WHERE site_id = ? ORDER BY enrolled_at, id', [siteId])).map(deviceFromRow);

  const store = {
    async putSite(id: string, input: SiteInput, now: number): Promise<{ created: boolean; site: SiteInfo }> {
      return sql.tx(async (q) => {
        const rev = await nextRev(q);
        const idle = input.idleSeconds ?? DEFAULT_IDLE_SECONDS;
        const updated = await q.run('UPDATE sites SET name = ?, lang = ?, idle_seconds = ?, rev = ? WHERE id = ?', [input.name, input.lang, idle, rev, id]);
        if (!updated) await q.run('INSERT INTO sites (id, name, lang, idle_seconds, created_at, rev) VALUES (?, ?, ?, ?, ?, ?)', [id, input.name, input.lang, idle, now, rev]);
        return { created: !updated, site: { id, name: input.name, lang: input.lang, idleSeconds: idle } };
      });
    },

    async sites(): Promise<SiteInfo[]> {
      return (await sql.all<{ id: string; name: string; lang: string; idle_seconds: number }>('SELECT id, name, lang, idle_seconds FROM sites ORDER BY id')).map(siteFromRow);
    },

    site: (id: string) => requireSite(sql, id),

    /**
     * Adds or updates people of a site in one transaction: either every row
     * lands or none does. Each listed person's own assignments become exactly
     * those given. With `replace`, people of the site not listed are removed.
     */
    async importRoster(siteId: string, people: readonly PersonInput[], replace: boolean): Promise<{ added: number; updated: number; removed: number }> {
      return sql.tx(async (q) => {
        await requireSite(q, siteId);
        const ids = people.map((p) => p.id);
        const existing = new Map<string, PersonDbRow>();
        for (const row of await q.all<PersonDbRow>(`SELECT * FROM people WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)) existing.set(row.id, row);
        for (const p of people) {
          const other = existing.get(p.id);
          if (other && other.site_id !== siteId && other.removed === 0) {
            throw new SiteError(409, `people: ${p.id} is on the roster of site "${other.site_id}"; remove them there first.`);
          }
        }
        const rev = await nextRev(q);
        let added = 0;
        let updated = 0;
        for (const p of people) {
          const values = [siteId, p.name, p.lang, p.roles.join(' '), p.supervisor ? 1 : 0, p.badge ?? null];
          if (existing.has(p.id)) {
            // A person who stops being a supervisor loses their passphrase with the role.
            await q.run(`UPDATE people SET site_id = ?, name = ?, lang = ?, roles = ?, supervisor = ?, badge = ?, removed = 0, rev = ?,
              passphrase = CASE WHEN ? = 1 THEN passphrase ELSE NULL END, signing_key = CASE WHEN ? = 1 THEN signing_key ELSE NULL END WHERE id = ?`,
              [...values, rev, p.supervisor ? 1 : 0, p.supervisor ? 1 : 0, p.id]);
            updated++;
          } else {
            await q.run('INSERT INTO people (id, site_id, name, lang, roles, supervisor, badge, pin, passphrase, removed, rev) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?)', [p.id, ...values, rev]);
            added++;
          }
          await q.run("UPDATE assignments SET removed = 1, rev = ? WHERE site_id = ? AND target = ? AND removed = 0", [rev, siteId, `person:${p.id}`]);
          for (const m of p.modules) await upsertAssignment(q, siteId, `person:${p.id}`, m.moduleId, m.due, false, rev);
        }
        let removed = 0;
        if (replace) {
          removed = await q.run(`UPDATE people SET removed = 1, rev = ? WHERE site_id = ? AND removed = 0 AND id NOT IN (${ids.map(() => '?').join(', ')})`, [rev, siteId, ...ids]);
        }
        return { added, updated, removed };
      });
    },

    async setAssignment(siteId: string, input: AssignmentInput): Promise<void> {
      await sql.tx(async (q) => {
        await requireSite(q, siteId);
        await upsertAssignment(q, siteId, targetOf(input), input.moduleId, input.due, input.remove, await nextRev(q));
      });
    },

    async assignments(siteId: string): Promise<Assignment[]> {
      const rows = await sql.all<{ target: AssignmentTarget; module_id: string; due: string }>('SELECT target, module_id, due FROM assignments WHERE site_id = ? AND removed = 0 ORDER BY target, module_id', [siteId]);
      return rows.map((r) => ({ target: r.target, moduleId: r.module_id, due: r.due }));
    },

    async people(siteId: string): Promise<Person[]> {
      return (await sql.all<PersonDbRow>('SELECT * FROM people WHERE site_id = ? AND removed = 0 ORDER BY id', [siteId])).map(personFromRow);
    },

    /** Sets a learner's PIN credential. */
    async setPin(personId: string, credential: string): Promise<void> {
      await sql.tx(async (q) => {
        await requirePerson(q, personId);
        await q.run('UPDATE people SET pin = ?, rev = ? WHERE id = ?', [credential, await nextRev(q), personId]);
      });
    },

    /** Sets a supervisor's passphrase: the verifier goes to kiosks with the roster, the signing key stays here. */
    async setPassphrase(personId: string, passphrase: { credential: string; signingKey: string }): Promise<void> {
      await sql.tx(async (q) => {
        const row = await requirePerson(q, personId);
        if (row.supervisor !== 1) throw new SiteError(409, `${personId} is not a supervisor: mark them "supervisor" in the roster first.`);
        await q.run('UPDATE people SET passphrase = ?, signing_key = ?, rev = ? WHERE id = ?', [passphrase.credential, passphrase.signingKey, await nextRev(q), personId]);
      });
    },

    /** A one-time code that enrolls one kiosk at a site. Only its hash is kept. */
    async createEnrollmentCode(siteId: string, label: string, validMs: number, now: number, forDevice: string | null = null): Promise<{ code: string; expiresAt: number }> {
      await requireSite(sql, siteId);
      if (forDevice !== null) {
        const [known] = await sql.all<{ id: string }>('SELECT id FROM devices WHERE id = ?', [forDevice]);
        if (!known) throw new SiteError(404, `There is no enrolled device "${forDevice}" to enroll again: leave the device out for a new kiosk.`);
      }
      const raw = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      const expiresAt = now + validMs;
      await sql.run('INSERT INTO enrollment_codes (code_hash, site_id, label, created_at, expires_at, used_at, device_id, for_device) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)',
        [sha256(raw), siteId, label, now, expiresAt, forDevice]);
      return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, expiresAt };
    },

    /**
     * Trades a code for a device credential. A device id that is already
     * enrolled (revoked or not) is enrolled again only with a code made for
     * that device: that is how an admin lets a revoked kiosk's queued records
     * in, and why a code alone can never take over another kiosk's id.
     */
    async enroll(code: string, deviceId: string, now: number, admit: (siteId: string) => void = () => undefined): Promise<{ token: string; site: SiteInfo }> {
      return sql.tx(async (q) => {
        const [row] = await q.all<{ site_id: string; label: string; expires_at: unknown; used_at: unknown; for_device: string | null }>(
          'SELECT site_id, label, expires_at, used_at, for_device FROM enrollment_codes WHERE code_hash = ?', [sha256(normaliseCode(code))]);
        if (!row) throw new SiteError(404, 'This enrollment code is not known: check it, or ask an administrator for a new one.');
        // The code names its site only now: a site under attack is held back here, before anything is issued.
        admit(row.site_id);
        if (row.used_at !== null) throw new SiteError(410, 'This enrollment code was already used: each code enrolls one kiosk. Ask an administrator for a new one.', row.site_id);
        if (Number(row.expires_at) <= now) throw new SiteError(410, 'This enrollment code has expired. Ask an administrator for a new one.', row.site_id);
        const [existing] = await q.all<{ id: string }>('SELECT id FROM devices WHERE id = ?', [deviceId]);
        if (row.for_device !== null && row.for_device !== deviceId) throw new SiteError(409, 'This code enrolls one particular kiosk again, not this one. Ask an administrator for a code for this kiosk.', row.site_id);
        if (existing && row.for_device !== deviceId) {
          throw new SiteError(409, `This kiosk (${deviceId}) is already enrolled. To enroll it again, an administrator makes a re-enrollment code for this device.`, row.site_id);
        }
        const site = await requireSite(q, row.site_id);
        const token = randomBytes(32).toString('base64url');
        const changed = await q.run('UPDATE devices SET site_id = ?, label = ?, token_hash = ?, enrolled_at = ?, revoked_at = NULL, revoked_reason = NULL WHERE id = ?',
          [site.id, row.label, sha256(token), now, deviceId]);
        if (!changed) {
          await q.run('INSERT INTO devices (id, site_id, label, token_hash, enrolled_at, revoked_at, revoked_reason, last_contact_at, reported_queued) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)',
            [deviceId, site.id, row.label, sha256(token), now]);
        }
        await q.run('UPDATE enrollment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?', [now, deviceId, sha256(normaliseCode(code))]);
        return { token, site };
      });
    },

    async deviceForToken(token: string): Promise<DeviceRow | null> {
      const [row] = await sql.all<DeviceDbRow>('SELECT * FROM devices WHERE token_hash = ?', [sha256(token)]);
      return row ? deviceFromRow(row) : null;
    },

    async devices(siteId: string): Promise<DeviceRow[]> {
      await requireSite(sql, siteId);
      return devicesAt(siteId);
    },

    async revokeDevice(deviceId: string, reason: string, now: number): Promise<DeviceRow> {
      await sql.run('UPDATE devices SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL', [now, reason, deviceId]);
      const [row] = await sql.all<DeviceDbRow>('SELECT * FROM devices WHERE id = ?', [deviceId]);
      if (!row) throw new SiteError(404, `There is no enrolled device "${deviceId}".`);
      return deviceFromRow(row);
    },

    /**
     * Notes a device's contact: when, how much it still had queued, and which
     * completions wait on it. A report replaces the device's last one, so an
     * entry it stops reporting is gone; only learners of the device's own
     * site, for modules assigned to them, are believed.
     */
    async recordContact(device: Pick<DeviceRow, 'id' | 'siteId'>, now: number, queued: number | null, pending: readonly [string, string][] | null): Promise<void> {
      const assigned = pending?.length ? await assignedPairs(device.siteId) : new Set<string>();
      await sql.tx(async (q) => {
        const deviceId = device.id;
        await q.run('UPDATE devices SET last_contact_at = ?, reported_queued = COALESCE(?, reported_queued) WHERE id = ?', [now, queued, deviceId]);
        if (pending === null) return;
        await q.run('DELETE FROM device_pending WHERE device_id = ?', [deviceId]);
        const unique = new Map(pending.filter(([learner, module]) => assigned.has(`${learner} ${module}`)).map(([learner, module]) => [`${learner} ${module}`, [learner, module] as const]));
        for (const [learner, module] of unique.values()) {
          await q.run('INSERT INTO device_pending (device_id, learner_id, module_id) VALUES (?, ?, ?)', [deviceId, learner, module]);
        }
      });
    },

    /** Who these ids are, for checking what a device of `siteId` may record. */
    async members(ids: readonly string[]): Promise<Map<string, Member>> {
      const unique = [...new Set(ids)];
      if (!unique.length) return new Map();
      const rows = await sql.all<{ id: string; site_id: string; supervisor: number; removed: number; signing_key: string | null }>(
        `SELECT id, site_id, supervisor, removed, signing_key FROM people WHERE id IN (${unique.map(() => '?').join(', ')})`, unique);
      return new Map(rows.map((r) => [r.id, { siteId: r.site_id, supervisor: r.supervisor === 1, removed: r.removed === 1, signingKey: r.signing_key }]));
    },

    /**
     * The roster changes since a cursor, or all of it. Revisions are read up
     * to the counter's value at the start, so a transaction committing during
     * this read is sent next time, never skipped.
     */
    async rosterDelta(siteId: string, since: string | null, now: number): Promise<RosterDelta> {
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
      const doneSince = full ? 0 : Number(m![2]);
      const done = await sql.all<{ learner_id: string; module_id: string; at: unknown }>(
        `SELECT r.learner_id, r.module_id, MIN(r.device_at) AS at FROM learning_records r JOIN people p ON p.id = r.learner_id
         WHERE p.site_id = ? AND r.kind = 'completion' AND r.received_at >= ? GROUP BY r.learner_id, r.module_id ORDER BY r.learner_id, r.module_id`, [siteId, doneSince]);
      return {
        v: 1, site, full, cursor: `${upTo}.${Math.max(0, now - DONE_OVERLAP_MS)}`,
        people: people.map((r) => personToWire(personFromRow(r), r.removed === 1)),
        assignments: assignments.map((a): WireAssignment => [a.target, a.module_id, a.due, a.removed === 1 ? 1 : 0]),
        done: done.map((d) => [d.learner_id, d.module_id, Number(d.at)]),
      };
    },

    async ingestSignoffs(items: readonly { record: SignoffRecord; body: string }[], siteId: string, receivedAt: number): Promise<IngestOutcome[]> {
      if (!items.length) return [];
      return sql.tx(async (q) => {
        const out: IngestOutcome[] = [];
        for (const { record: r, body } of items) {
          const stored = await q.run(`INSERT INTO signoffs (id, site_id, device_id, device_seq, device_at, received_at, supervisor_id, session_type, session_date, topic, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, [r.id, siteId, r.deviceId, r.seq, r.at, receivedAt, r.supervisorId, r.sessionType, r.date, r.topic, body]);
          if (stored) {
            for (const a of r.attendees) await q.run('INSERT INTO signoff_attendees (signoff_id, person_id, outcome, note) VALUES (?, ?, ?, ?)', [r.id, a.personId, a.outcome, a.note]);
          }
          out.push({ id: r.id, status: stored ? 'stored' : await repeatStatus(q, 'signoffs', r.id, body) });
        }
        return out;
      });
    },

    /** Stores PIN changes and puts the new credential on the person, for every kiosk's next roster delta. */
    async ingestPins(items: readonly { record: PinRecord; body: string }[], siteId: string, receivedAt: number): Promise<IngestOutcome[]> {
      if (!items.length) return [];
      return sql.tx(async (q) => {
        let rev: number | null = null;
        const out: IngestOutcome[] = [];
        for (const { record: r, body } of items) {
          const stored = await q.run(`INSERT INTO pin_changes (id, site_id, device_id, device_at, received_at, supervisor_id, person_id, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, [r.id, siteId, r.deviceId, r.at, receivedAt, r.supervisorId, r.personId, body]);
          if (stored) await q.run('UPDATE people SET pin = ?, rev = ? WHERE id = ?', [r.credential, (rev ??= await nextRev(q)), r.personId]);
          out.push({ id: r.id, status: stored ? 'stored' : await repeatStatus(q, 'pin_changes', r.id, body) });
        }
        return out;
      });
    },

    async signoffs(siteId: string): Promise<SignoffRow[]> {
      await requireSite(sql, siteId);
      const rows = await sql.all<{ id: string; supervisor_id: string; session_type: string; session_date: string; topic: string; device_id: string; received_at: unknown }>(
        'SELECT id, supervisor_id, session_type, session_date, topic, device_id, received_at FROM signoffs WHERE site_id = ? ORDER BY session_date, id', [siteId]);
      const attendees = await sql.all<{ signoff_id: string; person_id: string; outcome: string; note: string }>(
        'SELECT a.signoff_id, a.person_id, a.outcome, a.note FROM signoff_attendees a JOIN signoffs s ON s.id = a.signoff_id WHERE s.site_id = ? ORDER BY a.person_id', [siteId]);
      return rows.map((r) => ({
        id: r.id, supervisorId: r.supervisor_id, sessionType: r.session_type, date: r.session_date, topic: r.topic, deviceId: r.device_id, receivedAt: Number(r.received_at),
        attendees: attendees.filter((a) => a.signoff_id === r.id).map((a) => ({ personId: a.person_id, outcome: a.outcome, note: a.note })),
      }));
    },

    /**
     * Every learner's assigned modules as the server can honestly tell:
     * done (a completion is stored), waiting (a device of the site reported
     * one queued, with when it was last seen), or not done.
     */
    async status(siteId: string, today: string): Promise<SiteStatus> {
      const site = await requireSite(sql, siteId);
      const [people, assignments, devices] = await Promise.all([store.people(siteId), store.assignments(siteId), devicesAt(siteId)]);
      const done = new Map<string, number>();
      for (const row of await sql.all<{ learner_id: string; module_id: string; at: unknown }>(
        `SELECT r.learner_id, r.module_id, MIN(r.device_at) AS at FROM learning_records r JOIN people p ON p.id = r.learner_id
         WHERE p.site_id = ? AND r.kind = 'completion' GROUP BY r.learner_id, r.module_id`, [siteId])) done.set(`${row.learner_id} ${row.module_id}`, Number(row.at));
      const waiting = new Map<string, { id: string; label: string; lastContactAt: number | null }[]>();
      for (const row of await sql.all<{ learner_id: string; module_id: string; device_id: string }>(
        'SELECT p.learner_id, p.module_id, p.device_id FROM device_pending p JOIN devices d ON d.id = p.device_id WHERE d.site_id = ?', [siteId])) {
        const device = devices.find((d) => d.id === row.device_id)!;
        const key = `${row.learner_id} ${row.module_id}`;
        waiting.set(key, [...(waiting.get(key) ?? []), { id: device.id, label: device.label, lastContactAt: device.lastContactAt }]);
      }
      const learners = people.map((p) => ({
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
  return store;
}

export type SiteStore = ReturnType<typeof siteStore>;

async function upsertAssignment(q: Sql, siteId: string, target: string, moduleId: string, due: string, remove: boolean, rev: number): Promise<void> {
  await q.run(`INSERT INTO assignments (site_id, target, module_id, due, removed, rev) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (site_id, target, module_id) DO UPDATE SET due = excluded.due, removed = excluded.removed, rev = excluded.rev`, [siteId, target, moduleId, due, remove ? 1 : 0, rev]);
}

async function repeatStatus(q: Sql, table: 'signoffs' | 'pin_changes', id: string, body: string): Promise<'duplicate' | 'conflict'> {
  const [row] = await q.all<{ body: string }>(`SELECT body FROM ${table} WHERE id = ?`, [id]);
  return row?.body === body ? 'duplicate' : 'conflict';
}
