import { afterWrongPin, NO_LOCKOUT, type LockoutState } from '../shared/kiosk/lockout.ts';
import type { LearningDb } from './learning-db.ts';

/** Wrong PINs on this kiosk, per learner: kiosk code only, so a phone never downloads it. */
export async function lockoutOf(db: LearningDb, learnerId: string): Promise<LockoutState> {
  return (await db.get('lockouts', learnerId)) ?? NO_LOCKOUT;
}

/** Counts a wrong PIN; returns the new state (locked after the fifth). */
export async function noteWrongPin(db: LearningDb, learnerId: string, now = Date.now()): Promise<LockoutState> {
  const tx = db.transaction('lockouts', 'readwrite');
  const next = afterWrongPin((await tx.store.get(learnerId)) ?? NO_LOCKOUT, now);
  await tx.store.put({ ...next, learnerId });
  await tx.done;
  return next;
}

export async function clearLockout(db: LearningDb, learnerId: string): Promise<void> {
  await db.delete('lockouts', learnerId);
}
