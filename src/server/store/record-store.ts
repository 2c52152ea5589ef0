import type { DeviceRecord, EventRecord, LearningRecord } from '../../shared/sync/records.ts';
import { fromWire, type WireRecord } from '../../shared/sync/wire.ts';
import { placeholders, type Sql, type SqlValue } from './sql.ts';
import { storedPage, type StoredBody, type StoredOrderQuery } from './stored-order.ts';
import { queueStatements } from './xapi-outbox-store.ts';

/** What happened to one record of a batch. */
export type IngestOutcome =
  | { id: string; status: 'stored' }
  /** Seen before with exactly this content: acknowledged again, stored once. */
  | { id: string; status: 'duplicate' }
  /** Seen before with different content: a bug or a forgery, never an overwrite. */
  | { id: string; status: 'conflict' };

/**
 * The canonical text a record is stored as, and compared on a repeat: the
 * sending device and the record's wire form. Written and read only here.
 */
export const recordBody = (deviceId: string, wire: WireRecord): string => JSON.stringify([deviceId, wire]);

/** A stored body back as the record it is (`deviceId` stands in should the body name no device). */
export function recordFromBody(body: string, deviceId = ''): DeviceRecord {
  const [device, wire] = JSON.parse(body) as [string, WireRecord];
  return fromWire(wire, device ?? deviceId);
}

/** A record as the server received it: the device's facts plus the canonical text compared on a repeat. */
export interface IncomingRecord {
  record: LearningRecord | EventRecord;
  /** Canonical JSON of the wire form: the same record sent twice has the same body. */
  body: string;
}

export interface CompletionQuery {
  learnerId?: string;
  moduleId?: string;
  /** Device time range, ms since the epoch, inclusive start, exclusive end. */
  from?: number;
  to?: number;
  limit: number;
  /** Opaque: from the previous page's `next`. */
  after?: string;
}

export interface CompletionRow {
  id: string;
  learnerId: string;
  moduleId: string;
  lang: string;
  moduleHash: string;
  score: number;
  attemptId: string;
  deviceId: string;
  deviceSeq: number;
  /** Device clock when the learner passed. */
  completedAt: number;
  /** Server clock when the record arrived. */
  receivedAt: number;
}

