import type { Lang } from '../module.ts';
import type { Answers } from '../quiz.ts';

/**
 * The immutable facts a device reports about learning. Each one is made once,
 * on the device, with an id of its own (UUIDv7), and never changes after: that
 * is what lets the server store a re-sent record once and recognise a forged one.
 */
interface Stamp {
  /** UUIDv7, made on the device. */
  id: string;
  /** The device that made the record. */
  deviceId: string;
  /** Per-device, strictly increasing from 1: the order of events even when the device clock steps. */
  seq: number;
  /** Device clock, ms since the epoch. Reported as is; the server also notes when it arrived. */
  at: number;
}

interface RecordBase extends Stamp {
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

/** One answer to a follow-up question, graded Good (right) or Again (wrong) for the spaced-repetition scheduler. */
export interface ReviewRecord extends RecordBase {
  kind: 'review';
  /** Index of the question in the module's quiz. */
  question: number;
  correct: boolean;
}

/**
 * What a kiosk sees of learning, beyond results: reports show these only
 * aggregated, under the privacy rule (shared/privacy-rule.ts).
 */
export const EVENT_TYPES = ['delivered', 'teaser', 'opened', 'dwell', 'search-miss', 'useful', 'scanned'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Upper bounds (seconds) of the buckets a section's reading time is kept in: never the exact seconds. */
export const DWELL_BUCKETS = [10, 30, 60, 180, 600] as const;
export const dwellBucket = (seconds: number) => {
  const i = DWELL_BUCKETS.findIndex((limit) => seconds < limit);
  return i < 0 ? DWELL_BUCKETS.length : i;
};

export interface EventRecord extends Stamp {
  kind: 'event';
  learnerId: string;
  type: EventType;
  /** A campaign id (delivered, teaser), a module id (opened, dwell, useful), a poster's short code (scanned), or empty (search-miss). */
  subject: string;
  /** The step (teaser) or section (dwell); 0 otherwise. A scan says where it opened in `subject`'s code, not here. */
  part: number;
  /** dwell: index into DWELL_BUCKETS; useful: 1 for "yes", 0 for "not really"; 0 otherwise. */
  bucket: number;
  /** search-miss: what was searched; empty otherwise. */
  text: string;
}

export type LearningRecord = CompletionRecord | AttemptRecord | CheckpointRecord | ReviewRecord;
export type RecordKind = LearningRecord['kind'];

export const SESSION_TYPES = ['toolbox-talk', 'practical-assessment', 'drill'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
export const OUTCOMES = ['attended', 'competent', 'not-yet-competent'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Attendance {
  personId: string;
  outcome: Outcome;
  /** Empty when the supervisor wrote none. */
  note: string;
}

/** An in-person session a supervisor ran and signed off on the kiosk. */
export interface SignoffRecord extends Stamp {
  kind: 'signoff';
  /** The signed-in supervisor who signs: the server checks they supervise the device's site. */
  supervisorId: string;
  sessionType: SessionType;
  /** Local calendar date of the session, YYYY-MM-DD. */
  date: string;
  topic: string;
  attendees: Attendance[];
  /** The supervisor's signature over the record (shared/sync/wire.ts, proofPayload): made with their passphrase, checked by the server. */
  proof: string;
}

/** A supervisor set up or reset a learner's PIN: only the salted slow hash travels, never the PIN. */
export interface PinRecord extends Stamp {
  kind: 'pin';
  supervisorId: string;
  personId: string;
  /** "pbkdf2-sha256$iterations$salt$hash", see shared/kiosk/credential.ts. */
  credential: string;
  /** As on a sign-off: only a supervisor who typed their passphrase can set a PIN. */
  proof: string;
}

/** Everything a device queues for the server. */
export type DeviceRecord = LearningRecord | EventRecord | SignoffRecord | PinRecord;
export type DeviceRecordKind = DeviceRecord['kind'];
export const DEVICE_RECORD_KINDS = ['completion', 'attempt', 'checkpoint', 'review', 'event', 'signoff', 'pin'] as const satisfies readonly DeviceRecordKind[];

/** A record the server refused, kept on the device with the server's reason. */
export interface RejectedRecord {
  record: DeviceRecord;
  reason: string;
  /** Device clock when the rejection arrived. */
  rejectedAt: number;
}
