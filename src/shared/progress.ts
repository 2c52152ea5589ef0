import type { Lang } from './module.ts';
import type { Answers } from './quiz.ts';

/**
 * What the device remembers about one learner and one module. Every record is
 * keyed by learner id first, so a shared kiosk can hold many learners and a
 * sync layer can ship records per learner.
 */
export interface ProgressRecord {
  learnerId: string;
  moduleId: string;
  lang: Lang;
  /** Hash of the module version the learner is reading. */
  moduleHash: string;
  /** Section the learner last had open; the reader resumes here. */
  section: number;
  /** The furthest section reached; reaching a new one queues a checkpoint record. -1 before any. */
  furthestSection: number;
  /** Answers picked so far in an unfinished quiz, so an update or reload loses nothing. */
  quizDraft: Answers | null;
  /** Set once, by the first passing attempt; later attempts never unset it. */
  passedAt: string | null;
  bestScore: number | null;
  /** The most recent quiz attempt, by id: device clocks can step backwards, so time cannot order attempts. */
  lastAttemptId: string | null;
  updatedAt: string;
}

export type ModuleStatus = 'not-started' | 'in-progress' | 'passed';

export function statusOf(progress: ProgressRecord | undefined): ModuleStatus {
  if (!progress) return 'not-started';
  return progress.passedAt ? 'passed' : 'in-progress';
}
