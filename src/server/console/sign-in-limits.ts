import type { AccountLock } from '../../shared/console/access.ts';
import type { StoreSet } from '../store/stores.ts';

/**
 * The console's sign-in allowance, decided before the slow password check and
 * in the same tick as the request is counted, so a burst cannot race it:
 *
 * - an **account** may fail `free` times; the next failure locks it for a
 *   minute, each one after a lock for twice as long (up to 30 minutes);
 * - the same for each **(account, address)** pair;
 * - an **address** may fail fifty times a day over all accounts;
 * - at most **one check per account** is in flight: a second request for the
 *   same account while one is checked is refused, not queued;
 * - every attempt counts against every key *while it is checked*, so a burst
 *   of N gets at most the allowance checked, and the rest are refused at once;
 * - a success ends its own attempt and nothing else: failures of the same
 *   window stay (only quiet makes them forgotten, or an admin's unlock).
 *
 * A stranger who knows an admin's e-mail can lock the account, but not from
 * where the admin works: from an address the account signed in from before
 * (the caller says which), only the pair's lock applies, so the real user
 * still gets in while guessers elsewhere stay locked out.
 *
 * Pure: the clock is passed in, so tests need no waiting.
 */
export interface LimitRule {
  free: number;
  baseWaitMs: number;
  maxWaitMs: number;
  /** Failures are forgotten after this long without one (and once any lock has passed). */
  forgetMs: number;
}

const MINUTE = 60_000;
export const SIGN_IN_RULES = {
  account: { free: 4, baseWaitMs: MINUTE, maxWaitMs: 30 * MINUTE, forgetMs: 60 * MINUTE },
  pair: { free: 4, baseWaitMs: MINUTE, maxWaitMs: 30 * MINUTE, forgetMs: 60 * MINUTE },
  address: { free: 50, baseWaitMs: MINUTE, maxWaitMs: 30 * MINUTE, forgetMs: 24 * 60 * MINUTE },
} as const satisfies Record<string, LimitRule>;
type KeyKind = keyof typeof SIGN_IN_RULES;

/** Keys kept at most per kind, so a flood of addresses or made-up e-mails cannot fill the memory. */
const MAX_KEYS = 20_000;

interface Entry { failures: number; pending: number; until: number; last: number }

export type Refusal =
  | { refused: 'locked'; waitMs: number; kind: KeyKind }
  | { refused: 'in-flight' };

export interface Attempt {
  readonly account: string;
  readonly address: string;
  readonly keys: readonly (readonly [KeyKind, string])[];
}

/** A lock a finished attempt set, for the audit log. */
export interface NewLock { kind: KeyKind; key: string; waitMs: number; failures: number }

type LockState = Omit<AccountLock, 'name'>;

export class SignInLimits {
  private readonly entries: Record<KeyKind, Map<string, Entry>> = { account: new Map(), pair: new Map(), address: new Map() };
  private readonly inFlight = new Set<string>();

  /**
   * Counts an attempt, or refuses it, in one synchronous step: nothing can
   * happen between the decision and the count. `known` says the address is
   * one this account signed in from before.
   */
  begin(account: string, address: string, known: boolean, now: number): Attempt | Refusal {
    const keys: [KeyKind, string][] = [['pair', `${account}\n${address}`], ['address', address]];
    if (!known) keys.unshift(['account', account]);
    let wait: { waitMs: number; kind: KeyKind } | null = null;
    for (const [kind, key] of keys) {
      const w = this.waitFor(kind, key, now);
      if (w > 0 && (!wait || w > wait.waitMs)) wait = { waitMs: w, kind };
    }
    if (wait) return { refused: 'locked', ...wait };
    if (this.inFlight.has(account)) return { refused: 'in-flight' };
    this.inFlight.add(account);
    for (const [kind, key] of keys) this.touch(kind, key, now).pending++;
    return { account, address, keys };
  }

