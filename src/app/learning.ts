import type { ProgressRecord } from '../shared/progress.ts';
import type { LearningDb } from '../device/learning-db.ts';

/** The signed-in learner's records, as the screens read them (hooks/use-device.ts keeps them). */
export interface Learning {
  db: LearningDb;
  learnerId: string;
  /** The learner's progress by module id. */
  progress: Map<string, ProgressRecord>;
  reload(): Promise<void>;
}
