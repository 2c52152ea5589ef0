import type { RejectedRecord } from '../../shared/sync/records.ts';
import { BACKGROUND_SYNC_TAG, type SyncStatus } from '../../shared/sync/status.ts';
import type { LearningDb } from '../../device/learning-db.ts';
import { onOutboxChange } from '../../device/outbox-events.ts';
import { pullRoster } from '../../device/kiosk-client.ts';
import { deviceToken, listRejected, readSyncStatus, waitingCount } from '../../device/outbox-store.ts';
import { RetryWindow } from '../../device/sync-engine.ts';
import { syncRunner } from '../../device/sync-runner.ts';

/** Everything the app shows about sync, read from the device's database. */
export interface SyncView {
  waiting: number;
  rejected: RejectedRecord[];
  status: SyncStatus;
  configured: boolean;
  syncing: boolean;
  /** What the browser says of its network; without one the records are waiting, whatever the last attempt said. */
  online: boolean;
  /** The browser's answer to navigator.storage.persist(); null where it cannot be asked. */
  persisted: boolean | null;
}

/** How often an open app looks at the outbox (a look is free when it is empty). */
const TICK_MS = 15_000;
/** How often an enrolled kiosk asks for roster changes; a delta with nothing new is a few hundred bytes. */
const ROSTER_MS = 5 * 60_000;

/**
 * Sends queued records: at start, on `online`, when a record is queued, and
 * on a timer while the app is open, backing off with jitter after failures.
 * Background Sync is asked for as well, so the service worker sends whatever
 * is still queued after the tab is closed.
 */
export async function startSync(db: LearningDb, onView: (view: SyncView) => void): Promise<{ syncNow(): void }> {
  const persisted = await askPersistentStorage();
  const run = syncRunner(db);
  let syncing = false;
  // Monotonic time (performance.now()): the wall clock can step.
  const retry = new RetryWindow();

  const publish = async () => {
    const [waiting, rejected, status, token] = await Promise.all([waitingCount(db), listRejected(db), readSyncStatus(db), deviceToken(db)]);
    onView({ waiting, rejected, status, configured: Boolean(token), syncing, online: navigator.onLine, persisted });
    return { waiting };
  };

  const attempt = async (force: boolean) => {
    if (syncing || !retry.mayTry(performance.now(), force)) return;
    if ((await waitingCount(db)) === 0) return void publish();
    // The browser knows it has no network: the records wait (saying "Sending" would be untrue), and
    // Background Sync is asked for, so the worker sends them when the line returns even if the tab is closed.
    if (!navigator.onLine) {
      await publish();
      return void registerBackgroundSync();
    }
    syncing = true;
    await publish();
    const outcome = await run();
    // The backoff is set before `syncing` drops, so the run's own change notice cannot start another at once.
    const { failures } = await readSyncStatus(db);
    retry.settle(outcome.ok, failures, performance.now());
    syncing = false;
    const { waiting } = await publish();
    if (waiting > 0) void registerBackgroundSync();
  };

  // A failed pull changes nothing: the kiosk keeps the roster it has and tries again later.
  const refreshRoster = () => void pullRoster(db).catch(() => undefined);
  onOutboxChange(() => void publish().then(({ waiting }) => { if (waiting > 0 && !syncing) void attempt(false); }));
  window.addEventListener('online', () => { void attempt(true); refreshRoster(); });
  window.addEventListener('offline', () => void publish());
  setInterval(() => void attempt(false), TICK_MS);
  setInterval(refreshRoster, ROSTER_MS);
  void attempt(true);
  refreshRoster();
  return { syncNow: () => void attempt(true) };
}

async function askPersistentStorage(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return null;
  }
}

async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
    await registration?.sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Not supported or not allowed: the open app's own timer still sends the records.
  }
}
