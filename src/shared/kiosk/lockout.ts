/**
 * Wrong-PIN lockout, per learner and per device. Pure: the caller keeps the
 * state (IndexedDB on a kiosk) and passes the clock in.
 */
export const MAX_WRONG_PINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface LockoutState {
  /** Wrong attempts since the last success or the end of the last lockout. */
  failures: number;
  /** Device clock; null when not locked. */
  lockedUntil: number | null;
  /** When the lock started: a clock stepped back before it does not end the lock early. */
  lockedAt: number | null;
}

export const NO_LOCKOUT: LockoutState = { failures: 0, lockedUntil: null, lockedAt: null };

/** Milliseconds the learner must still wait, 0 when they may try. */
export function lockedFor(state: LockoutState, now: number): number {
  if (state.lockedUntil === null || state.lockedAt === null) return 0;
  // The device clock went back past the start of the lock: count the full period from now.
  if (now < state.lockedAt) return LOCKOUT_MS;
  return Math.max(0, state.lockedUntil - now);
}

/** The state after a wrong PIN: the fifth in a row locks for LOCKOUT_MS. */
export function afterWrongPin(state: LockoutState, now: number): LockoutState {
  const current = lockedFor(state, now) === 0 && state.lockedUntil !== null ? NO_LOCKOUT : state;
  const failures = current.failures + 1;
  if (failures >= MAX_WRONG_PINS) return { failures, lockedUntil: now + LOCKOUT_MS, lockedAt: now };
  return { ...current, failures };
}

/** Attempts left before the lock; shown to the learner so the lock is never a surprise. */
export function attemptsLeft(state: LockoutState): number {
  return Math.max(0, MAX_WRONG_PINS - state.failures);
}
