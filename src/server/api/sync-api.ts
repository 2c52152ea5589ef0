import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BATCH_JSON_BYTES, MAX_REQUEST_BODY_BYTES } from '../../shared/sync/limits.ts';
import type { DeviceRecord, PinRecord, SignoffRecord } from '../../shared/sync/records.ts';
import { fromWire, proofPayload, type SyncRejection, type SyncResponse } from '../../shared/sync/wire.ts';
import { verifyProof } from '../../shared/kiosk/credential.ts';
import { checkEnvelope, wireRecordChecker } from './wire-schema.ts';
import { recordBody, type IncomingRecord, type IngestOutcome } from '../store/record-store.ts';
import type { DeviceRow } from '../store/device-store.ts';
import type { Member } from '../store/site-store.ts';
import type { Stores } from '../store/stores.ts';
import { HttpError, parseJson, readBody, requireJsonType } from './read-body.ts';
import { sendJson } from './respond.ts';
import { implausible } from './plausibility.ts';
import type { PublishedVersions } from '../../node/published-index.ts';

export const CONFLICT_REASON = 'this id was already stored with different content; the stored record is kept';

/**
 * Why this device may not send this record, or null when it may. A device
 * speaks only for its own site: learners must be on that site's roster, and
 * sign-offs and PIN changes must come from one of its supervisors, with that
 * supervisor's proof.
 */
export async function refusal(record: DeviceRecord, siteId: string, members: Map<string, Member>, phoneOf: string | null = null): Promise<string | null> {
  // A worker's phone speaks for its one learner: it signs nothing for a supervisor and records for no one else.
  if (phoneOf !== null) {
    if (record.kind === 'signoff' || record.kind === 'pin') return `kind: a worker's phone cannot send a supervisor's ${record.kind === 'pin' ? 'PIN set-up' : 'sign-off'}`;
    if (record.learnerId !== phoneOf) return `learnerId: this phone is linked to ${phoneOf} and records for them alone, not ${record.learnerId}`;
  }
  const onRoster = (field: string, id: string) => (members.get(id)?.siteId === siteId ? null : `${field}: ${id} is not on the roster of site ${siteId}`);
  const supervises = (id: string) => {
    const m = members.get(id);
    return m && m.siteId === siteId && m.supervisor && !m.removed ? null : `supervisorId: ${id} is not a supervisor at site ${siteId}, so cannot sign for it`;
  };
  switch (record.kind) {
    case 'signoff':
      return supervises(record.supervisorId) ?? record.attendees.map((a) => onRoster('attendees', a.personId)).find(Boolean) ?? (await badProof(record, members));
    case 'pin':
      return supervises(record.supervisorId) ?? onRoster('personId', record.personId)
        ?? (record.personId === record.supervisorId ? 'personId: a supervisor cannot set their own PIN; another supervisor or an administrator does' : null)
        ?? (await badProof(record, members));
    default:
      return onRoster('learnerId', record.learnerId);
  }
}

/**
 * A device's credential says which kiosk is speaking, not which supervisor:
 * that takes the proof only their passphrase can make (shared/kiosk/credential.ts).
 */
async function badProof(record: SignoffRecord | PinRecord, members: Map<string, Member>): Promise<string | null> {
  const key = members.get(record.supervisorId)?.signingKey;
  if (!key) return `proof: supervisor ${record.supervisorId} has no signing key on the server yet: an administrator sets their passphrase again`;
  return (await verifyProof(key, proofPayload(record), record.proof)) ? null : `proof: does not match supervisor ${record.supervisorId}'s passphrase for this record`;
}

const peopleIn = (r: DeviceRecord): string[] =>
  r.kind === 'signoff' ? [r.supervisorId, ...r.attendees.map((a) => a.personId)] : r.kind === 'pin' ? [r.supervisorId, r.personId] : [r.learnerId];

/**
 * POST /api/v1/sync. Every record is answered: acked (stored now, or before
 * with the same content) or rejected with a reason. The answer is sent only
 * after the stores have committed, so an ack is a promise the record is kept.
 */
export async function handleSync(req: IncomingMessage, res: ServerResponse, stores: Stores, device: DeviceRow, now: () => number, published: () => Promise<PublishedVersions>): Promise<void> {
  requireJsonType(req);
  const envelope = checkEnvelope(parseJson(await readBody(req, MAX_REQUEST_BODY_BYTES, MAX_BATCH_JSON_BYTES)));
  if (!envelope.ok) throw new HttpError(400, `Bad sync request: ${envelope.reason}.`);
  if (envelope.device !== device.id) throw new HttpError(403, `This credential belongs to device ${device.id}, not ${envelope.device}.`);
  const { acked, rejected } = await ingestBatch(stores, device, envelope.records, now(), published, { queued: envelope.queued, pending: envelope.pending ?? [] });
  sendJson(req, res, 200, { acked, rejected } satisfies SyncResponse);
}

