import type { AttemptRecord, CompletionRecord, ProgressRecord } from '../../shared/learning-records.ts';
import type { Lang } from '../../shared/module.ts';
import type { Answers, QuizResult } from '../../shared/quiz.ts';
import type { IDBPObjectStore, StoreNames } from 'idb';
import type { LearningDb, LearningSchema } from './learning-db.ts';

/** Which version of which module a record is about. */
export interface ModuleRef {
  moduleId: string;
  lang: Lang;
  moduleHash: string;
}

const now = () => new Date().toISOString();

/** The learner on this device. One local learner for now; shared kiosks sign learners in and out. */
export async function localLearnerId(db: LearningDb): Promise<string> {
  const tx = db.transaction('meta', 'readwrite');
  let id = await tx.store.get('learnerId');
  if (!id) {
    id = `local-${crypto.randomUUID()}`;
    await tx.store.put(id, 'learnerId');
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
  return { learnerId, ...ref, section: 0, quizDraft: null, passedAt: null, bestScore: null, lastAttemptId: null, updatedAt: now() };
}

/** The progress store, inside whichever transaction the caller opened. */
type ProgressStore = Pick<IDBPObjectStore<LearningSchema, ArrayLike<StoreNames<LearningSchema>>, 'progress', 'readwrite'>, 'get' | 'put'>;

/** Applies a change to a learner's progress on a module, creating the record if needed. */
async function changeProgress(store: ProgressStore, learnerId: string, ref: ModuleRef, change: (p: ProgressRecord) => void): Promise<ProgressRecord> {
  const record = (await store.get([learnerId, ref.moduleId])) ?? blankProgress(learnerId, ref);
  Object.assign(record, ref);
  change(record);
  record.updatedAt = now();
  await store.put(record);
  return record;
}

async function updateProgress(db: LearningDb, learnerId: string, ref: ModuleRef, change: (p: ProgressRecord) => void): Promise<ProgressRecord> {
  const tx = db.transaction('progress', 'readwrite');
  const record = await changeProgress(tx.store, learnerId, ref, change);
  await tx.done;
  return record;
}

export function saveReadingPosition(db: LearningDb, learnerId: string, ref: ModuleRef, section: number): Promise<ProgressRecord> {
  return updateProgress(db, learnerId, ref, (p) => { p.section = section; });
}

export function saveQuizDraft(db: LearningDb, learnerId: string, ref: ModuleRef, answers: Answers | null): Promise<ProgressRecord> {
  return updateProgress(db, learnerId, ref, (p) => { p.quizDraft = answers; });
}

export interface RecordedAttempt {
  attempt: AttemptRecord;
  /** Set when this attempt is the learner's first pass of this module version. */
  completion: CompletionRecord | null;
  progress: ProgressRecord;
}

/**
 * Stores a submitted quiz. The attempt, the completion it may earn and the
 * learner's progress are written in one transaction, so the app can never show
 * "passed" without the completion record that proves it, or the reverse.
 */
export async function recordAttempt(db: LearningDb, learnerId: string, ref: ModuleRef, answers: Answers, result: QuizResult): Promise<RecordedAttempt> {
  const at = now();
  const tx = db.transaction(['progress', 'attempts', 'completions'], 'readwrite');
  const attempt: AttemptRecord = {
    id: crypto.randomUUID(), learnerId, ...ref, answers,
    correct: result.correct, total: result.total, score: result.score, passed: result.passed, at,
  };
  await tx.objectStore('attempts').add(attempt);

  let completion: CompletionRecord | null = null;
  if (result.passed) {
    const earlier = await tx.objectStore('completions').index('by-learner-module').getAll([learnerId, ref.moduleId]);
    if (!earlier.some((c) => c.moduleHash === ref.moduleHash)) {
      completion = { id: crypto.randomUUID(), learnerId, ...ref, attemptId: attempt.id, score: result.score, at };
      await tx.objectStore('completions').add(completion);
    }
  }

  const progress = await changeProgress(tx.objectStore('progress'), learnerId, ref, (p) => {
    p.quizDraft = null;
    p.lastAttemptId = attempt.id;
    p.bestScore = Math.max(p.bestScore ?? 0, result.score);
    if (result.passed && !p.passedAt) p.passedAt = at;
  });
  await tx.done;
  return { attempt, completion, progress };
}

export async function latestAttempt(db: LearningDb, learnerId: string, moduleId: string): Promise<AttemptRecord | undefined> {
  const id = (await getProgress(db, learnerId, moduleId))?.lastAttemptId;
  return id ? db.get('attempts', id) : undefined;
}

export async function listCompletions(db: LearningDb, learnerId: string, moduleId: string): Promise<CompletionRecord[]> {
  return db.getAllFromIndex('completions', 'by-learner-module', [learnerId, moduleId]);
}