  /** Ends an attempt: a failure counts and may lock; a success only ends it. Returns the locks it set. */
  finish(attempt: Attempt, ok: boolean, now: number): NewLock[] {
    this.inFlight.delete(attempt.account);
    const locks: NewLock[] = [];
    for (const [kind, key] of attempt.keys) {
      const e = this.touch(kind, key, now);
      e.pending = Math.max(0, e.pending - 1);
      if (ok) continue;
      e.failures++;
      const rule = SIGN_IN_RULES[kind];
      const over = e.failures - rule.free;
      if (over > 0) {
        const waitMs = Math.min(rule.maxWaitMs, rule.baseWaitMs * 2 ** (over - 1));
        e.until = now + waitMs;
        locks.push({ kind, key, waitMs, failures: e.failures });
      }
    }
    return locks;
  }

  /** Ends an attempt that was never checked (the server was too busy): it was no guess, so it counts for nothing. */
  abandon(attempt: Attempt, now: number): void {
    this.inFlight.delete(attempt.account);
    for (const [kind, key] of attempt.keys) {
      const e = this.touch(kind, key, now);
      e.pending = Math.max(0, e.pending - 1);
    }
  }

  /** Accounts locked now (from anywhere or from some address), for the console's accounts page and the CLI. */
  locked(now: number): LockState[] {
    const byAccount = new Map<string, LockState>();
    const state = (account: string) => byAccount.get(account) ?? byAccount.set(account, { account, until: 0, failures: 0, addresses: [] }).get(account)!;
    for (const [account, e] of this.entries.account) {
      if (e.until > now) Object.assign(state(account), { until: Math.max(state(account).until, e.until), failures: e.failures });
    }
    for (const [key, e] of this.entries.pair) {
      if (e.until <= now) continue;
      const [account, address] = key.split('\n') as [string, string];
      const s = state(account);
      s.addresses.push(address);
      s.until = Math.max(s.until, e.until);
      s.failures = Math.max(s.failures, e.failures);
    }
    return [...byAccount.values()].sort((a, b) => a.account.localeCompare(b.account));
  }

  /** An admin lifts every lock and forgets every failure of one account; true when there was something to lift. */
  unlock(account: string): boolean {
    let found = this.entries.account.delete(account);
    for (const key of [...this.entries.pair.keys()]) if (key.startsWith(`${account}\n`)) found = this.entries.pair.delete(key) || found;
    return found;
  }

  /** Milliseconds until this key may try again; 0 when it may now. */
  private waitFor(kind: KeyKind, key: string, now: number): number {
    const e = this.live(kind, key, now);
    if (!e) return 0;
    if (e.until > now) return e.until - now;
    // Attempts still being checked count as failures until they are known not to be.
    const rule = SIGN_IN_RULES[kind];
    const slots = Math.max(1, rule.free + 1 - e.failures);
    return e.pending >= slots ? rule.baseWaitMs : 0;
  }

  private touch(kind: KeyKind, key: string, now: number): Entry {
    const map = this.entries[kind];
    const e = this.live(kind, key, now) ?? { failures: 0, pending: 0, until: 0, last: now };
    e.last = now;
    map.delete(key);
    map.set(key, e);
    // The quietest go first; an attempt being checked or a live lock is never dropped to make room, which would erase it.
    for (const [oldest, old] of map) {
      if (map.size <= MAX_KEYS) break;
      if (old.pending === 0 && old.until <= now) map.delete(oldest);
    }
    return e;
  }

  private live(kind: KeyKind, key: string, now: number): Entry | undefined {
    const map = this.entries[kind];
    const e = map.get(key);
    if (e && e.pending === 0 && now - e.last > SIGN_IN_RULES[kind].forgetMs && now >= e.until) {
      map.delete(key);
      return undefined;
    }
    return e;
  }
}

/** The locks on real accounts (made-up e-mails a guesser tried are no admin's business), with each account's name. */
export async function lockedAccounts(limits: SignInLimits, stores: StoreSet, now: number): Promise<AccountLock[]> {
  const users = new Map((await stores.console.users()).map((u) => [u.email, u.name]));
  return limits.locked(now).filter((l) => users.has(l.account)).map((l) => ({ ...l, name: users.get(l.account)! }));
}
