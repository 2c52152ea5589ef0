import { useEffect, useState } from 'preact/hooks';
import type { LearningDb } from '../../device/learning-db.ts';
import type { SyncView } from '../services/sync-client.ts';

export interface SyncState {
  /** What waits, what failed and why; null until the sync client has read the outbox. */
  view: SyncView | null;
  syncNow(): void;
}

/** Starts background sync once the learning database is open: it is not needed for the first screen. */
export function useSync(db: LearningDb | undefined): SyncState {
  const [view, setView] = useState<SyncView | null>(null);
  const [syncNow, setSyncNow] = useState<(() => void) | null>(null);
  useEffect(() => {
    if (!db) return;
    void import('../after-first-render.ts')
      .then(({ startSync }) => startSync(db, setView))
      .then(({ syncNow: now }) => setSyncNow(() => now));
  }, [db]);
  return { view, syncNow: () => syncNow?.() };
}
