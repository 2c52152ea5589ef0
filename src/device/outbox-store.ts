import { MAX_PENDING_REPORTED } from '../shared/sync/limits.ts';
import type { RejectedRecord } from '../shared/sync/records.ts';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../shared/sync/status.ts';
import { deviceIdIn, META } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import type { Outbox } from './sync-engine.ts';

/** The outbox as the sync engine sees it, backed by IndexedDB. */
export function idbOutbox(db: LearningDb): Outbox {
  return {
    async peek(max) {
      const tx = db.transaction('outbox');
      const records = [];
      for (let cursor = await tx.store.index('by-seq').openCursor(); cursor && records.length < max; cursor = await cursor.continue()) {
        records.push(cursor.value);
      }
      await tx.done;
      return records;
    },
    async settle(acked, rejected) {
      const tx = db.transaction(['outbox', 'rejected'], 'readwrite');
      const outbox = tx.objectStore('outbox');
      await Promise.all(acked.map((id) => outbox.delete(id)));
      for (const { id, reason } of rejected) {
        const record = await outbox.get(id);
        // Already settled by an earlier answer: nothing to move.
        if (!record) continue;
        await tx.objectStore('rejected').put({ record, reason, rejectedAt: Date.now() });
        await outbox.delete(id);
      }
      await tx.done;
    },
  };
}

/** How many records wait, and whose completions among them: the server's honest "waiting on a device". */
export async function outboxReport(db: LearningDb): Promise<{ queued: number; pending: [string, string][] }> {
  const records = await db.getAll('outbox');
  const pending = records.flatMap((r): [string, string][] => (r.kind === 'completion' ? [[r.learnerId, r.moduleId]] : []));
  return { queued: records.length, pending: pending.slice(0, MAX_PENDING_REPORTED) };
}

export function waitingCount(db: LearningDb): Promise<number> {
  return db.count('outbox');
}

export function listRejected(db: LearningDb): Promise<RejectedRecord[]> {
  return db.getAll('rejected');
}

export async function readSyncStatus(db: LearningDb): Promise<SyncStatus> {
  return ((await db.get('meta', META.syncStatus)) as SyncStatus | undefined) ?? INITIAL_SYNC_STATUS;
}

export async function writeSyncStatus(db: LearningDb, status: SyncStatus): Promise<void> {
  await db.put('meta', status, META.syncStatus);
}

export async function deviceToken(db: LearningDb): Promise<string | undefined> {
  return (await db.get('meta', META.deviceToken)) as string | undefined;
}


export async function deviceId(db: LearningDb): Promise<string> {
  const tx = db.transaction('meta', 'readwrite');
  const id = await deviceIdIn(tx.store);
  await tx.done;
  return id;
}
