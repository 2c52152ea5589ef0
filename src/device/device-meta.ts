import type { IDBPObjectStore, StoreNames } from 'idb';
import { v7 as uuidv7 } from 'uuid';
import type { DeviceRecord } from '../shared/sync/records.ts';
import type { LearningSchema } from './learning-schema.ts';

/** The meta store inside whichever read-write transaction the caller opened. */
export type MetaStore = Pick<IDBPObjectStore<LearningSchema, ArrayLike<StoreNames<LearningSchema>>, 'meta', 'readwrite'>, 'get' | 'put'>;

export const META = {
  deviceId: 'deviceId',
  nextSeq: 'nextSeq',
  deviceToken: 'deviceToken',
  learnerId: 'learnerId',
  syncStatus: 'syncStatus',
  /** The site an enrolled kiosk belongs to (SiteInfo); absent on a personal device. */
  site: 'site',
  /** A worker's own phone: the one learner it is linked to ({id, name, lang}); absent on a kiosk or an unlinked device. */
  phone: 'phone',
  /** The name an admin gave this kiosk when making its enrollment code ("Canteen kiosk"). */
  kioskLabel: 'kioskLabel',
  /** The server's public key for modules files (PublicKeyJwk), from the enrollment: a kiosk with no line checks them with it. */
  contentKey: 'contentKey',
  rosterCursor: 'rosterCursor',
  /** The site's QR poster codes (WireCode[]), from the roster: a scan opens its module with no connection. */
  codes: 'codes',
  /** The latest local day the kiosk has seen: a clock stepped back never closes a campaign step. */
  latestDay: 'latestDay',
} as const;

export async function deviceIdIn(meta: MetaStore): Promise<string> {
  let id = (await meta.get(META.deviceId)) as string | undefined;
  if (!id) {
    id = `dev-${crypto.randomUUID()}`;
    await meta.put(id, META.deviceId);
  }
  return id;
}

type Unstamped<R> = R extends DeviceRecord ? Omit<R, 'id' | 'deviceId' | 'seq' | 'at'> : never;

/**
 * Gives a new record its identity: a UUIDv7, this device's id and the next
 * device sequence number, inside the caller's transaction, so the number is
 * used exactly when the record is written.
 */
export async function stampRecord<R extends DeviceRecord>(meta: MetaStore, fields: Unstamped<R>, at = Date.now(), id = uuidv7()): Promise<R> {
  const deviceId = await deviceIdIn(meta);
  const seq = ((await meta.get(META.nextSeq)) as number | undefined) ?? 1;
  await meta.put(seq + 1, META.nextSeq);
  return { ...fields, id, deviceId, seq, at } as unknown as R;
}
