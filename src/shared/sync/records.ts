import type { Lang } from '../module.ts';
import type { Answers } from '../quiz.ts';

/**
 * The immutable facts a device reports about learning. Each one is made once,
 * on the device, with an id of its own (UUIDv7), and never changes after: that
 * is what lets the server store a re-sent record once and recognise a forged one.
 */
interface RecordBase {
  /** UUIDv7, made on the device. */
  id: string;
  /** The device that made the record. */
  deviceId: string;
  /** Per-device, strictly increasing from 1: the order of events even when the device clock steps. */
  seq: number;
  /** Device clock, ms since the epoch. Reported as is; the server also notes when it arrived. */
  at: number;
  learnerId: string;
  moduleId: string;
  lang: Lang;
  /** Content hash of the exact module version taken. */
  moduleHash: string;
}

/** The compliance fact: this learner passed this module version. */
export interface CompletionRecord extends RecordBase {
  kind: 'completion';
  attemptId: string;
  score: number;
}

/** One submitted quiz, pass or fail. */
export interface AttemptRecord extends RecordBase {
  kind: 'attempt';
  answers: Answers;
  correct: number;
  total: number;
  /** Whole percent. */
  score: number;
  passed: boolean;
}

/** The learner reached a new furthest section of a module. */
export interface CheckpointRecord extends RecordBase {
  kind: 'checkpoint';
  section: number;
}

export type LearningRecord = CompletionRecord | AttemptRecord | CheckpointRecord;
export type RecordKind = LearningRecord['kind'];

/** A record the server refused, kept on the device with the server's reason. */
export interface RejectedRecord {
  record: LearningRecord;
  reason: string;
  /** Device clock when the rejection arrived. */
  rejectedAt: number;
}
