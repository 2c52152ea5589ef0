import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ProgressRecord } from '../shared/progress.ts';
import type { LockoutState } from '../shared/kiosk/lockout.ts';
import type { Assignment, KnownCompletion, Person } from '../shared/roster/roster.ts';
import type { AttemptRecord, CheckpointRecord, CompletionRecord, DeviceRecord, RejectedRecord, ReviewRecord } from '../shared/sync/records.ts';
import type { WireCampaign } from '../shared/campaign/campaign.ts';

/**
 * The device's own record of learning, shared by the page and the service
 * worker. Everything learner-facing is keyed by learner id first, so a shared
 * kiosk can hold many learners and each sees only their own.
 */
export interface LearningSchema extends DBSchema {
  /** Device identity, sequence counter, credential, sync status. */
  meta: { key: string; value: unknown };
  progress: { key: [string, string]; value: ProgressRecord; indexes: { 'by-learner': string } };
  attempts: { key: string; value: AttemptRecord; indexes: { 'by-learner-module': [string, string] } };
  completions: { key: string; value: CompletionRecord; indexes: { 'by-learner-module': [string, string] } };
  checkpoints: { key: string; value: CheckpointRecord; indexes: { 'by-learner-module': [string, string] } };
  /** Records not yet acknowledged by the server, in device order. */
  outbox: { key: string; value: DeviceRecord; indexes: { 'by-seq': number } };
  /** Records the server refused, with its reason: kept, shown, never retried as they are. */
  rejected: { key: string; value: RejectedRecord };
  /** An enrolled kiosk's copy of its site's roster, for signing in offline. */
  people: { key: string; value: Person };
  assignments: { key: [string, string]; value: Assignment };
  /** Completions the server holds for this site's learners, from any device. */
  known: { key: [string, string]; value: KnownCompletion };
  /** Wrong-PIN counts and locks, per learner, on this device. */
  lockouts: { key: string; value: LockoutState & { learnerId: string } };
  /**
   * The site's campaigns, as the last roster delta that carried them said, kept
   * in their wire form: the service worker stores them without the decoder.
   */
  campaigns: { key: string; value: { id: string; wire: WireCampaign } };
  /** What this kiosk noted per learner for the campaign rules: a teaser read, a follow-up done, a module first opened (shared/campaign/schedule.ts). */
  marks: { key: [string, string]; value: { learnerId: string; key: string; day: string } };
  /** Follow-up answers, the review log the spaced-repetition scheduler replays. */
  reviews: { key: string; value: ReviewRecord; indexes: { 'by-learner-module': [string, string] } };
}

export type LearningDb = IDBPDatabase<LearningSchema>;
export type UpgradeTx = IDBPTransaction<LearningSchema, ArrayLike<StoreNames<LearningSchema>>, 'versionchange'>;
