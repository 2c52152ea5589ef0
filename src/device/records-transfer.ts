import type { DeviceRecord } from '../shared/sync/records.ts';
import { toWire } from '../shared/sync/wire.ts';
import { META } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import { announceOutboxChange } from './outbox-events.ts';
import { deviceId, deviceToken, idbOutbox, readSyncStatus, writeSyncStatus } from './outbox-store.ts';
import { kioskSite } from './roster-store.ts';

/**
 * What records on a USB stick need of an enrolled kiosk's database: who it
 * is, its oldest waiting records, and settling an acknowledgement exactly as
 * a sync answer settles. The file format itself (shared/sync/records-file.ts)
 * loads in a chunk of its own with the screen (app/kiosk/records-file.tsx),
 * which gets this from the kiosk bundle: a module it imported from the app's
 * own file would be split out of that file into a request of its own.
 */
export interface TransferDevice {
  /** Null until the kiosk is enrolled. */
  identity(): Promise<{ deviceId: string; token: string; siteId: string; label: string } | null>;
  /** The oldest `max` waiting records, each as its wire line, and how many wait in all. */
  oldest(max: number): Promise<{ records: DeviceRecord[]; lines: string[]; waiting: number }>;
  /**
   * Acked records leave the outbox, refused ones move aside with the reason;
   * `importedAt` becomes the last successful sync if later. Counts only what
   * this call changed, so loading the same acknowledgement twice counts nothing.
   */
  settle(acked: readonly string[], rejected: readonly { id: string; reason: string }[], importedAt: number): Promise<{ synced: number; refused: number }>;
}

export function transferDevice(db: LearningDb): TransferDevice {
  return {
    async identity() {
      const [token, site, label] = await Promise.all([deviceToken(db), kioskSite(db), db.get('meta', META.kioskLabel)]);
      return token && site ? { deviceId: await deviceId(db), token, siteId: site.id, label: (label as string | undefined) ?? '' } : null;
    },
    async oldest(max) {
      const records = await idbOutbox(db).peek(max);
      return { records, lines: records.map((r) => JSON.stringify(toWire(r))), waiting: await db.count('outbox') };
    },
    async settle(acked, rejected, importedAt) {
      const waiting = new Set(await db.getAllKeys('outbox'));
      await idbOutbox(db).settle(acked, rejected);
      const status = await readSyncStatus(db);
      await writeSyncStatus(db, { ...status, lastSuccessAt: Math.max(status.lastSuccessAt ?? 0, importedAt) });
      announceOutboxChange();
      return { synced: acked.filter((id) => waiting.has(id)).length, refused: rejected.filter((r) => waiting.has(r.id)).length };
    },
  };
}