export interface CompletionPage {
  items: CompletionRow[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/** Where learning records (completions, attempts, reading checkpoints) live on the server. */
export interface RecordStore {
  /**
   * Stores a batch in one transaction, idempotently by record id, and returns
   * only after the transaction is durable: an ack may be sent the moment it resolves.
   */
  ingest(records: readonly IncomingRecord[], receivedAt: number): Promise<IngestOutcome[]>;
  completions(query: CompletionQuery): Promise<CompletionPage>;
  /** Each of these learners' first completion of each module, of those received at or after `receivedSince`. */
  firstCompletions(learnerIds: readonly string[], receivedSince?: number): Promise<FirstCompletion[]>;
  /** The stored canonical bodies of these ids (at most one batch's worth), for checks that refer back to earlier records. */
  bodies(ids: readonly string[]): Promise<Map<string, string>>;
  /** Records of these kinds by these learners about these subjects (module or campaign ids), as the device sent them, with when they arrived: for reports. */
  about(learnerIds: readonly string[], kinds: readonly RecordKindOrEvent[], subjects: readonly string[] | null): Promise<ReceivedRecord[]>;
  /** Learning records, never events (they are shown only aggregated), in the order they were stored: the xAPI feed. */
  storedLearning(query: StoredOrderQuery): Promise<StoredBody[]>;
}

export type RecordKindOrEvent = (LearningRecord | EventRecord)['kind'];
/** A record as the device sent it (`at` is the device's clock), and when the server received it. */
export type ReceivedRecord = (LearningRecord | EventRecord) & { receivedAt: number };


export interface FirstCompletion {
  learnerId: string;
  moduleId: string;
  /** Device clock of the earliest completion. */
  at: number;
}

/** Keyset cursor on (completedAt, id): stable under concurrent inserts, no OFFSET scans. */
export function encodeCursor(row: Pick<CompletionRow, 'completedAt' | 'id'>): string {
  return `${row.completedAt}_${row.id}`;
}

export function decodeCursor(cursor: string): { at: number; id: string } | null {
  const m = /^(\d{1,16})_([0-9a-f-]{36})$/.exec(cursor);
  return m ? { at: Number(m[1]), id: m[2]! } : null;
}

/** Column order of learning_records inserts; both stores bind values in this order. */
const INSERT_COLUMNS = [
  'id', 'kind', 'device_id', 'device_seq', 'device_at', 'received_at',
  'learner_id', 'module_id', 'lang', 'module_hash', 'score', 'attempt_id', 'body',
] as const;

function insertValues({ record: r, body }: IncomingRecord, receivedAt: number): SqlValue[] {
  // An event is about a module, a campaign or nothing: its subject takes the module's column.
  if (r.kind === 'event') return [r.id, r.kind, r.deviceId, r.seq, r.at, receivedAt, r.learnerId, r.subject, '', '', null, null, body];
  const score = r.kind === 'completion' || r.kind === 'attempt' ? r.score : null;
  const attemptId = r.kind === 'completion' ? r.attemptId : null;
  return [r.id, r.kind, r.deviceId, r.seq, r.at, receivedAt, r.learnerId, r.moduleId, r.lang, r.moduleHash, score, attemptId, body];
}

const COMPLETION_COLUMNS =
  'id, learner_id, module_id, lang, module_hash, score, attempt_id, device_id, device_seq, device_at, received_at';

interface CompletionDbRow {
  id: string; learner_id: string; module_id: string; lang: string; module_hash: string; score: number;
  attempt_id: string; device_id: string; device_seq: number | string; device_at: number | string; received_at: number | string;
}

function completionFromRow(row: CompletionDbRow): CompletionRow {
  return {
    id: row.id, learnerId: row.learner_id, moduleId: row.module_id, lang: row.lang, moduleHash: row.module_hash,
    score: row.score, attemptId: row.attempt_id, deviceId: row.device_id,
    // PostgreSQL returns BIGINT as text: these all fit in a double.
    deviceSeq: Number(row.device_seq), completedAt: Number(row.device_at), receivedAt: Number(row.received_at),
  };
}

/** A completions query: the SQL and its values in order. */
function completionQuerySql(query: CompletionQuery): { sql: string; values: (string | number)[] } {
  const where = ["kind = 'completion'"];
  const values: (string | number)[] = [];
  const bind = (v: string | number) => { values.push(v); return '?'; };
  if (query.learnerId !== undefined) where.push(`learner_id = ${bind(query.learnerId)}`);
  if (query.moduleId !== undefined) where.push(`module_id = ${bind(query.moduleId)}`);
  if (query.from !== undefined) where.push(`device_at >= ${bind(query.from)}`);
  if (query.to !== undefined) where.push(`device_at < ${bind(query.to)}`);
  const after = query.after ? decodeCursor(query.after) : null;
  if (after) {
    const at = bind(after.at);
    where.push(`(device_at > ${at} OR (device_at = ${bind(after.at)} AND id > ${bind(after.id)}))`);
  }
  const limit = bind(query.limit + 1);
  return { sql: `SELECT ${COMPLETION_COLUMNS} FROM learning_records WHERE ${where.join(' AND ')} ORDER BY device_at, id LIMIT ${limit}`, values };
}

/** Cuts the one extra row a query fetched into the next-page cursor. */
function toPage(rows: CompletionDbRow[], limit: number) {
  const items = rows.slice(0, limit).map(completionFromRow);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
}

/**
 * The record store over either database. A batch is one multi-row INSERT …
 * ON CONFLICT DO NOTHING RETURNING id, so what was new is known without a
 * query per record; only repeats are read back, to tell a harmless re-send
 * (same body) from a conflict. Inside a larger transaction it joins it.
 */
export function recordStore(sql: Sql): RecordStore {
  const bodiesIn = async (q: Sql, ids: readonly string[]) => {
    if (!ids.length) return new Map<string, string>();
    const rows = await q.all<{ id: string; body: string }>(`SELECT id, body FROM learning_records WHERE id IN (${placeholders(ids)})`, ids);
    return new Map(rows.map((r) => [r.id, r.body]));
  };
  return {
    async ingest(records, receivedAt) {
      if (records.length === 0) return [];
      return sql.tx(async (q) => {
        const row = `(${placeholders(INSERT_COLUMNS)})`;
        const inserted = await q.all<{ id: string }>(
          `INSERT INTO learning_records (${INSERT_COLUMNS.join(', ')}) VALUES ${records.map(() => row).join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`,
          records.flatMap((r) => insertValues(r, receivedAt)));
        const stored = new Set(inserted.map((r) => r.id));
        // What the server now holds it will say to an LRS: queued in this same transaction (events never: they are shown only aggregated).
        await queueStatements(q, records.filter((r) => stored.has(r.record.id) && r.record.kind !== 'event').map((r) => ({ id: r.record.id, receivedAt })), 'record');
        const existing = await bodiesIn(q, [...new Set(records.filter((r) => !stored.has(r.record.id)).map((r) => r.record.id))]);
        // A batch may carry the same id twice: the first occurrence was stored, later ones repeat it.
        const seen = new Map<string, string>();
        return records.map(({ record: { id }, body }): IngestOutcome => {
          if (stored.has(id) && !seen.has(id)) { seen.set(id, body); return { id, status: 'stored' }; }
          const earlier = seen.get(id) ?? existing.get(id);
          return { id, status: earlier === body ? 'duplicate' : 'conflict' };
        });
      });
    },
    async completions(query) {
      const { sql: text, values } = completionQuerySql(query);
      return toPage(await sql.all<CompletionDbRow>(text, values), query.limit);
    },
    async firstCompletions(learnerIds, receivedSince = 0) {
      if (!learnerIds.length) return [];
      const rows = await sql.all<{ learner_id: string; module_id: string; at: unknown }>(
        `SELECT learner_id, module_id, MIN(device_at) AS at FROM learning_records
         WHERE kind = 'completion' AND received_at >= ? AND learner_id IN (${placeholders(learnerIds)})
         GROUP BY learner_id, module_id ORDER BY learner_id, module_id`, [receivedSince, ...learnerIds]);
      return rows.map((r) => ({ learnerId: r.learner_id, moduleId: r.module_id, at: Number(r.at) }));
    },
    bodies: (ids) => bodiesIn(sql, ids),
    async about(learnerIds, kinds, subjects) {
      if (!learnerIds.length || !kinds.length || subjects?.length === 0) return [];
      const bySubject = subjects ? ` AND module_id IN (${placeholders(subjects)})` : '';
      const rows = await sql.all<{ body: string; received_at: unknown }>(
        `SELECT body, received_at FROM learning_records WHERE kind IN (${placeholders(kinds)}) AND learner_id IN (${placeholders(learnerIds)})${bySubject} ORDER BY device_at, id`,
        [...kinds, ...learnerIds, ...(subjects ?? [])]);
      return rows.map((r) => ({ ...(recordFromBody(r.body) as LearningRecord | EventRecord), receivedAt: Number(r.received_at) }));
    },
    storedLearning: (query) => storedPage(sql, 'learning_records', query, "kind <> 'event'"),
  };
}
