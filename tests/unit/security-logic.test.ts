import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/server/api/rate-limit.ts';
import { hashSecret, parseCredential, PIN_PATTERN, signProof, supervisorCredential, unlockSigningKey, verifyProof, verifySecret } from '../../src/shared/kiosk/credential.ts';
import { createHmac, pbkdf2Sync } from 'node:crypto';
import { isCalendarDate } from '../../src/shared/calendar-date.ts';
import { invisibleIn, reorderingIn } from '../../src/shared/text-hygiene.ts';
import { decodeUtf8 } from '../../src/publisher/text-hygiene.ts';
import { measureSections, structureProblem } from '../../src/shared/module-limits.ts';
import type { DocElement } from '../../src/shared/doc-tree.ts';
import { createAppServer } from '../../src/server/app-server.ts';

describe('supervisor credentials split into a kiosk verifier and a server signing key', () => {
  it('lets the right passphrase unlock a key whose proofs the server accepts, and nothing else', async () => {
    const { credential, signingKey } = await supervisorCredential('a long enough passphrase', 1000);
    expect(parseCredential(credential)?.split).toBe(true);
    // The verifier the kiosk holds is not the signing key.
    expect(credential).not.toContain(signingKey);
    expect(await verifySecret('a long enough passphrase', credential)).toBe(true);
    expect(await unlockSigningKey('a wrong passphrase here', credential)).toBeNull();
    const key = (await unlockSigningKey('a long enough passphrase', credential))!;
    const proof = await signProof(key, 'record text');
    expect(await verifyProof(signingKey, 'record text', proof)).toBe(true);
    expect(await verifyProof(signingKey, 'record text, changed', proof)).toBe(false);
    expect(await verifyProof(signingKey, 'record text', `${proof.slice(0, -1)}${proof.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(await verifyProof(signingKey, 'record text', 'short')).toBe(false);
    // The same 32 bytes spelled another way (the last character's two spare bits set) is not the proof.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${proof.slice(0, -1)}${alphabet[alphabet.indexOf(proof.at(-1)!) ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(proof, 'base64url'));
    expect(await verifyProof(signingKey, 'record text', respelled)).toBe(false);
  });

  it('derives the verifier and the signing key as published: PBKDF2-HMAC-SHA256, then HMAC-SHA256 with each label', async () => {
    // Worked with Node's own crypto, not the code under test: master = PBKDF2(passphrase, salt, n, 32 bytes).
    const { credential, signingKey } = await supervisorCredential('a long enough passphrase', 1000);
    const [scheme, iterations, salt] = credential.split('$');
    const master = pbkdf2Sync('a long enough passphrase', Buffer.from(salt!, 'base64url'), Number(iterations), 32, 'sha256');
    expect([scheme, iterations]).toEqual(['pbkdf2-sha256-split', '1000']);
    expect(credential.split('$')[3]).toBe(createHmac('sha256', master).update('lowband verify').digest('base64url'));
    expect(signingKey).toBe(createHmac('sha256', master).update('lowband sign').digest('base64url'));
    // A PIN's credential is the PBKDF2 output itself, under the plain scheme's name.
    const pin = await hashSecret('482915', 1000);
    const [pinScheme, pinIterations, pinSalt, pinHash] = pin.split('$');
    expect([pinScheme, pinIterations]).toEqual(['pbkdf2-sha256', '1000']);
    expect(pinHash).toBe(pbkdf2Sync('482915', Buffer.from(pinSalt!, 'base64url'), 1000, 32, 'sha256').toString('base64url'));
  });

  it('reads only a whole credential text and a whole PIN, and a malformed one matches nothing', async () => {
    const pin = await hashSecret('482915', 1000);
    expect(parseCredential(pin)).not.toBeNull();
    expect(parseCredential(`x${pin}`)).toBeNull();
    expect(parseCredential(`${pin}x`)).toBeNull();
    expect(await verifySecret('482915', pin)).toBe(true);
    expect(await verifySecret('482915', `${pin}x`)).toBe(false);
    expect(['482915', '12345678'].map((p) => PIN_PATTERN.test(p))).toEqual([true, true]);
    expect(['12345', '123456789', 'a482915', '482915a', 'abcdef'].map((p) => PIN_PATTERN.test(p))).toEqual([false, false, false, false, false]);
  });

  it('gives a PIN credential (no split) no signing key, whatever is typed', async () => {
    const { credential } = await supervisorCredential('x'.repeat(12), 1000);
    const plain = credential.replace('pbkdf2-sha256-split$', 'pbkdf2-sha256$');
    expect(await unlockSigningKey('x'.repeat(12), plain)).toBeNull();
  });
});

describe('failure backoff', () => {
  const options = { free: 2, baseWaitMs: 1000, maxWaitMs: 8000, forgetMs: 60_000, maxKeys: 3 };

  it('lets a few failures pass, then doubles the wait up to a ceiling, and clears on success', () => {
    const b = new Backoff(options);
    b.fail('a', 0);
    b.fail('a', 0);
    expect(b.waitFor('a', 0)).toBe(0);
    const waits = [1, 2, 3, 4, 5].map(() => { b.fail('a', 0); return b.waitFor('a', 0); });
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(b.waitFor('b', 0)).toBe(0);
    b.succeed('a');
    expect(b.waitFor('a', 0)).toBe(0);
  });

  it('forgets quiet keys and keeps at most maxKeys, dropping the quietest first and never a live lock', () => {
    const b = new Backoff(options);
    for (let i = 0; i < 3; i++) b.fail('a', 0);
    expect(b.waitFor('a', 500)).toBe(500);
    expect(b.waitFor('a', 61_000)).toBe(0);
    for (let i = 0; i < 3; i++) b.fail('a', 70_000);
    // Three more keys: the map is full, and the quiet q1 makes room, not the lock on a.
    for (const key of ['q1', 'q2', 'q3']) b.fail(key, 70_010);
    expect(b.waitFor('a', 70_010)).toBe(990);
    b.fail('q1', 70_020);
    b.fail('q1', 70_020);
    expect(b.waitFor('q1', 70_020)).toBe(0);
    // Every key locked at once: none is dropped, not even to count the newest.
    for (const key of ['k1', 'k2', 'k3', 'k4']) for (let i = 0; i < 3; i++) b.fail(key, 100_000);
    expect(['k1', 'k2', 'k3', 'k4'].map((k) => b.waitFor(k, 100_000))).toEqual([1000, 1000, 1000, 1000]);
  });

  it('counts slow tries while they are checked: a burst gets the allowance, and a try that did not fail only ends', () => {
    const b = new Backoff(options);
    const burst = () => [1, 2, 3, 4, 5].filter(() => {
      if (b.waitFor('a', 0) > 0) return false;
      b.begin('a', 0);
      return true;
    }).length;
    expect(burst()).toBe(options.free + 1);
    expect([b.finish('a', 'failed', 0), b.finish('a', 'ended', 0), b.finish('a', 'failed', 0)]).toEqual([null, null, null]);
    // Two failures and a success: one try left before the lock, and the success erased nothing.
    expect(burst()).toBe(1);
    expect(b.finish('a', 'failed', 0)).toEqual({ waitMs: 1000, failures: 3 });
    expect(b.locked(0)).toEqual([{ key: 'a', until: 1000, failures: 3 }]);
    expect(b.forget((k) => k === 'a')).toBe(true);
    expect(b.waitFor('a', 0)).toBe(0);
  });
});

describe('text hygiene', () => {
  it('finds the line of the first invalid UTF-8 byte, including overlong forms and surrogates', () => {
    const at = (...parts: (string | number[])[]) => decodeUtf8(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));
    expect(at('a\nb\n', [0xff])).toEqual({ badLine: 3 });
    expect(at('ok\n', [0xc0, 0xaf])).toEqual({ badLine: 2 });
    expect(at([0xed, 0xa0, 0x80])).toEqual({ badLine: 1 });
    expect(at('é\n€\n')).toEqual({ text: 'é\n€\n' });
  });

  it('refuses invisible and reordering characters in short texts, only reordering ones in running text', () => {
    expect(invisibleIn('Yes\u200b')).toMatch(/U\+200B/);
    expect(invisibleIn('Ja')).toBeNull();
    expect(reorderingIn('Press \u202estop')).toMatch(/U\+202E/);
    // A zero-width joiner belongs to some scripts and emoji: allowed in running text.
    expect(reorderingIn('👩\u200d🔧 fixes it')).toBeNull();
  });

  it('accepts real calendar days only', () => {
    expect(['2026-11-24', '2028-02-29'].map(isCalendarDate)).toEqual([true, true]);
    expect(['9999-99-99', '2026-02-30', '2027-02-29', '2026-1-1'].map(isCalendarDate)).toEqual([false, false, false, false]);
  });
});

describe('module structure limits', () => {
  it('measures depth and parts without recursion, and names the limit that is exceeded', () => {
    let deep: DocElement = ['p', 'x'];
    for (let i = 0; i < 100_000; i++) deep = ['note', deep];
    expect(measureSections([{ title: '', body: [deep] }])).toEqual({ depth: 100_001, nodes: 100_002 });
    expect(structureProblem([{ title: '', body: [deep] }])).toMatch(/nested 100001 levels deep; the limit is 8/);
    expect(structureProblem([{ title: '', body: Array.from({ length: 5000 }, () => 'x') }])).toMatch(/has 5000 parts; the limit is 4000/);
    expect(structureProblem([{ title: '', body: 'not a list' as unknown as [] }])).toMatch(/not shaped like a module/);
    expect(structureProblem([{ title: '', body: [['ul', ['li', ['a', { href: 'https://x' }, 'y']]]] }])).toBeNull();
  });
});

describe('server limits', () => {
  it('gives a slow 64K client time to send a whole batch, and ends one that stalls', () => {
    const server = createAppServer({ distDir: '/nonexistent', contentDir: '/nonexistent' });
    // Worked by hand from the line, not read from the server's own table: the largest sync body is
    // 64 KiB; at a tenth of the 8 KB/s line (800 B/s) it takes 65,536 / 800 = 82 s to arrive.
    expect(server.requestTimeout).toBeGreaterThanOrEqual(82_000);
    // A request that trickles for longer is an attack, not a kiosk: ended within two minutes.
    expect(server.requestTimeout).toBeLessThanOrEqual(120_000);
    // An honest header block is under 2 KiB: 2.6 s at 800 B/s, plus half a second of latency. A trickle of
    // headers is ended well before the body's time is up.
    expect(server.headersTimeout).toBeGreaterThanOrEqual(3_100);
    expect(server.headersTimeout).toBeLessThan(server.requestTimeout / 2);
    // 150 workers' phones and a few kiosks, two connections each at most, fit; a flood does not take every file descriptor
    // (1,024 by default, the database and the content files need some).
    expect(server.maxConnections).toBeGreaterThanOrEqual(2 * 150);
    expect(server.maxConnections).toBeLessThanOrEqual(768);
  });
});
