import { MAX_BATCH_JSON_BYTES, MAX_RECORDS_PER_BATCH } from '../shared/sync/limits.ts';
import { SYNC_LOCK, type SyncStatus } from '../shared/sync/status.ts';
import { announceOutboxChange } from './outbox-events.ts';
import type { LearningDb } from './learning-db.ts';
import { deviceId, deviceToken, idbOutbox, outboxReport, readSyncStatus, writeSyncStatus } from './outbox-store.ts';
import { drainOutbox, SyncError, type DrainReport } from './sync-engine.ts';
import { httpTransport } from './sync-transport.ts';

/** Batches stay well inside what the server accepts; the envelope and JSON escapes need room. */
const LIMITS = { maxRecords: MAX_RECORDS_PER_BATCH, maxBytes: MAX_BATCH_JSON_BYTES - 4096 };

export type SyncOutcome = { ok: true; report: DrainReport } | { ok: false; error: SyncError };

/**
 * One sync run, in the page or the service worker: holds the device-wide Web
 * Lock while batches are in flight, so two tabs, or a tab and the service
 * worker, never send at the same time; records the outcome; tells every
 * context that the outbox changed.
 */
export function syncRunner(db: LearningDb): () => Promise<SyncOutcome> {
  let running: Promise<SyncOutcome> | null = null;
  const runLocked = async (): Promise<SyncOutcome> => {
    const status = await readSyncStatus(db);
    let outcome: SyncOutcome;
    try {
      const token = await deviceToken(db);
      if (!token) throw new SyncError('not-set-up', 'this device has no sync credential yet');
      outcome = { ok: true, report: await drainOutbox(idbOutbox(db), httpTransport(await deviceId(db), token, () => outboxReport(db)), LIMITS) };
    } catch (err) {
      outcome = { ok: false, error: err instanceof SyncError ? err : new SyncError('server', String(err)) };
    }
    const next: SyncStatus = outcome.ok
      ? { lastSuccessAt: Date.now(), lastFailure: null, failures: 0 }
      : { ...status, lastFailure: { code: outcome.error.code, detail: outcome.error.detail, at: Date.now() }, failures: status.failures + 1 };
    await writeSyncStatus(db, next);
    announceOutboxChange();
    return outcome;
  };
  return () => {
    // Within one context, callers share the run in progress; across contexts, the lock queues them.
    running ??= (navigator.locks ? (navigator.locks.request(SYNC_LOCK, runLocked) as unknown as Promise<SyncOutcome>) : runLocked())
      .finally(() => { running = null; });
    return running;
  };
}
