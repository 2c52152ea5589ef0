import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ProgressRecord } from '../shared/learning-records.ts';
import type { LearningDb } from '../device/learning-db.ts';

export interface Learning {
  db: LearningDb;
  learnerId: string;
  /** The learner's progress by module id. */
  progress: Map<string, ProgressRecord>;
  reload(): Promise<void>;
}

let opened: Promise<{ db: LearningDb; learnerId: string; store: typeof import('../device/learning-store.ts') }> | null = null;

/** IndexedDB code is loaded after the first render: the home screen shows without it and fills in statuses. */
function openOnce() {
  opened ??= Promise.all([import('../device/learning-db.ts'), import('../device/learning-store.ts')]).then(async ([dbModule, store]) => {
    const db = await dbModule.openLearningDb();
    return { db, learnerId: await store.localLearnerId(db), store };
  });
  return opened;
}

/** The learner's records from IndexedDB; null until they are read, so the shell never waits for them. */
export function useLearning(): Learning | null {
  const [state, setState] = useState<Omit<Learning, 'reload'> | null>(null);
  const reload = useCallback(async () => {
    const { db, learnerId, store } = await openOnce();
    const records = await store.listProgress(db, learnerId);
    setState({ db, learnerId, progress: new Map(records.map((p) => [p.moduleId, p])) });
  }, []);
  useEffect(() => { void reload(); }, [reload]);
  return state && { ...state, reload };
}
