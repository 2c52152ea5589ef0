import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AttemptRecord, CompletionRecord, ProgressRecord } from '../../shared/learning-records.ts';

/**
 * The device's own record of learning. Everything is keyed by learner id first,
 * so a shared kiosk can hold many learners and each sees only their own.
 */
export interface LearningSchema extends DBSchema {
  meta: { key: string; value: string };
  progress: { key: [string, string]; value: ProgressRecord; indexes: { 'by-learner': string } };
  attempts: { key: string; value: AttemptRecord; indexes: { 'by-learner-module': [string, string] } };
  completions: { key: string; value: CompletionRecord; indexes: { 'by-learner-module': [string, string] } };
}

export type LearningDb = IDBPDatabase<LearningSchema>;

export const DB_NAME = 'lowband-learning';

export function openLearningDb(name = DB_NAME): Promise<LearningDb> {
  return openDB<LearningSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('meta');
      const progress = db.createObjectStore('progress', { keyPath: ['learnerId', 'moduleId'] });
      progress.createIndex('by-learner', 'learnerId');
      const attempts = db.createObjectStore('attempts', { keyPath: 'id' });
      attempts.createIndex('by-learner-module', ['learnerId', 'moduleId']);
      const completions = db.createObjectStore('completions', { keyPath: 'id' });
      completions.createIndex('by-learner-module', ['learnerId', 'moduleId']);
    },
  });
}
