import type { SignoffRow } from '../../shared/console/report.ts';
import type { PinRecord, SignoffRecord } from '../../shared/sync/records.ts';
import type { IngestOutcome } from './record-store.ts';
import { nextRev, requirePerson, requireSite, SiteError } from './roster-rows.ts';
import { placeholders, type Sql } from './sql.ts';
import { storedPage, type StoredBody, type StoredOrderQuery } from './stored-order.ts';
import { queueStatements } from './xapi-outbox-store.ts';

export type { SignoffRow };

type Incoming<R> = readonly { record: R; body: string }[];

/**
 * Learners' PINs and supervisors' passphrases, and what supervisors sign with
 * them on a kiosk: session sign-offs and PIN changes, stored idempotently by
 * record id like learning records.
 */
export interface CredentialStore {
  /** Sets a learner's PIN credential. */
  setPin(personId: string, credential: string): Promise<void>;
  /** Sets a supervisor's passphrase: the verifier goes to kiosks with the roster, the signing key stays here. */
  setPassphrase(personId: string, passphrase: { credential: string; signingKey: string }): Promise<void>;
  ingestSignoffs(items: Incoming<SignoffRecord>, siteId: string, receivedAt: number): Promise<IngestOutcome[]>;
  /** Stores PIN changes and puts the new credential on the person, for every kiosk's next roster delta. */
  ingestPins(items: Incoming<PinRecord>, siteId: string, receivedAt: number): Promise<IngestOutcome[]>;
  signoffs(siteId: string): Promise<SignoffRow[]>;
  /** Every site's sign-offs in the order they were stored: the xAPI feed. */
  storedSignoffs(query: StoredOrderQuery): Promise<StoredBody[]>;
  /** The stored canonical bodies of these sign-offs, for the LRS forwarder. */
  signoffBodies(ids: readonly string[]): Promise<Map<string, string>>;
}

async function repeatStatus(q: Sql, table: 'signoffs' | 'pin_changes', id: string, body: string): Promise<'duplicate' | 'conflict'> {
  const [row] = await q.all<{ body: string }>(`SELECT body FROM ${table} WHERE id = ?`, [id]);
  return row?.body === body ? 'duplicate' : 'conflict';
}

export function credentialStore(sql: Sql): CredentialStore {
  return {
    async setPin(personId, credential) {
      await sql.tx(async (q) => {
        await requirePerson(q, personId);
        await q.run('UPDATE people SET pin = ?, rev = ? WHERE id = ?', [credential, await nextRev(q), personId]);
      });
    },

    async setPassphrase(personId, passphrase) {
      await sql.tx(async (q) => {
        const row = await requirePerson(q, personId);
        if (row.supervisor !== 1) throw new SiteError(409, `${personId} is not a supervisor: mark them "supervisor" in the roster first.`);
        await q.run('UPDATE people SET passphrase = ?, signing_key = ?, rev = ? WHERE id = ?', [passphrase.credential, passphrase.signingKey, await nextRev(q), personId]);
      });
    },

    async ingestSignoffs(items, siteId, receivedAt) {
      if (!items.length) return [];
      return sql.tx(async (q) => {
        const out: IngestOutcome[] = [];
        for (const { record: r, body } of items) {
          const stored = await q.run(`INSERT INTO signoffs (id, site_id, device_id, device_seq, device_at, received_at, supervisor_id, session_type, session_date, topic, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, [r.id, siteId, r.deviceId, r.seq, r.at, receivedAt, r.supervisorId, r.sessionType, r.date, r.topic, body]);
          if (stored) {
            for (const a of r.attendees) await q.run('INSERT INTO signoff_attendees (signoff_id, person_id, outcome, note) VALUES (?, ?, ?, ?)', [r.id, a.personId, a.outcome, a.note]);
            await queueStatements(q, [{ id: r.id, receivedAt }], 'signoff');
          }
          out.push({ id: r.id, status: stored ? 'stored' : await repeatStatus(q, 'signoffs', r.id, body) });
        }
        return out;
      });
    },

    async ingestPins(items, siteId, receivedAt) {
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

    async signoffs(siteId) {
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
    storedSignoffs: (query) => storedPage(sql, 'signoffs', query),
    async signoffBodies(ids) {
      if (!ids.length) return new Map();
      const rows = await sql.all<{ id: string; body: string }>(`SELECT id, body FROM signoffs WHERE id IN (${placeholders(ids)})`, ids);
      return new Map(rows.map((r) => [r.id, r.body]));
    },
  };
}
