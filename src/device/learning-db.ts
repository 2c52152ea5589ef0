import { openDB } from 'idb';
import type { LearningDb, LearningSchema } from './learning-schema.ts';
import { upgradeV1Records } from './upgrade-v1.ts';

export type { LearningDb, LearningSchema, UpgradeTx } from './learning-schema.ts';

export const DB_NAME = 'lowband-learning';
export const DB_VERSION = 4;

export function openLearningDb(name = DB_NAME): Promise<LearningDb> {
  return openDB<LearningSchema>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('meta');
        db.createObjectStore('progress', { keyPath: ['learnerId', 'moduleId'] }).createIndex('by-learner', 'learnerId');
        db.createObjectStore('attempts', { keyPath: 'id' }).createIndex('by-learner-module', ['learnerId', 'moduleId']);
        db.createObjectStore('completions', { keyPath: 'id' }).createIndex('by-learner-module', ['learnerId', 'moduleId']);
      }
      if (oldVersion < 2) {
        db.createObjectStore('checkpoints', { keyPath: 'id' }).createIndex('by-learner-module', ['learnerId', 'moduleId']);
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('by-seq', 'seq', { unique: true });
        db.createObjectStore('rejected', { keyPath: 'record.id' });
        // Results taken before sync existed are still owed to the server.
        if (oldVersion === 1) await upgradeV1Records(tx);
      }
      if (oldVersion < 3) {
        db.createObjectStore('people', { keyPath: 'id' });
        db.createObjectStore('assignments', { keyPath: ['target', 'moduleId'] });
        db.createObjectStore('known', { keyPath: ['learnerId', 'moduleId'] });
        db.createObjectStore('lockouts', { keyPath: 'learnerId' });
      }
      if (oldVersion < 4) {
        db.createObjectStore('campaigns', { keyPath: 'id' });
        db.createObjectStore('marks', { keyPath: ['learnerId', 'key'] });
        db.createObjectStore('reviews', { keyPath: 'id' }).createIndex('by-learner-module', ['learnerId', 'moduleId']);
      }
    },
    // Another tab or the service worker holds an older version open: it must let go, or this one waits forever.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}
