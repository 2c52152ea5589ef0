import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DeviceNeeds } from '../../shared/device-needs.ts';
import type { SiteInfo } from '../../shared/roster/roster.ts';
import type { PhoneLearner } from '../../device/roster-store.ts';
import type { LearningDb } from '../../device/learning-db.ts';
import type { Learning } from '../learning.ts';

/** This device's database and what kind of device it is. */
export interface Device {
  db: LearningDb;
  /** The site of an enrolled kiosk, where learners sign in; null on a personal device. */
  site: SiteInfo | null;
  /** The personal device's one learner; null on a kiosk. */
  localLearnerId: string | null;
  /** A worker's own phone: whom it is linked to; null on a kiosk or a device nobody linked. */
  phone: PhoneLearner | null;
}

type Lazy = typeof import('../after-first-render.ts');
type Opened = Device & Pick<Lazy, 'listProgress' | 'needsOf'>;
let opened: Promise<Opened> | null = null;

/** IndexedDB code is loaded after the first render: the home screen shows without it and fills in statuses. */
function openOnce(): Promise<Opened> {
  opened ??= import('../after-first-render.ts')
    .then(async ({ openLearningDb, kioskSite, localLearnerId, phoneLearner, listProgress, needsOf }) => {
      const db = await openLearningDb();
      const site = await kioskSite(db);
      return { db, site, localLearnerId: site ? null : await localLearnerId(db), phone: site ? null : await phoneLearner(db), listProgress, needsOf };
    });
  return opened;
}

/** What this device keeps offline (after-first-render.ts, needsOf). */
export async function deviceNeeds(uiLang: string): Promise<DeviceNeeds> {
  const { db, site, needsOf } = await openOnce();
  return needsOf(db, site, uiLang);
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
    const { db, listProgress } = await openOnce();
    const records = await listProgress(db, learnerId);
    setState({ db, learnerId, progress: new Map(records.map((p) => [p.moduleId, p])) });
  }, [learnerId]);
  useEffect(() => { void reload(); }, [reload]);
  return state && state.learnerId === learnerId ? { ...state, reload } : null;
}
