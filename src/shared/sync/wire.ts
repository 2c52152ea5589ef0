import { OUTCOMES, type EventType, type AttemptRecord, type CheckpointRecord, type CompletionRecord, type DeviceRecord, type EventRecord, type PinRecord, type ReviewRecord, type SignoffRecord } from './records.ts';

/**
 * The sync wire format, shared by the device that writes it and the server
 * that checks it. Records travel as positional arrays, not objects: on a
 * 64 kbit/s line the field names would cost more than the facts. Fields that
 * several records share (learner, module, version) sit next to each other so
 * gzip finds them as one repeat.
 */
export type WireCompletion = ['c', string, number, number, string, string, string, string, string, number];
export type WireAttempt = ['a', string, number, number, string, string, string, string, number[][], number, number, number, 0 | 1];
export type WireCheckpoint = ['p', string, number, number, string, string, string, string, number];
export type WireReview = ['r', string, number, number, string, string, string, string, number, 0 | 1];
/** [kind, id, seq, at, learner, type, subject, part, bucket, text]. */
export type WireEvent = ['e', string, number, number, string, EventType, string, number, number, string];
/** Attendees as [personId, outcome index in OUTCOMES, note]. */
export type WireAttendee = [string, number, string];
export type WireSignoff = ['s', string, number, number, string, string, string, string, WireAttendee[], string];
export type WirePin = ['k', string, number, number, string, string, string, string];
export type WireRecord = WireCompletion | WireAttempt | WireCheckpoint | WireReview | WireEvent | WireSignoff | WirePin;
export type WireKind = WireRecord[0];

export interface SyncRequest {
  /** Format version of this body. */
  v: 1;
  /** The sending device: every record in the batch is its own. */
  device: string;
  records: WireRecord[];
  /** Records in the device's outbox when it sent this batch, this batch included. */
  queued?: number;
  /** [learner, module] of every completion in that outbox: what the server may call "waiting on a device". */
  pending?: [string, string][];
}

export interface SyncRejection {
  /** Position of the record in the request. */
  index: number;
  /** The record's id, when it had a readable one. */
  id: string | null;
  reason: string;
}

export interface SyncResponse {
  /** Stored now or before with the same content: the device may forget these. */
  acked: string[];
  /** Never to be retried as they are: the device moves them aside with the reason. */
  rejected: SyncRejection[];
}

const COMMON_FIELDS = ['kind', 'id', 'seq', 'at', 'learnerId', 'moduleId', 'lang', 'moduleHash'] as const;
/** Field names by position, so a rejection names the field, not an index. */
export const WIRE_FIELDS = {
  c: [...COMMON_FIELDS, 'attemptId', 'score'],
  a: [...COMMON_FIELDS, 'answers', 'correct', 'total', 'score', 'passed'],
  p: [...COMMON_FIELDS, 'section'],
  r: [...COMMON_FIELDS, 'question', 'correct'],
  e: ['kind', 'id', 'seq', 'at', 'learnerId', 'type', 'subject', 'part', 'bucket', 'text'],
  s: ['kind', 'id', 'seq', 'at', 'supervisorId', 'sessionType', 'date', 'topic', 'attendees', 'proof'],
  k: ['kind', 'id', 'seq', 'at', 'supervisorId', 'personId', 'credential', 'proof'],
} as const;

export function toWire(r: DeviceRecord): WireRecord {
  if (r.kind === 'signoff') {
    return ['s', r.id, r.seq, r.at, r.supervisorId, r.sessionType, r.date, r.topic, r.attendees.map((a): WireAttendee => [a.personId, OUTCOMES.indexOf(a.outcome), a.note]), r.proof];
  }
  if (r.kind === 'pin') return ['k', r.id, r.seq, r.at, r.supervisorId, r.personId, r.credential, r.proof];
  if (r.kind === 'event') return ['e', r.id, r.seq, r.at, r.learnerId, r.type, r.subject, r.part, r.bucket, r.text];
  const head = [r.id, r.seq, r.at, r.learnerId, r.moduleId, r.lang, r.moduleHash] as const;
  switch (r.kind) {
    case 'completion': return ['c', ...head, r.attemptId, r.score];
    case 'attempt': return ['a', ...head, r.answers, r.correct, r.total, r.score, r.passed ? 1 : 0];
    case 'checkpoint': return ['p', ...head, r.section];
    case 'review': return ['r', ...head, r.question, r.correct ? 1 : 0];
  }
}

export function fromWire(w: WireRecord, deviceId: string): DeviceRecord {
  if (w[0] === 's') {
    return {
      kind: 'signoff', id: w[1], deviceId, seq: w[2], at: w[3], supervisorId: w[4], sessionType: w[5] as SignoffRecord['sessionType'], date: w[6], topic: w[7],
      attendees: w[8].map(([personId, outcome, note]) => ({ personId, outcome: OUTCOMES[outcome]!, note })), proof: w[9],
    } satisfies SignoffRecord;
  }
  if (w[0] === 'k') return { kind: 'pin', id: w[1], deviceId, seq: w[2], at: w[3], supervisorId: w[4], personId: w[5], credential: w[6], proof: w[7] } satisfies PinRecord;
  if (w[0] === 'e') {
    return { kind: 'event', id: w[1], deviceId, seq: w[2], at: w[3], learnerId: w[4], type: w[5], subject: w[6], part: w[7], bucket: w[8], text: w[9] } satisfies EventRecord;
  }
  const base = { id: w[1], deviceId, seq: w[2], at: w[3], learnerId: w[4], moduleId: w[5], lang: w[6], moduleHash: w[7] };
  switch (w[0]) {
    case 'c': return { kind: 'completion', ...base, attemptId: w[8], score: w[9] } satisfies CompletionRecord;
    case 'a': return { kind: 'attempt', ...base, answers: w[8], correct: w[9], total: w[10], score: w[11], passed: w[12] === 1 } satisfies AttemptRecord;
    case 'p': return { kind: 'checkpoint', ...base, section: w[8] } satisfies CheckpointRecord;
    case 'r': return { kind: 'review', ...base, question: w[8], correct: w[9] === 1 } satisfies ReviewRecord;
  }
}

/**
 * The text a supervisor's proof signs: the record as it travels, without the
 * proof itself and without its sequence number (given inside the outbox
 * transaction, after signing), with the device it was made on. Changing any
 * signed field, or replaying it from another device, breaks the proof.
 */
export function proofPayload(r: SignoffRecord | PinRecord): string {
  const w = toWire(r);
  return JSON.stringify([w[0], w[1], w[3], r.deviceId, ...w.slice(4, -1)]);
}

export function syncRequest(deviceId: string, records: readonly DeviceRecord[], report?: Pick<SyncRequest, 'queued' | 'pending'>): SyncRequest {
  return { v: 1, device: deviceId, records: records.map(toWire), ...report };
}
