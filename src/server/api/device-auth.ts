import type { IncomingMessage } from 'node:http';
import { REVOKED_CODE } from '../../shared/roster/roster.ts';
import type { DeviceRow, DeviceStore } from '../store/device-store.ts';
import { HttpError } from './read-body.ts';


/**
 * The enrolled device behind a request's bearer credential. Only a hash of
 * each credential is stored, and the lookup is by that hash, so a guess's
 * timing tells nothing. A revoked device is told so, with the admin's reason.
 */
export async function authenticateDevice(req: IncomingMessage, devices: DeviceStore): Promise<DeviceRow> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new HttpError(401, 'This request needs a device credential: enroll this kiosk with a code from an administrator.');
  const device = await devices.deviceForToken(m[1]!);
  if (!device) throw new HttpError(401, 'This device credential is not known here: enroll this kiosk again with a new code.');
  if (device.revokedAt !== null) throw new HttpError(403, revokedMessage(device), REVOKED_CODE);
  return device;
}

/** Why a revoked device's records are refused, with the admin's reason: the same words whether they came by network or on a USB stick. */
export function revokedMessage(device: Pick<DeviceRow, 'revokedAt' | 'revokedReason' | 'learnerId'>): string {
  const on = new Date(device.revokedAt ?? 0).toISOString().slice(0, 10);
  return device.learnerId
    ? `This phone was unlinked on ${on}: ${device.revokedReason}. Its records stay on the phone; a supervisor can link it again.`
    : `This kiosk's enrollment was revoked on ${on}: ${device.revokedReason}. Its records stay on the kiosk until an administrator enrolls it again.`;
}
