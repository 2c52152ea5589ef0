import type { RejectedRecord } from '../../shared/sync/records.ts';
import { BACKGROUND_SYNC_TAG, type SyncStatus } from '../../shared/sync/status.ts';
import type { LearningDb } from '../../device/learning-db.ts';
import { onOutboxChange } from '../../device/outbox-events.ts';
import { deviceToken, listRejected, readSyncStatus, setDeviceToken, waitingCount } from '../../device/outbox-store.ts';
import { retryDelay } from '../../device/sync-engine.ts';
import { syncRunner } from '../../device/sync-runner.ts';

/** Everything the app shows about sync, read from the device's database. */
export interface SyncView {
  waiting: number;
  rejected: RejectedRecord[];
  status: SyncStatus;
  configured: boolean;
  syncing: boolean;
  /** The browser's answer to navigator.storage.persist(); null where it cannot be asked. */
  persisted: boolean | null;
}

/** How often an open app looks at the outbox (a look is free when it is empty). */
const TICK_MS = 15_000;
const TOKEN_HASH = /^#device-token=([\w-]{16,200})$/;

/**
 * Sends queued records: at start, on `online`, when a record is queued, and
 * on a timer while the app is open, backing off with jitter after failures.
 * Background Sync is asked for as well, so the service worker sends whatever
 * is still queued after the tab is closed.
 */
export async function startSync(db: LearningDb, onView: (view: SyncView) => void): Promise<{ syncNow(): void }> {
  await adoptTokenFromAddress(db);
  const persisted = await askPersistentStorage();
  const run = syncRunner(db);
  let syncing = false;
  /** Monotonic time before which no automatic attempt is made; the wall clock can step. */
  let notBefore = 0;

  const publish = async () => {
    const [waiting, rejected, status, token] = await Promise.all([waitingCount(db), listRejected(db), readSyncStatus(db), deviceToken(db)]);
    onView({ waiting, rejected, status, configured: Boolean(token), syncing, persisted });
    return { waiting };
  };

  const attempt = async (force: boolean) => {
    if (syncing || (!force && performance.now() < notBefore)) return;
    if ((await waitingCount(db)) === 0) return void publish();
    syncing = true;
    await publish();
    const outcome = await run();
    // The backoff is set before `syncing` drops, so the run's own change notice cannot start another at once.
    const { failures } = await readSyncStatus(db);
    notBefore = outcome.ok ? 0 : performance.now() + retryDelay(failures, Math.random());
    syncing = false;
    const { waiting } = await publish();
    if (waiting > 0) void registerBackgroundSync();
  };

  onOutboxChange(() => void publish().then(({ waiting }) => { if (waiting > 0 && !syncing) void attempt(false); }));
  window.addEventListener('online', () => void attempt(true));
  setInterval(() => void attempt(false), TICK_MS);
  void attempt(true);
  return { syncNow: () => void attempt(true) };
}

/** A kiosk is set up by opening the link `npm start` prints once: the token moves from the address into IndexedDB. */
async function adoptTokenFromAddress(db: LearningDb): Promise<void> {
  const m = TOKEN_HASH.exec(location.hash);
  if (!m) return;
  await setDeviceToken(db, m[1]!);
  history.replaceState(null, '', location.pathname + location.search);
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
