import type { AccountLock } from '../../shared/console/access.ts';
import { Backoff, type BackoffOptions, type Lock } from '../api/rate-limit.ts';
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
 * Each rule is a `Backoff` (api/rate-limit.ts) whose tries are counted while
 * they are checked. Pure: the clock is passed in, so tests need no waiting.
 */
const MINUTE = 60_000;
const rule = (free: number, forgetMs: number): BackoffOptions => ({ free, baseWaitMs: MINUTE, maxWaitMs: 30 * MINUTE, forgetMs, maxKeys: 20_000 });
export const SIGN_IN_RULES = {
  account: rule(4, 60 * MINUTE),
  pair: rule(4, 60 * MINUTE),
  address: rule(50, 24 * 60 * MINUTE),
} as const;
type KeyKind = keyof typeof SIGN_IN_RULES;

export type Refusal =
  | { refused: 'locked'; waitMs: number; kind: KeyKind }
  | { refused: 'in-flight' };

export interface Attempt {
  readonly account: string;
  readonly keys: readonly (readonly [KeyKind, string])[];
}

/** A lock a finished attempt set, for the audit log. */
export interface NewLock extends Lock { kind: KeyKind }

type LockState = Omit<AccountLock, 'name'>;

const pairKey = (account: string, address: string) => `${account}\n${address}`;

export class SignInLimits {
  private readonly limits = { account: new Backoff(SIGN_IN_RULES.account), pair: new Backoff(SIGN_IN_RULES.pair), address: new Backoff(SIGN_IN_RULES.address) };
  private readonly inFlight = new Set<string>();

  /**
   * Counts an attempt, or refuses it, in one synchronous step: nothing can
   * happen between the decision and the count. `known` says the address is
   * one this account signed in from before.
   */
  begin(account: string, address: string, known: boolean, now: number): Attempt | Refusal {
    const keys: [KeyKind, string][] = [['pair', pairKey(account, address)], ['address', address]];
    if (!known) keys.unshift(['account', account]);
    let wait: { waitMs: number; kind: KeyKind } | null = null;
    for (const [kind, key] of keys) {
      const waitMs = this.limits[kind].waitFor(key, now);
      if (waitMs > 0 && (!wait || waitMs > wait.waitMs)) wait = { waitMs, kind };
    }
    if (wait) return { refused: 'locked', ...wait };
    if (this.inFlight.has(account)) return { refused: 'in-flight' };
    this.inFlight.add(account);
    for (const [kind, key] of keys) this.limits[kind].begin(key, now);
    return { account, keys };
  }

  /**
   * Ends an attempt: a failure counts and may lock; a success, or an attempt
   * the server was too busy to check (no guess was tried), only ends it.
   * Returns the locks it set.
   */
  finish(attempt: Attempt, outcome: 'failed' | 'ended', now: number): NewLock[] {
    this.inFlight.delete(attempt.account);
    return attempt.keys.flatMap(([kind, key]) => {
      const lock = this.limits[kind].finish(key, outcome, now);
      return lock ? [{ kind, ...lock }] : [];
    });
  }

  /** Accounts locked now (from anywhere it never signed in from, or from some addresses), for the console's accounts page and the CLI. */
  locked(now: number): LockState[] {
    const byAccount = new Map<string, LockState>();
    const state = (account: string) => byAccount.get(account) ?? byAccount.set(account, { account, until: 0, failures: 0, addresses: [] }).get(account)!;
    for (const l of this.limits.account.locked(now)) Object.assign(state(l.key), { until: Math.max(state(l.key).until, l.until), failures: l.failures });
    for (const l of this.limits.pair.locked(now)) {
      const [account, address] = l.key.split('\n') as [string, string];
      const s = state(account);
      s.addresses.push(address);
      s.until = Math.max(s.until, l.until);
      s.failures = Math.max(s.failures, l.failures);
    }
    return [...byAccount.values()].sort((a, b) => a.account.localeCompare(b.account));
  }

  /** An admin lifts every lock and forgets every failure of one account; true when there was something to lift. */
  unlock(account: string): boolean {
    const pairs = this.limits.pair.forget((key) => key.startsWith(`${account}\n`));
    return this.limits.account.forget((key) => key === account) || pairs;
  }
}

/** An admin lifts an account's locks (console or admin token); the audit log says who, when there was one. Returns whether there was. */
export async function liftLock(limits: SignInLimits, stores: StoreSet, email: string, by: string, now: number): Promise<boolean> {
  const account = email.toLowerCase();
  const unlocked = limits.unlock(account);
  if (unlocked) await stores.console.audit({ at: now, userId: by, action: 'session.unlock', target: account, detail: '' });
  return unlocked;
}

/** The locks on real accounts (made-up e-mails a guesser tried are no admin's business), with each account's name. */
export async function lockedAccounts(limits: SignInLimits, stores: StoreSet, now: number): Promise<AccountLock[]> {
  const users = new Map((await stores.console.users()).map((u) => [u.email, u.name]));
  return limits.locked(now).filter((l) => users.has(l.account)).map((l) => ({ ...l, name: users.get(l.account)! }));
}
