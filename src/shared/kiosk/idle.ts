/**
 * When an idle learner is warned and signed out. Pure: the kiosk passes the
 * monotonic time of the last touch or key and of now.
 */
export const DEFAULT_IDLE_SECONDS = 120;
/** The countdown shows for this long before sign-out, or the whole period if it is shorter. */
export const IDLE_WARNING_SECONDS = 30;

export type IdlePhase = { kind: 'active' } | { kind: 'warning'; secondsLeft: number } | { kind: 'expired' };

export function idlePhase(lastActivityMs: number, nowMs: number, idleSeconds: number): IdlePhase {
  const left = idleSeconds * 1000 - (nowMs - lastActivityMs);
  if (left <= 0) return { kind: 'expired' };
  if (left <= Math.min(IDLE_WARNING_SECONDS, idleSeconds) * 1000) return { kind: 'warning', secondsLeft: Math.ceil(left / 1000) };
  return { kind: 'active' };
}