/** What the device says of its outbox with a batch; null when the batch came another way (a records file). */
export interface OutboxReport { queued: number | null; pending: readonly [string, string][] }

/**
 * One batch of a device's wire records, under the rules of sync, whichever
 * way they came (the network, a file on a USB stick): checked, refused with a
 * reason each, and the rest stored in one transaction with the device's
 * contact. `stored` counts those new to the server.
 */
export async function ingestBatch(stores: Stores, device: DeviceRow, input: readonly unknown[], receivedAt: number, published: () => Promise<PublishedVersions>,
  report: OutboxReport | null): Promise<SyncResponse & { stored: number }> {
  const rejected: SyncRejection[] = [];
  const checkRecord = wireRecordChecker(receivedAt);
  const valid: { index: number; record: DeviceRecord; body: string }[] = [];
  input.forEach((raw, index) => {
    const check = checkRecord(raw);
    if (!check.ok) return rejected.push({ index, id: check.id, reason: check.reason });
    valid.push({ index, record: fromWire(check.record, device.id), body: recordBody(device.id, check.record) });
  });

  const members = await stores.sites.members(valid.flatMap((v) => peopleIn(v.record)));
  let learning: (IncomingRecord & { index: number })[] = [];
  const signoffs: { index: number; record: SignoffRecord; body: string }[] = [];
  const pins: { index: number; record: PinRecord; body: string }[] = [];
  for (const item of valid) {
    const reason = await refusal(item.record, device.siteId, members, device.learnerId);
    if (reason) rejected.push({ index: item.index, id: item.record.id, reason });
    else if (item.record.kind === 'signoff') signoffs.push({ ...item, record: item.record });
    else if (item.record.kind === 'pin') pins.push({ ...item, record: item.record });
    else learning.push({ ...item, record: item.record });
  }

  const refused = await implausible(learning, {
    published: await published(),
    storedBodies: (ids) => stores.records.bodies(ids),
    completed: async (learners) => new Set((await stores.records.firstCompletions(learners)).map((c) => `${c.learnerId} ${c.moduleId}`)),
    siteCampaigns: () => stores.campaigns.ranAt(device.siteId),
    siteCodes: async () => new Set((await stores.codes.list(device.siteId)).map((c) => c.code)),
  });
  for (const [i, reason] of refused) rejected.push({ index: learning[i]!.index, id: learning[i]!.record.id, reason });
  learning = learning.filter((_, i) => !refused.has(i));

  const answered = async <T extends { index: number }>(items: T[], ingest: (items: T[]) => Promise<IngestOutcome[]>) =>
    (await ingest(items)).map((outcome, i) => ({ outcome, index: items[i]!.index }));
  // What the device still holds after this batch: the server's honest "waiting on a device".
  const storedCompletions = new Set(learning.flatMap((l) => (l.record.kind === 'completion' ? [`${l.record.learnerId} ${l.record.moduleId}`] : [])));
  // A sync that reports nothing claims nothing: entries the device no longer reports are dropped.
  const pending = report && report.pending.filter(([learner, module]) => !storedCompletions.has(`${learner} ${module}`));

  // The whole batch, and the device's contact report, commit in one transaction: all of it or none.
  const acked: string[] = [];
  let stored = 0;
  await stores.transaction(async (tx) => {
    const outcomes = [
      ...await answered(learning, (items) => tx.records.ingest(items, receivedAt)),
      ...await answered(signoffs, (items) => tx.credentials.ingestSignoffs(items, device.siteId, receivedAt)),
      ...await answered(pins, (items) => tx.credentials.ingestPins(items, device.siteId, receivedAt)),
    ];
    for (const { outcome, index } of outcomes.sort((a, b) => a.index - b.index)) {
      if (outcome.status === 'conflict') rejected.push({ index, id: outcome.id, reason: CONFLICT_REASON });
      else acked.push(outcome.id);
      if (outcome.status === 'stored') stored++;
    }
    const queued = report?.queued == null ? null : Math.max(0, report.queued - acked.length - rejected.length);
    await tx.devices.recordContact(device, receivedAt, queued, pending);
  });
  rejected.sort((a, b) => a.index - b.index);
  return { acked, rejected, stored };
}
