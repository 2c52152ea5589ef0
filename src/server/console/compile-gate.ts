import { HttpError } from '../api/read-body.ts';

/** Compiles one account may start in a window: an author saving as they type stays far below it. */
export const COMPILE_RATE = { max: 120, windowMs: 10 * 60_000 } as const;

/**
 * Per account: one compile at a time, and at most COMPILE_RATE.max in a
 * window. Checked and counted in one synchronous step before the compile is
 * queued, so a burst from one account gets one compile and a 429 for the rest
 * (the editor sends its next change only when the last one has answered).
 */
export class CompileGate {
  private readonly inFlight = new Set<string>();
  private readonly recent = new Map<string, number[]>();

  async run<T>(account: string, now: number, work: () => Promise<T>): Promise<T> {
    if (this.inFlight.has(account)) throw new HttpError(429, 'Your last change is still being compiled: send this one when it has answered.', 'busy', 1);
    const starts = (this.recent.get(account) ?? []).filter((t) => now - t < COMPILE_RATE.windowMs);
    if (starts.length >= COMPILE_RATE.max) {
      const seconds = Math.ceil((starts[0]! + COMPILE_RATE.windowMs - now) / 1000);
      throw new HttpError(429, `You have compiled ${COMPILE_RATE.max} times in ${COMPILE_RATE.windowMs / 60_000} minutes: try again in ${seconds} s.`, 'busy', seconds);
    }
    this.recent.set(account, [...starts, now]);
    this.inFlight.add(account);
    try {
      return await work();
    } finally {
      this.inFlight.delete(account);
    }
  }
}
