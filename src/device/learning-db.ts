import { deleteDB, openDB } from 'idb';
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
    blocking: letGo,
  });
}

/** Another tab or the service worker holds an older version open: it must let go, or the newer one waits forever. */
function letGo(_current: number, _next: number | null, event: IDBVersionChangeEvent): void {
  (event.target as IDBDatabase).close();
}

/**
 * The database as it is, for the service worker's background sync. It never
 * upgrades the schema (pages do, above): on a device whose page has not yet
 * opened this version, opening fails and the browser retries the sync later.
 * Keeps the upgrades out of the service worker's bytes.
 */
export function openCurrentLearningDb(name = DB_NAME): Promise<LearningDb> {
  return openDB<LearningSchema>(name, DB_VERSION, {
    upgrade(_db, _oldVersion, _newVersion, tx) {
      tx.done.catch(() => undefined); // the open itself rejects, and says so
      tx.abort();
    },
    blocking: letGo,
  });
}

/**
 * Deletes this device's learning database, records and all: a worker
 * signing out of their own phone. The caller makes sure nothing unsent is
 * in it. Waits while another tab or the service worker still has it open.
 */
export async function deleteLearningDb(db: LearningDb, name = DB_NAME): Promise<void> {
  db.close();
  await deleteDB(name);
}
