import { describe, expect, it } from 'vitest';
import { completionState } from '../../src/app/kiosk/completion-state.ts';
import { formatCredential, hashSecret, parseCredential, verifySecret } from '../../src/shared/kiosk/credential.ts';
import { idlePhase } from '../../src/shared/kiosk/idle.ts';
import { afterWrongPin, attemptsLeft, LOCKOUT_MS, lockedFor, MAX_WRONG_PINS, NO_LOCKOUT, type LockoutState } from '../../src/shared/kiosk/lockout.ts';
import { assignmentsFor, findPerson, isOverdue, personFromWire, personToWire, searchPeople, type Person } from '../../src/shared/roster/roster.ts';
import type { CompletionRecord } from '../../src/shared/sync/records.ts';

describe('offline credentials', () => {
  it('verifies the right secret and refuses a wrong, empty or tampered one', async () => {
    const stored = await hashSecret('4711', 1000);
    expect(stored).toMatch(/^pbkdf2-sha256\$1000\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifySecret('4711', stored)).toBe(true);
    expect(await verifySecret('4712', stored)).toBe(false);
    expect(await verifySecret('', stored)).toBe(false);
    const parsed = parseCredential(stored)!;
    parsed.hash[0]! ^= 1;
    expect(await verifySecret('4711', formatCredential(parsed))).toBe(false);
    expect(await verifySecret('4711', 'plain-4711')).toBe(false);
  });

  it('salts every hash, so equal PINs do not give equal credentials', async () => {
    const [a, b] = await Promise.all([hashSecret('1234', 1000), hashSecret('1234', 1000)]);
    expect(a).not.toBe(b);
    expect(await verifySecret('1234', a)).toBe(true);
    expect(await verifySecret('1234', b)).toBe(true);
  });

  it('is standard PBKDF2-HMAC-SHA256: the published vector for "password", "salt", 1 iteration', async () => {
    const expected = Uint8Array.from('120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b'.match(/../g)!, (h) => parseInt(h, 16));
    const stored = formatCredential({ iterations: 1, salt: new TextEncoder().encode('salt'), hash: expected });
    expect(await verifySecret('password', stored)).toBe(true);
    expect(await verifySecret('Password', stored)).toBe(false);
  });
});

describe('wrong-PIN lockout', () => {
  const t0 = Date.UTC(2026, 10, 24, 8);
  const wrong = (state: LockoutState, times: number, at = t0) => Array.from({ length: times }).reduce<LockoutState>((s) => afterWrongPin(s, at), state);

  it('locks after the fifth wrong PIN, for LOCKOUT_MS, and counts down tries before that', () => {
    const four = wrong(NO_LOCKOUT, MAX_WRONG_PINS - 1);
    expect([lockedFor(four, t0), attemptsLeft(four)]).toEqual([0, 1]);
    const five = afterWrongPin(four, t0);
    expect(lockedFor(five, t0)).toBe(LOCKOUT_MS);
    expect(lockedFor(five, t0 + LOCKOUT_MS - 1)).toBe(1);
    expect(lockedFor(five, t0 + LOCKOUT_MS)).toBe(0);
  });

  it('starts counting afresh once a lock has run out', () => {
    const locked = wrong(NO_LOCKOUT, MAX_WRONG_PINS);
    const after = afterWrongPin(locked, t0 + LOCKOUT_MS + 1);
    expect([after.failures, lockedFor(after, t0 + LOCKOUT_MS + 1)]).toEqual([1, 0]);
  });

  it('keeps a lock when the device clock steps back before it started', () => {
    const locked = wrong(NO_LOCKOUT, MAX_WRONG_PINS);
    expect(lockedFor(locked, t0 - 3_600_000)).toBe(LOCKOUT_MS);
  });
});

describe('idle sign-out', () => {
  it('is active, then counts down the last 30 s, then expires', () => {
    expect(idlePhase(0, 89_000, 120)).toEqual({ kind: 'active' });
    expect(idlePhase(0, 90_500, 120)).toEqual({ kind: 'warning', secondsLeft: 30 });
    expect(idlePhase(0, 119_001, 120)).toEqual({ kind: 'warning', secondsLeft: 1 });
    expect(idlePhase(0, 120_000, 120)).toEqual({ kind: 'expired' });
    expect(idlePhase(0, 1_000, 20)).toEqual({ kind: 'warning', secondsLeft: 19 });
  });
});

describe('roster logic', () => {
  const ann: Person = { id: '1001', name: 'Anna de Vries', lang: 'nl', roles: ['forklift-driver', 'warehouse'], supervisor: false, badge: 'B-77', pin: null, passphrase: null, firstDay: '2026-11-30' };

  it('gives a person their own and their roles’ modules, once each, earliest due first', () => {
    const due = assignmentsFor(ann, [
      { target: 'role:forklift-driver', moduleId: 'forklift', due: '2026-12-31' },
      { target: 'role:warehouse', moduleId: 'forklift', due: '2026-12-01' },
      { target: 'person:1001', moduleId: 'ppe', due: '2027-01-15' },
      { target: 'person:1002', moduleId: 'fire', due: '2026-11-01' },
      { target: 'role:maintenance', moduleId: 'loto', due: '2026-11-01' },
    ]);
    expect(due).toEqual([{ moduleId: 'forklift', due: '2026-12-01' }, { moduleId: 'ppe', due: '2027-01-15' }]);
    expect([isOverdue('2026-12-01', '2026-12-01'), isOverdue('2026-12-01', '2026-12-02')]).toEqual([false, true]);
  });

  it('finds people by number or badge as a wedge reader types them, and by name without accents', () => {
    const people = [ann, { ...ann, id: '1002', name: 'Ömer Çelik', badge: null }];
    expect(findPerson(people, ' b-77 ')?.id).toBe('1001');
    expect(findPerson(people, '1002')?.id).toBe('1002');
    expect(findPerson(people, '100')).toBeUndefined();
    expect(searchPeople(people, 'omer').map((p) => p.id)).toEqual(['1002']);
    expect(searchPeople(people, '100').map((p) => p.id)).toEqual(['1001', '1002']);
  });

  it('sends a person over the wire and back unchanged', () => {
    expect(personFromWire(personToWire(ann))).toEqual({ person: ann, removed: false });
    expect(personFromWire(personToWire(ann, true)).removed).toBe(true);
  });
});

describe('honest completion state on a kiosk', () => {
  const done = (id: string, learnerId: string, moduleId: string) => ({ id, learnerId, moduleId }) as CompletionRecord;
  it('says synced, waiting or not done from what the kiosk knows', () => {
    const facts = { known: [{ learnerId: 'a', moduleId: 'm1', at: 1 }], local: [done('x', 'b', 'm1'), done('y', 'c', 'm1')], queued: new Set(['y']) };
    expect(completionState('a', 'm1', facts)).toBe('synced'); // the server said so
    expect(completionState('b', 'm1', facts)).toBe('synced'); // made here and acknowledged
    expect(completionState('c', 'm1', facts)).toBe('waiting'); // made here, still in the outbox
    expect(completionState('a', 'm2', facts)).toBe('not-done');
  });
});
