import { describe, expect, it } from 'vitest';
import { titleOf, titleProblems } from '../../src/console/title-check.ts';
import { can, visibleSites, type Permission, type Role } from '../../src/shared/console/access.ts';
import { describeSeconds, secondsOnLine } from '../../src/shared/line-cost.ts';
import { spreadsheetSafe } from '../../src/server/spreadsheet-safe.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/server/console/passwords.ts';
import { sameOrigin, sessionCookie, sessionToken } from '../../src/server/console/session-cookie.ts';
import type { IncomingMessage } from 'node:http';

describe('title check', () => {
  it.each([
    ['Module 3', ['numbered', 'too-short']],
    ['Compliance 101', ['course-code', 'obligation', 'too-short']],
    ['Training: fire extinguishers', ['label-prefix']],
    ['Mandatory annual refresher on manual handling', ['obligation']],
    ['Lesson 2 - ladders', ['numbered']],
    ['Forklifts', ['too-short']],
    ['Zero energy before you touch it: lockout/tagout in six steps', []],
    ['A chemical spill at your feet: the first two minutes', []],
    ['Five checks before you drive a forklift in 2026', []],
  ])('"%s" gets %j', (title, problems) => {
    expect(titleProblems(title)).toEqual(problems);
  });

  it('reads the title from front matter, quoted or not', () => {
    expect(titleOf('---\nid: x\ntitle: "Spill: the first two minutes"\n---\nbody')).toBe('Spill: the first two minutes');
    expect(titleOf('---\ntitle: Plain title\n---')).toBe('Plain title');
    expect(titleOf('no front matter\ntitle: nope')).toBeNull();
  });
});

describe('console access', () => {
  const table: [Role, Permission, boolean][] = [
    ['admin', 'console.manage', true], ['publisher', 'content.publish', true], ['author', 'content.publish', false],
    ['author', 'content.write', true], ['viewer', 'content.read', false], ['site-admin', 'content.write', false],
    ['site-admin', 'site.manage', true], ['viewer', 'site.manage', false], ['publisher', 'site.read', false],
  ];
  it.each(table)('%s may %s: %s (at its own site)', (role, permission, allowed) => {
    expect(can({ role, sites: role === 'site-admin' || role === 'viewer' ? ['plant-a'] : null }, permission, 'plant-a')).toBe(allowed);
  });

  it('keeps site roles to their own sites, and to a named site', () => {
    const viewer = { role: 'viewer' as const, sites: ['plant-a'] };
    expect(can(viewer, 'site.read', 'plant-b')).toBe(false);
    expect(can(viewer, 'site.read')).toBe(false);
    expect(can({ role: 'admin', sites: null }, 'site.manage', 'plant-b')).toBe(true);
    expect(visibleSites(viewer, [{ id: 'plant-a' }, { id: 'plant-b' }])).toEqual([{ id: 'plant-a' }]);
  });
});

describe('line cost', () => {
  it('is a round trip plus the bytes at 64 kbit/s', () => {
    expect(secondsOnLine(0)).toBe(0);
    expect(secondsOnLine(8000)).toBeCloseTo(1.5, 9);
    expect(secondsOnLine(2150)).toBeCloseTo(0.76875, 9);
    expect(secondsOnLine(8000, { bitsPerSecond: 8000, roundTripMs: 0 })).toBe(8);
  });
  it('says it as a person would', () => {
    expect(describeSeconds(0.7)).toEqual({ unit: 's', value: 1, under: true });
    expect(describeSeconds(9.4)).toEqual({ unit: 's', value: 9, under: false });
    expect(describeSeconds(200)).toEqual({ unit: 'min', value: 3, under: false });
  });
});

describe('CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"], ['+31 6 1234', "'+31 6 1234"], ['-5', "'-5"], ['@SUM(A1)', "'@SUM(A1)"], ['\tx', "'\tx"], ['\r=x', "'\r=x"],
    // What a plain first-character check misses: spaces, line breaks and invisible characters first, and look-alike signs.
    ['  =1+1', "'  =1+1"], ['\n=1+1', "'\n=1+1"], ['\u00a0@A1', "'\u00a0@A1"], ['\u200b=1+1', "'\u200b=1+1"], ['\ufeff=1+1', "'\ufeff=1+1"], ['\u2060+1', "'\u2060+1"],
    ['\uff1d1+1', "'\uff1d1+1"], ['\uff0bA1', "'\uff0bA1"], ['\uff0d5', "'\uff0d5"], ['\uff20SUM(A1)', "'\uff20SUM(A1)"], ['\u22125', "'\u22125"], ['\u3000\uff1d1', "'\u3000\uff1d1"],
    ['Anna de Vries', 'Anna de Vries'], ['1+1=2', '1+1=2'], ['Łukasz Wójcik', 'Łukasz Wójcik'], [' Ben', ' Ben'], ['', ''],
  ])('%j becomes %j', (raw, safe) => {
    expect(spreadsheetSafe(raw)).toBe(safe);
  });
});

describe('console passwords and sessions', () => {
  // The real cost (four scrypt runs at 128 MiB, one at a time): its own time budget, so a loaded machine does not fail it.
  it('hashes with scrypt and a salt, and verifies only the right password', { timeout: 60_000 }, async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$whatever')).toBe(false);
    // A hash planted with a huge cost is refused before scrypt is asked for a gigabyte.
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$c2FsdA$a2V5')).toBe(false);
  });
  it('asks for a long password, not a complicated one', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars')).toBeNull();
  });
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it('reads its cookie and checks the Origin against the host', () => {
    expect(sessionToken(req({ cookie: 'a=1; lowband_console=tok.en; b=2' }))).toBe('tok.en');
    expect(sessionToken(req({ cookie: 'other=1' }))).toBeNull();
    expect(sessionCookie('t', 60_000, true)).toBe('lowband_console=t; Path=/api/v1/console; Max-Age=60; HttpOnly; SameSite=Strict; Secure');
    expect(sameOrigin(req({ origin: 'https://kiosk.plant.local', host: 'kiosk.plant.local' }))).toBe(true);
    expect(sameOrigin(req({ origin: 'https://evil.example', host: 'kiosk.plant.local' }))).toBe(false);
    expect(sameOrigin(req({ origin: 'null', host: 'kiosk.plant.local' }))).toBe(false);
    expect(sameOrigin(req({ host: 'kiosk.plant.local' }))).toBe(false);
  });
});
