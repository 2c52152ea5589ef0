import type { ProgressRecord } from '../shared/progress.ts';
import type { Lang } from '../shared/module.ts';
import type { Answers, QuizResult } from '../shared/quiz.ts';
import type { AttemptRecord, CheckpointRecord, CompletionRecord } from '../shared/sync/records.ts';
import type { IDBPObjectStore, StoreNames } from 'idb';
import { META, stampRecord } from './device-meta.ts';
import type { LearningDb, LearningSchema } from './learning-db.ts';
import { announceOutboxChange } from './outbox-events.ts';

/** Which version of which module a record is about. */
export interface ModuleRef {
  moduleId: string;
  lang: Lang;
  moduleHash: string;
}

const isoNow = () => new Date().toISOString();

/** The learner on this device. One local learner for now; shared kiosks sign learners in and out. */
export async function localLearnerId(db: LearningDb): Promise<string> {
  const tx = db.transaction('meta', 'readwrite');
  let id = (await tx.store.get(META.learnerId)) as string | undefined;
  if (!id) {
    id = `local-${crypto.randomUUID().slice(0, 8)}`;
    await tx.store.put(id, META.learnerId);
  }
  await tx.done;
  return id;
}

export async function listProgress(db: LearningDb, learnerId: string): Promise<ProgressRecord[]> {
  return db.getAllFromIndex('progress', 'by-learner', learnerId);
}

export async function getProgress(db: LearningDb, learnerId: string, moduleId: string): Promise<ProgressRecord | undefined> {
  return db.get('progress', [learnerId, moduleId]);
}

function blankProgress(learnerId: string, ref: ModuleRef): ProgressRecord {
  return { learnerId, ...ref, section: 0, furthestSection: -1, quizDraft: null, passedAt: null, bestScore: null, lastAttemptId: null, updatedAt: isoNow() };
}

/** The progress store, inside whichever transaction the caller opened. */
type ProgressStore = Pick<IDBPObjectStore<LearningSchema, ArrayLike<StoreNames<LearningSchema>>, 'progress', 'readwrite'>, 'get' | 'put'>;

/** Applies a change to a learner's progress on a module, creating the record if needed. */
async function changeProgress(store: ProgressStore, learnerId: string, ref: ModuleRef, change: (p: ProgressRecord) => void): Promise<ProgressRecord> {
  const record = (await store.get([learnerId, ref.moduleId])) ?? blankProgress(learnerId, ref);
  Object.assign(record, ref);
  change(record);
  record.updatedAt = isoNow();
  await store.put(record);
  return record;
}

/**
 * Remembers where the learner is reading. Reaching a new furthest section
 * also queues a checkpoint record, in the same transaction.
 */
export async function saveReadingPosition(db: LearningDb, learnerId: string, ref: ModuleRef, section: number): Promise<ProgressRecord> {
  const tx = db.transaction(['meta', 'progress', 'checkpoints', 'outbox'], 'readwrite');
  let reached = false;
  const progress = await changeProgress(tx.objectStore('progress'), learnerId, ref, (p) => {
    p.section = section;
    reached = section > (p.furthestSection ?? -1);
    if (reached) p.furthestSection = section;
  });
  if (reached) {
    const checkpoint = await stampRecord<CheckpointRecord>(tx.objectStore('meta'), { kind: 'checkpoint', learnerId, ...ref, section });
    await tx.objectStore('checkpoints').add(checkpoint);
    await tx.objectStore('outbox').add(checkpoint);
  }
  await tx.done;
  if (reached) announceOutboxChange();
  return progress;
}

export async function saveQuizDraft(db: LearningDb, learnerId: string, ref: ModuleRef, answers: Answers | null): Promise<ProgressRecord> {
  const tx = db.transaction('progress', 'readwrite');
  const record = await changeProgress(tx.store, learnerId, ref, (p) => { p.quizDraft = answers; });
  await tx.done;
  return record;
}

export interface RecordedAttempt {
  attempt: AttemptRecord;
  /** Set when this attempt is the learner's first pass of this module version. */
  completion: CompletionRecord | null;
  progress: ProgressRecord;
}

/**
 * Stores a submitted quiz. The attempt, the completion it may earn, their
 * places in the outbox and the learner's progress are written in one
 * transaction: the app can never show "passed" for a result that is not
 * queued for the server, nor queue one it does not show.
 */
export async function recordAttempt(db: LearningDb, learnerId: string, ref: ModuleRef, answers: Answers, result: QuizResult): Promise<RecordedAttempt> {
  const tx = db.transaction(['meta', 'progress', 'attempts', 'completions', 'outbox'], 'readwrite');
  // A refused write rejects its own request, which the caller sees; the abort it causes must not also surface unhandled.
  tx.done.catch(() => undefined);
  const meta = tx.objectStore('meta');
  const outbox = tx.objectStore('outbox');
  const attempt = await stampRecord<AttemptRecord>(meta, {
    kind: 'attempt', learnerId, ...ref, answers, correct: result.correct, total: result.total, score: result.score, passed: result.passed,
  });
  await tx.objectStore('attempts').add(attempt);
  await outbox.add(attempt);

  let completion: CompletionRecord | null = null;
  if (result.passed) {
    const earlier = await tx.objectStore('completions').index('by-learner-module').getAll([learnerId, ref.moduleId]);
    if (!earlier.some((c) => c.moduleHash === ref.moduleHash)) {
      completion = await stampRecord<CompletionRecord>(meta, { kind: 'completion', learnerId, ...ref, attemptId: attempt.id, score: result.score }, attempt.at);
      await tx.objectStore('completions').add(completion);
      await outbox.add(completion);
    }
  }

  const progress = await changeProgress(tx.objectStore('progress'), learnerId, ref, (p) => {
    p.quizDraft = null;
    p.lastAttemptId = attempt.id;
    p.bestScore = Math.max(p.bestScore ?? 0, result.score);
    if (result.passed && !p.passedAt) p.passedAt = new Date(attempt.at).toISOString();
  });
  await tx.done;
  announceOutboxChange();
  return { attempt, completion, progress };
}

export async function latestAttempt(db: LearningDb, learnerId: string, moduleId: string): Promise<AttemptRecord | undefined> {
  const id = (await getProgress(db, learnerId, moduleId))?.lastAttemptId;
  return id ? db.get('attempts', id) : undefined;
}

export async function listCompletions(db: LearningDb, learnerId: string, moduleId: string): Promise<CompletionRecord[]> {
  return db.getAllFromIndex('completions', 'by-learner-module', [learnerId, moduleId]);
}
