import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ProgressRecord } from '../../shared/progress.ts';
import type { SiteInfo } from '../../shared/roster/roster.ts';
import type { LearningDb } from '../../device/learning-db.ts';

export interface Learning {
  db: LearningDb;
  learnerId: string;
  /** The learner's progress by module id. */
  progress: Map<string, ProgressRecord>;
  reload(): Promise<void>;
}

/** This device's database and what kind of device it is. */
export interface Device {
  db: LearningDb;
  /** The site of an enrolled kiosk, where learners sign in; null on a personal device. */
  site: SiteInfo | null;
  /** The personal device's one learner; null on a kiosk. */
  localLearnerId: string | null;
}

type Opened = Device & { store: typeof import('../../device/learning-store.ts') };
let opened: Promise<Opened> | null = null;

/** IndexedDB code is loaded after the first render: the home screen shows without it and fills in statuses. */
function openOnce(): Promise<Opened> {
  opened ??= Promise.all([import('../../device/learning-db.ts'), import('../../device/learning-store.ts'), import('../../device/roster-store.ts')])
    .then(async ([dbModule, store, roster]) => {
      const db = await dbModule.openLearningDb();
      const site = await roster.kioskSite(db);
      return { db, site, localLearnerId: site ? null : await store.localLearnerId(db), store };
    });
  return opened;
}

export function useDevice(): Device | null {
  const [device, setDevice] = useState<Device | null>(null);
  useEffect(() => { void openOnce().then(setDevice); }, []);
  return device;
}

/** A learner's records from IndexedDB; null until they are read, or while no one is signed in. */
export function useLearning(learnerId: string | null): Learning | null {
  const [state, setState] = useState<Omit<Learning, 'reload'> | null>(null);
  const reload = useCallback(async () => {
    if (!learnerId) return setState(null);
    const { db, store } = await openOnce();
    const records = await store.listProgress(db, learnerId);
    setState({ db, learnerId, progress: new Map(records.map((p) => [p.moduleId, p])) });
  }, [learnerId]);
  useEffect(() => { void reload(); }, [reload]);
  return state && state.learnerId === learnerId ? { ...state, reload } : null;
}
