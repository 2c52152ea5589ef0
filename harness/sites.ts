import type { PersonInput } from '../src/shared/roster/admin-schema.ts';
import type { StoreSet } from '../src/server/store/stores.ts';

/** The learners shiftOfRecords() draws from: E10000 … E10149. */
export const SHIFT_LEARNERS = Array.from({ length: 150 }, (_, i) => `E${10000 + i}`);

export const person = (id: string, extra: Partial<PersonInput> = {}): PersonInput =>
  ({ id, name: `Person ${id}`, lang: 'en', roles: [], supervisor: false, badge: null, modules: [], ...extra });

/** A site with the given people (by default the shift learners) and one kiosk enrolled there; returns its credential. */
export async function siteWithKiosk(stores: StoreSet, options: { siteId: string; deviceId: string; people?: PersonInput[]; now?: number }): Promise<string> {
  const now = options.now ?? Date.now();
  await stores.sites.putSite(options.siteId, { name: `Site ${options.siteId}`, lang: 'en' }, now);
  await stores.sites.importRoster(options.siteId, options.people ?? SHIFT_LEARNERS.map((id) => person(id)), false, false);
  return enroll(stores, options.siteId, options.deviceId, now);
}

export async function enroll(stores: StoreSet, siteId: string, deviceId: string, now = Date.now()): Promise<string> {
  const { code } = await stores.devices.createEnrollmentCode(siteId, `Kiosk ${deviceId}`, 3600_000, now);
  return (await stores.devices.enroll(code, deviceId, now)).token;
}
