import type { RecordKind } from '../../shared/sync/records.ts';
import type { CompletionQuery, CompletionRow, IncomingRecord } from './record-store.ts';
import { decodeCursor, encodeCursor } from './record-store.ts';

/** Column order of learning_records inserts; both stores bind values in this order. */
export const INSERT_COLUMNS = [
  'id', 'kind', 'device_id', 'device_seq', 'device_at', 'received_at',
  'learner_id', 'module_id', 'lang', 'module_hash', 'score', 'attempt_id', 'body',
] as const;

export function insertValues({ record: r, body }: IncomingRecord, receivedAt: number): (string | number | null)[] {
  const score = r.kind === 'checkpoint' ? null : r.score;
  const attemptId = r.kind === 'completion' ? r.attemptId : null;
  return [r.id, r.kind, r.deviceId, r.seq, r.at, receivedAt, r.learnerId, r.moduleId, r.lang, r.moduleHash, score, attemptId, body];
}

export const COMPLETION_COLUMNS =
  'id, learner_id, module_id, lang, module_hash, score, attempt_id, device_id, device_seq, device_at, received_at';

export interface CompletionDbRow {
  id: string; learner_id: string; module_id: string; lang: string; module_hash: string; score: number;
  attempt_id: string; device_id: string; device_seq: number | string; device_at: number | string; received_at: number | string;
}

export function completionFromRow(row: CompletionDbRow): CompletionRow {
  return {
    id: row.id, learnerId: row.learner_id, moduleId: row.module_id, lang: row.lang, moduleHash: row.module_hash,
    score: row.score, attemptId: row.attempt_id, deviceId: row.device_id,
    // PostgreSQL returns BIGINT as text: these all fit in a double.
    deviceSeq: Number(row.device_seq), completedAt: Number(row.device_at), receivedAt: Number(row.received_at),
  };
}

/**
 * The WHERE clause of a completions query, with a placeholder style per
 * dialect. Returns the SQL and its values in order.
 */
export function completionQuerySql(query: CompletionQuery, placeholder: (n: number) => string): { sql: string; values: (string | number)[] } {
  const where = ["kind = 'completion'"];
  const values: (string | number)[] = [];
  const bind = (v: string | number) => { values.push(v); return placeholder(values.length); };
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
export function toPage(rows: CompletionDbRow[], limit: number) {
  const items = rows.slice(0, limit).map(completionFromRow);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
}

export function emptyCounts(): Record<RecordKind, number> {
  return { completion: 0, attempt: 0, checkpoint: 0 };
}
