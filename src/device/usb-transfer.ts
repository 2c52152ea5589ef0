import type { PublicKeyJwk } from '../shared/content-bundle.ts';
import { needsTag, SAVED_FOR_HEADER, type DeviceNeeds } from '../shared/device-needs.ts';
import { CATALOG_URL, CONTENT_CACHE, CONTENT_CSP, type Catalog } from '../shared/module.ts';
import type { DeviceRecord } from '../shared/sync/records.ts';
import { toWire } from '../shared/sync/wire.ts';
import { META } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import { announceOutboxChange } from './outbox-events.ts';
import { deviceId, deviceToken, idbOutbox, readSyncStatus, writeSyncStatus } from './outbox-store.ts';
import { applyRoster, kioskLabel, kioskSite, rosterCursor, saveEnrollment } from './roster-store.ts';
import type { RosterDelta } from '../shared/roster/roster.ts';
import type { EnrollmentPayload } from '../shared/enrollment-file.ts';

/**
 * What files on a USB stick need of an enrolled kiosk: who it is, its oldest
 * waiting records, settling an acknowledgement exactly as a sync answer
 * settles, the server's content key, and keeping modules where the service
 * worker keeps them. The file formats themselves (shared/sync/records-file.ts,
 * shared/content-bundle.ts) load in a chunk of their own with the screens
 * (app/kiosk/usb-files.tsx), which get this from the kiosk bundle: a module
 * that chunk imported from the app's own files would be split out of them
 * into a request of its own.
 */
export interface TransferDevice {
  /** Null until the kiosk is enrolled. */
  identity(): Promise<{ deviceId: string; token: string; siteId: string; label: string; rosterCursor: string | null } | null>;
  /** The oldest `max` waiting records, each as its wire line, and how many wait in all. */
  oldest(max: number): Promise<{ records: DeviceRecord[]; lines: string[]; waiting: number }>;
  /**
   * Acked records leave the outbox, refused ones move aside with the reason;
   * `importedAt` becomes the last successful sync if later. Counts only what
   * this call changed, so loading the same acknowledgement twice counts nothing.
   */
  settle(acked: readonly string[], rejected: readonly { id: string; reason: string }[], importedAt: number): Promise<{ synced: number; refused: number }>;
  /**
   * Applies the roster changes an acknowledgement brought, made since the
   * cursor `since` its records file named: only while the kiosk still has
   * that cursor (had it pulled the roster since, what it holds is newer).
   */
  takeRoster(since: string | null, delta: RosterDelta): Promise<boolean>;
  /** The server's key for modules files; null on a kiosk enrolled before there were any. */
  contentKey(): Promise<PublicKeyJwk | null>;
  /**
   * Keeps a checked modules file's parts in the service worker's content
   * cache, the catalog last, marked saved for `savedFor`: the caller says
   * for which needs the file is whole, so "N of N saved" is never said of
   * what is not here. How many modules it kept.
   */
  saveContent(parts: readonly { url: string; type: string; body: Uint8Array }[], savedFor: DeviceNeeds): Promise<number>;
}

export function transferDevice(db: LearningDb): TransferDevice {
  return {
    async identity() {
      const [token, site, label, cursor] = await Promise.all([deviceToken(db), kioskSite(db), kioskLabel(db), rosterCursor(db)]);
      return token && site ? { deviceId: await deviceId(db), token, siteId: site.id, label: label ?? '', rosterCursor: cursor } : null;
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
    async takeRoster(since, delta) {
      if ((await rosterCursor(db)) !== since) return false;
      await applyRoster(db, delta);
      return true;
    },
    async contentKey() {
      return ((await db.get('meta', META.contentKey)) as PublicKeyJwk | undefined) ?? null;
    },
    async saveContent(parts, savedFor) {
      const cache = await caches.open(CONTENT_CACHE);
      // As the server sends content: nothing in it may run, even opened on its own.
      const response = (p: (typeof parts)[number], extra: Record<string, string> = {}) =>
        new Response(p.body as BodyInit, { headers: { 'Content-Type': p.type, 'Content-Security-Policy': CONTENT_CSP, ...extra } });
      const catalogPart = parts.find((p) => p.url === CATALOG_URL);
      if (!catalogPart) throw new Error('the file holds no catalog');
      const files = parts.filter((p) => p !== catalogPart);
      for (const part of files) await cache.put(part.url, response(part));
      await cache.put(CATALOG_URL, response(catalogPart, { [SAVED_FOR_HEADER]: needsTag(savedFor) }));
      const catalog = JSON.parse(new TextDecoder().decode(catalogPart.body)) as Catalog;
      return files.filter((p) => catalog.modules.some((m) => m.url === p.url)).length;
    },
  };
}

/**
 * Enrolls this device from an opened set-up file (shared/enrollment-file.ts):
 * it takes the device id the server made for it, then the credential, site,
 * content key and roster, as an online enrollment and first roster pull
 * would. Each step can be repeated, so a set-up cut short is done again.
 */
export async function enrollFromFile(db: LearningDb, deviceId: string, payload: EnrollmentPayload): Promise<void> {
  await db.put('meta', deviceId, META.deviceId);
  await saveEnrollment(db, payload.credential, payload.site, payload.label, payload.contentKey);
  await applyRoster(db, payload.roster);
}
