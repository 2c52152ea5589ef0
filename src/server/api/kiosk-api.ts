import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { describeIssues, EnrollInput } from '../../shared/roster/admin-schema.ts';
import type { DeviceRow, SiteStore } from '../store/site-store.ts';
import { HttpError, readJson } from './read-body.ts';
import { sendJson } from './respond.ts';

/** POST /api/v1/enroll {code, deviceId}: the code is the credential, once. */
export async function handleEnroll(req: IncomingMessage, res: ServerResponse, sites: SiteStore, now: number): Promise<void> {
  const parsed = v.safeParse(EnrollInput, await readJson(req, 4096));
  if (!parsed.success) throw new HttpError(400, `Bad enrollment request: ${describeIssues(parsed.issues)}.`);
  const { token, site } = await sites.enroll(parsed.output.code, parsed.output.deviceId, now);
  sendJson(req, res, 200, { credential: token, site });
}

/** GET /api/v1/roster?since=cursor: the device's site, changed entries only once it has a cursor. */
export async function handleRoster(req: IncomingMessage, res: ServerResponse, sites: SiteStore, device: DeviceRow, url: URL, now: number): Promise<void> {
  const since = url.searchParams.get('since');
  await sites.recordContact(device.id, now, null, null);
  sendJson(req, res, 200, await sites.rosterDelta(device.siteId, since, now));
}
