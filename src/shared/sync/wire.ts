import type { AttemptRecord, CheckpointRecord, CompletionRecord, LearningRecord } from './records.ts';

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
export type WireRecord = WireCompletion | WireAttempt | WireCheckpoint;

export interface SyncRequest {
  /** Format version of this body. */
  v: 1;
  /** The sending device: every record in the batch is its own. */
  device: string;
  records: WireRecord[];
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
} as const;

export function toWire(r: LearningRecord): WireRecord {
  const head = [r.id, r.seq, r.at, r.learnerId, r.moduleId, r.lang, r.moduleHash] as const;
  switch (r.kind) {
    case 'completion': return ['c', ...head, r.attemptId, r.score];
    case 'attempt': return ['a', ...head, r.answers, r.correct, r.total, r.score, r.passed ? 1 : 0];
    case 'checkpoint': return ['p', ...head, r.section];
  }
}

export function fromWire(w: WireRecord, deviceId: string): LearningRecord {
  const base = { id: w[1], deviceId, seq: w[2], at: w[3], learnerId: w[4], moduleId: w[5], lang: w[6], moduleHash: w[7] };
  switch (w[0]) {
    case 'c': return { kind: 'completion', ...base, attemptId: w[8], score: w[9] } satisfies CompletionRecord;
    case 'a': return { kind: 'attempt', ...base, answers: w[8], correct: w[9], total: w[10], score: w[11], passed: w[12] === 1 } satisfies AttemptRecord;
    case 'p': return { kind: 'checkpoint', ...base, section: w[8] } satisfies CheckpointRecord;
  }
}

export function syncRequest(deviceId: string, records: readonly LearningRecord[]): SyncRequest {
  return { v: 1, device: deviceId, records: records.map(toWire) };
}
