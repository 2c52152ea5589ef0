/**
 * Failure-driven backoff for guessable endpoints (enrollment codes, console
 * sign-in). Pure: the clock is passed in, so tests need no waiting.
 *
 * Each key (a client address, a site, an account, or everyone at once) may
 * fail `free` times; after that every further failure doubles the wait before
 * the next try is taken at all, up to `maxWaitMs`. Failures are forgotten
 * after `forgetMs` of quiet.
 *
 * Where the check behind a try is slow (a password hash), a caller counts the
 * try when it starts (`begin`) and ends it with its outcome (`finish`): tries
 * still being checked count against the allowance, so a burst gets at most
 * the allowance checked, whatever it sends before the first answer.
 */
export interface BackoffOptions {
  free: number;
  baseWaitMs: number;
  maxWaitMs: number;
  forgetMs: number;
  /**
   * Keys kept at most; the quietest go first, so a flood of addresses cannot fill the memory. A
   * live lock or a try being checked is never dropped to make room: the map then grows past it,
   * as fast as the allowance lets locks be earned.
   */
  maxKeys: number;
}

interface Entry { failures: number; pending: number; until: number; last: number }
export interface Lock { waitMs: number; failures: number }

export class Backoff {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly options: BackoffOptions) {}

  /** Milliseconds until `key` may try again; 0 when it may now. Tries being checked count as failures until they are known not to be. */
  waitFor(key: string, now: number): number {
    const e = this.live(key, now);
    if (!e) return 0;
    if (e.until > now) return e.until - now;
    const slots = Math.max(1, this.options.free + 1 - e.failures);
    return e.pending >= slots ? this.options.baseWaitMs : 0;
  }

  /** Counts a failure; returns the lock it set (how long, after how many failures), or null. */
  fail(key: string, now: number): Lock | null {
    const e = this.touch(key, now);
    e.failures++;
    const over = e.failures - this.options.free;
    if (over <= 0) return null;
    const waitMs = Math.min(this.options.maxWaitMs, this.options.baseWaitMs * 2 ** (over - 1));
    e.until = now + waitMs;
    return { waitMs, failures: e.failures };
  }

  /** Clears a key: its failures and any lock. */
  succeed(key: string): void {
    this.entries.delete(key);
  }

  /** A slow try has started: it counts against the allowance until `finish`. */
  begin(key: string, now: number): void {
    this.touch(key, now).pending++;
  }

  /** A slow try has ended: a failure counts (and may lock: the wait is returned); a success, or a try never checked, only ends. */
  finish(key: string, outcome: 'failed' | 'ended', now: number): Lock | null {
    const e = this.touch(key, now);
    e.pending = Math.max(0, e.pending - 1);
    return outcome === 'failed' ? this.fail(key, now) : null;
  }

  /** Keys locked now, with until when and after how many failures. */
  locked(now: number): { key: string; until: number; failures: number }[] {
    return [...this.entries].filter(([, e]) => e.until > now).map(([key, e]) => ({ key, until: e.until, failures: e.failures }));
  }

  /** Forgets every key `which` picks (an admin lifting locks); true when there was one. */
  forget(which: (key: string) => boolean): boolean {
    let found = false;
    for (const key of [...this.entries.keys()]) if (which(key)) found = this.entries.delete(key) || found;
    return found;
  }

  private touch(key: string, now: number): Entry {
    const e = this.live(key, now) ?? { failures: 0, pending: 0, until: 0, last: now };
    e.last = now;
    this.entries.delete(key);
    this.entries.set(key, e);
    // Past maxKeys only quiet keys make room: dropping a live lock or the key being counted would erase what it holds.
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.options.maxKeys) break;
      if (oldest !== key && old.pending === 0 && old.until <= now) this.entries.delete(oldest);
    }
    return e;
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.pending === 0 && now - e.last > this.options.forgetMs && now >= e.until) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}
