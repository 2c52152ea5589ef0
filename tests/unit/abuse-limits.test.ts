import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../../src/server/bounded-queue.ts';
import { HttpError } from '../../src/server/api/read-body.ts';
import { SignInLimits, SIGN_IN_RULES, type Attempt } from '../../src/server/console/sign-in-limits.ts';

const MINUTE = 60_000;
const isAttempt = (a: ReturnType<SignInLimits['begin']>): a is Attempt => !('refused' in a);

describe('the sign-in allowance', () => {
  it('holds one check per account in flight and refuses the rest of a burst before any is checked', () => {
    const limits = new SignInLimits();
    const burst = Array.from({ length: 40 }, () => limits.begin('anna@plant.example', '10.0.0.9', false, 0));
    expect(burst.filter(isAttempt)).toHaveLength(1);
    expect(burst.slice(1).every((a) => 'refused' in a && a.refused === 'in-flight')).toBe(true);
  });

  it('locks after the fifth failure, doubling, and a success in between does not wipe the failures', () => {
    const limits = new SignInLimits();
    const tryOnce = (ok: boolean, at: number) => {
      const a = limits.begin('anna@plant.example', '10.0.0.9', false, at);
      if (!isAttempt(a)) return a;
      return limits.finish(a, ok ? 'ended' : 'failed', at);
    };
    for (let i = 0; i < 3; i++) expect(tryOnce(false, i)).toEqual([]);
    expect(tryOnce(true, 10)).toEqual([]);
    expect(tryOnce(false, 11)).toEqual([]);
    // The fifth failure: the success at 10 did not reset the count.
    expect(tryOnce(false, 12)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'account', waitMs: MINUTE, failures: 5 })]));
    expect(tryOnce(true, 13)).toEqual({ refused: 'locked', waitMs: MINUTE - 1, kind: 'account' });
    // After the lock, one more try; failing it locks for twice as long.
    expect(tryOnce(false, 12 + MINUTE)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'account', waitMs: 2 * MINUTE })]));
  });

  it('lets the real user in from an address the account signed in from, while a stranger\u2019s lock holds elsewhere', () => {
    const limits = new SignInLimits();
    for (let i = 0; i < 5; i++) limits.finish(limits.begin('admin@plant.example', '203.0.113.7', false, i) as Attempt, 'failed', i);
    expect(limits.begin('admin@plant.example', '198.51.100.1', false, 10)).toMatchObject({ refused: 'locked', kind: 'account' });
    const fromDesk = limits.begin('admin@plant.example', '10.1.1.20', true, 10);
    expect(isAttempt(fromDesk)).toBe(true);
    limits.finish(fromDesk as Attempt, 'ended', 10);
    expect(limits.locked(10)).toEqual([{ account: 'admin@plant.example', until: 4 + MINUTE, failures: 5, addresses: ['203.0.113.7'] }]);
  });

  it('counts attempts being checked against an address, so a burst over many accounts gets only the allowance checked', () => {
    const limits = new SignInLimits();
    const burst = Array.from({ length: 80 }, (_, i) => limits.begin(`nobody${i}@plant.example`, '203.0.113.7', false, 0));
    expect(burst.filter(isAttempt)).toHaveLength(SIGN_IN_RULES.address.free + 1);
  });

  it('forgets an attempt the server was too busy to check, and an admin can lift a lock', () => {
    const limits = new SignInLimits();
    const a = limits.begin('anna@plant.example', '10.0.0.9', false, 0) as Attempt;
    limits.finish(a, 'ended', 0);
    expect(isAttempt(limits.begin('anna@plant.example', '10.0.0.9', false, 1))).toBe(true);
    const locked = new SignInLimits();
    for (let i = 0; i < 5; i++) locked.finish(locked.begin('anna@plant.example', '10.0.0.9', false, i) as Attempt, 'failed', i);
    expect(locked.unlock('anna@plant.example')).toBe(true);
    expect(isAttempt(locked.begin('anna@plant.example', '10.0.0.9', false, 6))).toBe(true);
    expect(locked.locked(6)).toEqual([]);
  });
});

describe('the bounded queue for slow work', () => {
  it('runs at most its slots at once, lines up a few, and refuses the rest at once with Retry-After', async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 2, what: 'password checks', retryAfterSeconds: 2 });
    const gates: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const job = () => queue.run(() => new Promise<void>((resolve) => {
      running++;
      most = Math.max(most, running);
      gates.push(() => { running--; resolve(); });
    }));
    const jobs = Array.from({ length: 5 }, () => job().then(() => 'done', (err: HttpError) => `${err.status} ${err.retryAfterSeconds}`));
    expect(queue.load).toEqual({ running: 1, waiting: 2 });
    while (gates.length || queue.load.running) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    expect(await Promise.all(jobs)).toEqual(['done', 'done', 'done', '503 2', '503 2']);
    expect(most).toBe(1);
  });
});
