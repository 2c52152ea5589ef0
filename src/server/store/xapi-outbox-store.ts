import type { ForwardingStatus, SettledRow } from '../../shared/console/lrs.ts';
import type { LrsEndpoint } from '../xapi/lrs-endpoint.ts';
import { placeholders, type Sql } from './sql.ts';

/**
 * The server's own outbox towards a learning record store: one row per
 * stored learning record or sign-off, written in the same transaction as the
 * record (queueStatements), so a record the server acknowledged is a record
 * it will forward, whatever restarts or outages come between. Rows are
 * claimed in the database with a lease, so several server instances forward
 * without sending one twice at once; a row whose claimer died is claimed
 * again when its lease runs out (the LRS takes the re-send as a repeat:
 * statement ids come from the record).
 */
export type OutboxSource = 'record' | 'signoff';

export interface OutboxRow {
  recordId: string;
  source: OutboxSource;
  receivedAt: number;
  attempts: number;
}

/** The LRS an admin set in the console: the secret is stored to be used, and never read back out to a page. */
export interface LrsSettings extends LrsEndpoint {
  /** The address statements are said under, fixed when the LRS was first set so that they never change. */
  homePage: string;
  changedAt: number;
  changedBy: string;
}

export interface XapiOutboxStore {
  /** Up to `limit` waiting rows that are due and not leased to anyone, leased to `claimer` until `leaseUntil`; oldest stored first. */
  claim(claimer: string, now: number, leaseUntil: number, limit: number): Promise<OutboxRow[]>;
  /** The LRS took them: gone from the outbox (only rows still leased to `claimer`). */
  sent(recordIds: readonly string[], claimer: string, statements: number, now: number): Promise<void>;
  /** Not now (the LRS down or refusing everyone): back in the queue, due at `nextAt`. */
  retryLater(recordIds: readonly string[], claimer: string, nextAt: number, reason: string, now: number): Promise<void>;
  /** The LRS will never take this one as it is: kept with its reason, not retried. */
  settle(recordId: string, claimer: string, state: SettledRow['state'], reason: string, now: number): Promise<void>;
  status(): Promise<ForwardingStatus>;
  lrsSettings(): Promise<LrsSettings | null>;
  /** Sets the console's LRS, or (null) removes it. */
  setLrsSettings(settings: LrsSettings | null): Promise<void>;
}

/** For the stores that own records: queues their new rows inside the transaction that stores them. */
export async function queueStatements(q: Sql, rows: readonly { id: string; receivedAt: number }[], source: OutboxSource): Promise<void> {
  if (!rows.length) return;
  await q.run(
    `INSERT INTO xapi_outbox (record_id, source, received_at, state, attempts, next_at) VALUES ${rows.map(() => "(?, ?, ?, 'waiting', 0, 0)").join(', ')} ON CONFLICT (record_id) DO NOTHING`,
    rows.flatMap((r) => [r.id, source, r.receivedAt]));
}

const LATEST = 20;

