/**
 * Failure-driven backoff for guessable endpoints (enrollment codes, and any
 * future sign-in API). Pure: the clock is passed in, so tests need no waiting.
 *
 * Each key (a client address, a site, or everyone at once) may fail `free`
 * times; after that every further failure doubles the wait before the next
 * try is taken at all, up to `maxWaitMs`. A success clears that key.
 * Failures are forgotten after `forgetMs` of quiet.
 */
export interface BackoffOptions {
  free: number;
  baseWaitMs: number;
  maxWaitMs: number;
  forgetMs: number;
  /** Keys kept at most; the oldest go first, so a flood of addresses cannot fill the memory. */
  maxKeys: number;
}

interface Entry { failures: number; until: number; last: number }

export class Backoff {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly options: BackoffOptions) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitFor(key: string, now: number): number {
    const e = this.live(key, now);
    return e ? Math.max(0, e.until - now) : 0;
  }

  fail(key: string, now: number): void {
    const e = this.live(key, now) ?? { failures: 0, until: 0, last: now };
    e.failures++;
    e.last = now;
    const over = e.failures - this.options.free;
    if (over > 0) e.until = now + Math.min(this.options.maxWaitMs, this.options.baseWaitMs * 2 ** (over - 1));
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > this.options.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.last > this.options.forgetMs && now >= e.until) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}
