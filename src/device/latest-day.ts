import { addDays, clockDay } from '../shared/campaign/calendar-days.ts';
import { localDate } from '../shared/roster/roster.ts';
import { META } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';

/** The day the kiosk goes by, kept as the latest seen: a clock stepped back closes nothing. */
export async function kioskDay(db: LearningDb, now = Date.now()): Promise<string> {
  const tx = db.transaction('meta', 'readwrite');
  const day = clockDay(localDate(now), ((await tx.store.get(META.latestDay)) as string | undefined) ?? null);
  await tx.store.put(day, META.latestDay);
  await tx.done;
  return day;
}

/**
 * A clock set forward by mistake leaves its day behind as the latest seen,
 * and the kiosk would keep that future day after the clock is put right.
 * At each contact the server's date sets it back: the latest seen may run
 * ahead of the server's day by one day (time zones), no more.
 */
export async function settleDay(db: LearningDb, serverNow: number): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  const latest = (await tx.store.get(META.latestDay)) as string | undefined;
  const serverDay = localDate(serverNow);
  if (latest && latest > addDays(serverDay, 1)) await tx.store.put(serverDay, META.latestDay);
  await tx.done;
}