export function xapiOutboxStore(sql: Sql): XapiOutboxStore {
  const note = (q: Sql, name: 'sent' | 'failed', at: number, detail: string) =>
    q.run('INSERT INTO xapi_forwarding (name, at, detail) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at, detail = excluded.detail', [name, at, detail]);
  return {
    async claim(claimer, now, leaseUntil, limit) {
      // The lease condition is repeated outside the subquery: on PostgreSQL a second claimer that waited for
      // the first's row locks re-checks it against the committed row, and skips what the first just took.
      const free = "state = 'waiting' AND (claimed_until IS NULL OR claimed_until < ?)";
      const rows = await sql.all<{ record_id: string; source: OutboxSource; received_at: unknown; attempts: unknown }>(
        `UPDATE xapi_outbox SET claimed_by = ?, claimed_until = ?
         WHERE record_id IN (SELECT record_id FROM xapi_outbox WHERE ${free} AND next_at <= ? ORDER BY received_at, record_id LIMIT ?) AND ${free}
         RETURNING record_id, source, received_at, attempts`,
        [claimer, leaseUntil, now, now, limit, now]);
      return rows.map((r) => ({ recordId: r.record_id, source: r.source, receivedAt: Number(r.received_at), attempts: Number(r.attempts) }))
        .sort((a, b) => a.receivedAt - b.receivedAt || (a.recordId < b.recordId ? -1 : 1));
    },
    async sent(recordIds, claimer, statements, now) {
      if (!recordIds.length) return;
      await sql.tx(async (q) => {
        await q.run(`DELETE FROM xapi_outbox WHERE claimed_by = ? AND record_id IN (${placeholders(recordIds)})`, [claimer, ...recordIds]);
        await note(q, 'sent', now, String(statements));
      });
    },
    async retryLater(recordIds, claimer, nextAt, reason, now) {
      if (!recordIds.length) return;
      await sql.tx(async (q) => {
        await q.run(`UPDATE xapi_outbox SET claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1, next_at = ? WHERE claimed_by = ? AND record_id IN (${placeholders(recordIds)})`,
          [nextAt, claimer, ...recordIds]);
        await note(q, 'failed', now, reason);
      });
    },
    async settle(recordId, claimer, state, reason, now) {
      await sql.run("UPDATE xapi_outbox SET state = ?, reason = ?, settled_at = ?, claimed_by = NULL, claimed_until = NULL WHERE record_id = ? AND claimed_by = ? AND state = 'waiting'",
        [state, reason, now, recordId, claimer]);
    },
    async status() {
      const counts = await sql.all<{ state: string; n: unknown }>('SELECT state, count(*) AS n FROM xapi_outbox GROUP BY state');
      const count = (state: string) => Number(counts.find((c) => c.state === state)?.n ?? 0);
      const latest = await sql.all<{ record_id: string; state: SettledRow['state']; reason: string; settled_at: unknown }>(
        "SELECT record_id, state, reason, settled_at FROM xapi_outbox WHERE state <> 'waiting' ORDER BY settled_at DESC, record_id LIMIT ?", [LATEST]);
      const [first] = await sql.all<{ since: unknown }>("SELECT MIN(settled_at) AS since FROM xapi_outbox WHERE state <> 'waiting'");
      const notes = await sql.all<{ name: string; at: unknown; detail: string }>('SELECT name, at, detail FROM xapi_forwarding');
      const sentNote = notes.find((n) => n.name === 'sent');
      const failedNote = notes.find((n) => n.name === 'failed');
      return {
        waiting: count('waiting'), conflicts: count('conflict'), refused: count('refused'),
        latest: latest.map((r) => ({ recordId: r.record_id, state: r.state, reason: r.reason, at: Number(r.settled_at) })),
        settledSince: first?.since == null ? null : Number(first.since),
        lastSent: sentNote ? { at: Number(sentNote.at), statements: Number(sentNote.detail) } : null,
        lastFailure: failedNote ? { at: Number(failedNote.at), reason: failedNote.detail } : null,
      };
    },
    async lrsSettings() {
      const [row] = await sql.all<{ endpoint: string; lrs_key: string; secret: string; home_page: string; changed_at: unknown; changed_by: string }>(
        'SELECT endpoint, lrs_key, secret, home_page, changed_at, changed_by FROM lrs_settings WHERE id = 1');
      return row ? { endpoint: row.endpoint, key: row.lrs_key, secret: row.secret, homePage: row.home_page, changedAt: Number(row.changed_at), changedBy: row.changed_by } : null;
    },
    async setLrsSettings(s) {
      await sql.tx(async (q) => {
        await q.run('DELETE FROM lrs_settings WHERE id = 1');
        if (s) await q.run('INSERT INTO lrs_settings (id, endpoint, lrs_key, secret, home_page, changed_at, changed_by) VALUES (1, ?, ?, ?, ?, ?, ?)', [s.endpoint, s.key, s.secret, s.homePage, s.changedAt, s.changedBy]);
      });
    },
  };
}
