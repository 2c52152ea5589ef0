import { ENROLL_URL, ROSTER_URL, type EnrollAnswer, type RosterDelta, type SiteInfo } from '../shared/roster/roster.ts';
import { settleDay } from './latest-day.ts';
import { deviceId, deviceToken } from './outbox-store.ts';
import type { LearningDb } from './learning-db.ts';
import { applyRoster, rosterCursor, saveEnrollment, savePhoneLink, type PhoneLearner } from './roster-store.ts';

export async function errorOf(res: Response): Promise<string> {
  const payload = (await res.json().catch(() => null)) as { error?: string } | null;
  return payload?.error ?? `HTTP ${res.status}`;
}

/** Trades a one-time code for a credential, as a kiosk or as a worker's phone: the server refuses a code of the other kind before using it. */
async function trade(db: LearningDb, code: string, as: 'kiosk' | 'phone'): Promise<EnrollAnswer> {
  const res = await fetch(ENROLL_URL, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, cache: 'no-store',
    body: JSON.stringify({ code, deviceId: await deviceId(db), as }),
  });
  if (!res.ok) throw new Error(await errorOf(res));
  return (await res.json()) as EnrollAnswer;
}

/** Trades a one-time code for this device's credential and site. Throws with the server's words. */
export async function enrollDevice(db: LearningDb, code: string): Promise<SiteInfo> {
  const { credential, site, label, contentKey } = await trade(db, code, 'kiosk');
  await saveEnrollment(db, credential, site, label, contentKey);
  await pullRoster(db);
  return site;
}

/** Links this device, a worker's own phone, to the one learner a link was made for. Throws with the server's words. */
export async function linkPhone(db: LearningDb, code: string): Promise<PhoneLearner> {
  const { credential, learner } = await trade(db, code, 'phone');
  await savePhoneLink(db, credential, learner!);
  await pullRoster(db);
  return learner!;
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
