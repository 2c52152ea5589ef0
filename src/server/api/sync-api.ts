import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BATCH_JSON_BYTES, MAX_REQUEST_BODY_BYTES } from '../../shared/sync/limits.ts';
import { fromWire, type SyncRejection, type SyncResponse } from '../../shared/sync/wire.ts';
import { checkEnvelope, wireRecordChecker } from '../../shared/sync/wire-schema.ts';
import type { IncomingRecord, RecordStore } from '../store/record-store.ts';
import { HttpError, parseJson, readBody } from './read-body.ts';
import { sendJson } from './respond.ts';

export const CONFLICT_REASON = 'this id was already stored with different content; the stored record is kept';

/**
 * POST /api/v1/sync. Every record is answered: acked (stored now, or before
 * with the same content) or rejected with a reason. The answer is sent only
 * after the store has committed, so an ack is a promise the record is kept.
 */
export async function handleSync(req: IncomingMessage, res: ServerResponse, store: RecordStore, now: () => number): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, `Content-Type must be application/json, not "${type || 'missing'}".`);
  const envelope = checkEnvelope(parseJson(await readBody(req, MAX_REQUEST_BODY_BYTES, MAX_BATCH_JSON_BYTES)));
  if (!envelope.ok) throw new HttpError(400, `Bad sync request: ${envelope.reason}.`);

  const receivedAt = now();
  const incoming: IncomingRecord[] = [];
  const rejected: SyncRejection[] = [];
  /** Position in the request of each incoming record, for rejections found by the store. */
  const positions: number[] = [];
  const checkRecord = wireRecordChecker(receivedAt);
  envelope.records.forEach((input, index) => {
    const check = checkRecord(input);
    if (!check.ok) return rejected.push({ index, id: check.id, reason: check.reason });
    const record: IncomingRecord = { record: fromWire(check.record, envelope.device), body: JSON.stringify([envelope.device, check.record]) };
    positions.push(index);
    incoming.push(record);
  });

  const outcomes = await store.ingest(incoming, receivedAt);
  const acked: string[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'conflict') rejected.push({ index: positions[i]!, id: outcome.id, reason: CONFLICT_REASON });
    else acked.push(outcome.id);
  });
  rejected.sort((a, b) => a.index - b.index);
  sendJson(req, res, 200, { acked, rejected } satisfies SyncResponse);
}
