import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyProof } from '../../shared/kiosk/credential.ts';
import { PhoneLinkInput } from '../../shared/roster/admin-schema.ts';
import { phoneLinkPayload } from '../../shared/roster/roster.ts';
import { makePhoneLink } from '../phone-links.ts';
import type { DeviceRow } from '../store/device-store.ts';
import type { Stores } from '../store/stores.ts';
import { HttpError, readValid } from './read-body.ts';
import { sendJson } from './respond.ts';

/** How old a supervisor's proof may be: made a moment ago on the kiosk, at the press of the button. */
const PROOF_FRESH_MS = 5 * 60_000;

/**
 * POST /api/v1/phone-links, from an online kiosk: a supervisor signed in
 * there asks for a worker's one-time phone link. The kiosk's credential says
 * which kiosk; the proof, made with the key only the supervisor's passphrase
 * unlocks, says which supervisor, for which person, when. A proof is used
 * once: `seen` remembers those still fresh.
 */
export async function handlePhoneLink(req: IncomingMessage, res: ServerResponse, stores: Stores, device: DeviceRow, now: number, origin: string, seen: Map<string, number>): Promise<void> {
  if (device.learnerId) throw new HttpError(403, "A worker's phone cannot make links: a supervisor makes them on a kiosk, or an administrator in the console.");
  const input = await readValid(req, PhoneLinkInput, 'phone link request', 4096);
  if (Math.abs(input.at - now) > PROOF_FRESH_MS) throw new HttpError(400, 'Bad phone link request: at: must be within five minutes of now (is the kiosk\'s clock right?).');
  for (const [proof, at] of seen) if (at < now - PROOF_FRESH_MS) seen.delete(proof);
  if (seen.has(input.proof)) throw new HttpError(409, 'This request was already answered: ask for a new link.');
  const members = await stores.sites.members([input.supervisorId, input.personId]);
  const supervisor = members.get(input.supervisorId);
  if (!supervisor || supervisor.siteId !== device.siteId || !supervisor.supervisor || supervisor.removed) {
    throw new HttpError(403, `supervisorId: ${input.supervisorId} is not a supervisor at this kiosk's site.`);
  }
  const person = members.get(input.personId);
  if (!person || person.siteId !== device.siteId || person.removed) throw new HttpError(404, `personId: ${input.personId} is not on this kiosk's site's roster.`);
  const key = supervisor.signingKey;
  if (!key || !(await verifyProof(key, phoneLinkPayload(device.id, input.supervisorId, input.personId, input.at), input.proof))) {
    throw new HttpError(403, `proof: does not match supervisor ${input.supervisorId}'s passphrase for this request.`);
  }
  seen.set(input.proof, input.at);
  const { siteId, ...link } = await makePhoneLink(stores, input.personId, origin, now);
  await stores.console.audit({ at: now, userId: `supervisor ${input.supervisorId}`, action: 'site.phone-link', target: siteId, detail: `for ${input.personId}, on kiosk ${device.label}` });
  sendJson(req, res, 201, link);
}
