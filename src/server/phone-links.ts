import type { PhoneLinkAnswer } from '../shared/roster/roster.ts';
import type { StoreSet } from './store/stores.ts';

/** How long a phone link works: long enough to open it there and then, short enough that a link seen over a shoulder is spent. */
export const PHONE_LINK_MINUTES = 30;

/** A one-time link for one person's own phone, at `origin`, with its QR code: made from the console or by a supervisor on a kiosk. */
export async function makePhoneLink(stores: Pick<StoreSet, 'devices'>, personId: string, origin: string, now: number): Promise<PhoneLinkAnswer & { siteId: string }> {
  const made = await stores.devices.createPhoneLink(personId, PHONE_LINK_MINUTES * 60_000, now);
  const link = `${origin}/#link=${made.code}`;
  const { qrPath, qrSvg } = await import('./qr.ts');
  // One encoding, drawn twice: an image for the console, a path for the kiosk to draw itself.
  const qr = qrPath(link);
  return { code: made.code, link, name: made.name, expiresAt: new Date(made.expiresAt).toISOString(), qrSvg: qrSvg(qr), qr, siteId: made.siteId };
}
