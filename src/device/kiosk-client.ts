import { ENROLL_URL, ROSTER_URL, type RosterDelta, type SiteInfo } from '../shared/roster/roster.ts';
import { settleDay } from './campaign-store.ts';
import { deviceId, deviceToken } from './outbox-store.ts';
import type { LearningDb } from './learning-db.ts';
import { applyRoster, rosterCursor, saveEnrollment } from './roster-store.ts';

async function errorOf(res: Response): Promise<string> {
  const payload = (await res.json().catch(() => null)) as { error?: string } | null;
  return payload?.error ?? `HTTP ${res.status}`;
}

/** Trades a one-time code for this device's credential and site. Throws with the server's words. */
export async function enrollDevice(db: LearningDb, code: string): Promise<SiteInfo> {
  const res = await fetch(ENROLL_URL, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, cache: 'no-store',
    body: JSON.stringify({ code, deviceId: await deviceId(db) }),
  });
  if (!res.ok) throw new Error(await errorOf(res));
  const { credential, site, label } = (await res.json()) as { credential: string; site: SiteInfo; label: string };
  await saveEnrollment(db, credential, site, label);
  await pullRoster(db);
  return site;
}

/** Fetches what changed in the site's roster since the last pull and applies it. False when not enrolled. */
export async function pullRoster(db: LearningDb): Promise<boolean> {
  const token = await deviceToken(db);
  if (!token) return false;
  const since = await rosterCursor(db);
  const res = await fetch(`${ROSTER_URL}${since ? `?since=${encodeURIComponent(since)}` : ''}`, {
    headers: { Authorization: `Bearer ${token}` }, cache: 'no-store', signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(await errorOf(res));
  await applyRoster(db, (await res.json()) as RosterDelta);
  const serverNow = Date.parse(res.headers.get('Date') ?? '');
  if (Number.isFinite(serverNow)) await settleDay(db, serverNow);
  return true;
}
