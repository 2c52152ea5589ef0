import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { describeIssues, EnrollInput } from '../../shared/roster/admin-schema.ts';
import { personFromWire, personToWire, type EnrollAnswer, type RosterDelta } from '../../shared/roster/roster.ts';
import type { DeviceRow } from '../store/device-store.ts';
import { SiteError } from '../store/roster-rows.ts';
import type { StoreSet } from '../store/stores.ts';
import { Backoff } from './rate-limit.ts';
import { HttpError, readJson } from './read-body.ts';
import { sendJson } from './respond.ts';

/** Who may guess enrollment codes how fast: each client, each site, and all clients together. */
export function enrollmentLimits() {
  const minutes = (m: number) => m * 60_000;
  return {
    client: new Backoff({ free: 5, baseWaitMs: 1000, maxWaitMs: minutes(15), forgetMs: minutes(60), maxKeys: 10_000 }),
    site: new Backoff({ free: 10, baseWaitMs: 1000, maxWaitMs: minutes(15), forgetMs: minutes(60), maxKeys: 10_000 }),
    everyone: new Backoff({ free: 50, baseWaitMs: 1000, maxWaitMs: 60_000, forgetMs: minutes(10), maxKeys: 1 }),
  };
}
export type EnrollmentLimits = ReturnType<typeof enrollmentLimits>;

/**
 * POST /api/v1/enroll {code, deviceId}: the code is the credential, once.
 * Wrong codes slow the guesser down (429 with Retry-After), per client
 * address, per site a refused code belonged to, and for all clients at once,
 * so 50 bits of code cannot be walked through at line speed.
 */
export async function handleEnroll(req: IncomingMessage, res: ServerResponse, stores: Pick<StoreSet, 'devices' | 'keys'>, limits: EnrollmentLimits, clientAddress: string, now: number): Promise<void> {
  const client = `client:${clientAddress}`;
  const [own, all] = [limits.client.waitFor(client, now), limits.everyone.waitFor('all', now)];
  // The longer hold is the one that applies; when it is everyone's, this client may have made none of the guesses.
  holdBack(res, Math.max(own, all), all > own ? 'Too many wrong enrollment codes sent to this server' : 'Too many wrong enrollment codes from here');
  // Counted before the body is read and the code looked up, in the same tick as the check: a burst of guesses gets the allowance, not more.
  limits.client.begin(client, now);
  limits.everyone.begin('all', now);
  let outcome: 'failed' | 'ended' = 'ended';
  try {
    const parsed = v.safeParse(EnrollInput, await readJson(req, 4096));
    if (!parsed.success) throw new HttpError(400, `Bad enrollment request: ${describeIssues(parsed.issues)}.`);
    const { token, site, label, learner } = await stores.devices.enroll(parsed.output.code, parsed.output.deviceId, now,
      (siteId) => holdBack(res, limits.site.waitFor(`site:${siteId}`, now), 'Too many refused enrollments at this site'), parsed.output.as);
    limits.client.succeed(client);
    // The key modules files are signed with: a kiosk with no line checks them against it (shared/content-bundle.ts).
    const contentKey = (await stores.keys.contentKey(now)).publicJwk;
    sendJson(req, res, 200, { credential: token, site, label, learner, contentKey } satisfies EnrollAnswer);
  } catch (err) {
    if (err instanceof SiteError) {
      outcome = 'failed';
      if (err.siteId) limits.site.fail(`site:${err.siteId}`, now);
    }
    throw err;
  } finally {
    limits.client.finish(client, outcome, now);
    limits.everyone.finish('all', outcome, now);
  }
}

/** A 429 with Retry-After while a limit still holds; nothing when it does not. */
function holdBack(res: ServerResponse, waitMs: number, why: string): void {
  if (waitMs <= 0) return;
  const seconds = Math.ceil(waitMs / 1000);
  res.setHeader('Retry-After', String(seconds));
  throw new HttpError(429, `${why}: try again in ${seconds} s.`);
}

/**
 * GET /api/v1/roster?since=cursor: the device's site, changed entries only
 * once it has a cursor. A worker's phone gets its one learner's part of it,
 * whole every time (a few hundred bytes): a change of their roles changes
 * which of the site's assignments are theirs.
 */
export async function handleRoster(req: IncomingMessage, res: ServerResponse, stores: StoreSet, device: DeviceRow, url: URL, now: number): Promise<void> {
  const since = url.searchParams.get('since');
  await stores.devices.recordContact(device, now, null, null);
  const delta = await stores.sites.rosterDelta(device.siteId, device.learnerId ? null : since, now);
  sendJson(req, res, 200, device.learnerId ? phoneRoster(delta, device.learnerId) : delta);
}

/**
 * What a phone may know of its site: its learner (without the PIN hash, which
 * a phone never checks), the assignments that are theirs, their completions,
 * and the site's campaigns and poster codes (which name nobody). Nobody
 * else's name, number or credential reaches a personal device.
 */
export function phoneRoster(delta: RosterDelta, learnerId: string): RosterDelta {
  const wire = delta.people.find((p) => p[0] === learnerId);
  const person = wire ? personFromWire(wire).person : null;
  const targets = new Set(person ? [`person:${person.id}`, ...person.roles.map((r) => `role:${r}`)] : []);
  return {
    ...delta,
    people: person ? [personToWire({ ...person, pin: null, passphrase: null, badge: null, supervisor: false })] : [],
    assignments: delta.assignments.filter(([target]) => targets.has(target)),
    done: delta.done.filter(([learner]) => learner === learnerId),
  };
}
