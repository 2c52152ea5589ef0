import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteStatus } from '../../src/server/store/status-store.ts';
import { ROOT } from '../../src/node/paths.ts';
import { hashSecret, MIN_ITERATIONS, verifySecret } from '../../src/shared/kiosk/credential.ts';
import { personFromWire } from '../../src/shared/roster/roster.ts';
import type { PinRecord, SignoffRecord } from '../../src/shared/sync/records.ts';
import { person } from '../../harness/sites.ts';
import { siteApi, useApiServer } from '../helpers/site-api.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { useTempDirs } from '../helpers/temp.ts';

const ADMIN = 'admin-token-for-site-tests-0123';
const PASSPHRASE = 'correct horse battery';
const DAY = 86_400_000;
const run = promisify(execFile);
const tempDir = useTempDirs();

describe.each(STORE_KINDS)('sites, kiosks and sign-offs on $name', (kind) => {
  let now = Date.UTC(2026, 10, 24, 9, 0);
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now });

  beforeAll(async () => {
    if (!kind.available) return;
    for (const [id, lang] of [['plant-a', 'nl'], ['plant-b', 'en']] as const) expect((await api('PUT', `/api/v1/admin/sites/${id}`, { name: id, lang })).status).toBe(201);
    expect((await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [
      person('1001', { lang: 'nl', roles: ['forklift-driver'] }), person('1002', { roles: ['warehouse'], modules: [{ moduleId: 'ppe-basics', due: '2026-11-01' }] }),
      person('1003'), person('9001', { supervisor: true }),
    ] })).status).toBe(200);
    expect((await api('POST', '/api/v1/admin/sites/plant-b/roster', { people: [person('2001'), person('9002', { supervisor: true })] })).status).toBe(200);
    await api('POST', '/api/v1/admin/sites/plant-a/assignments', { role: 'forklift-driver', moduleId: 'forklift-pedestrians', due: '2026-12-31' });
    for (const id of ['9001', '9002']) expect((await api('PUT', `/api/v1/admin/people/${id}/passphrase`, { passphrase: PASSPHRASE })).status).toBe(200);
  });

  const { api, json, enrollKiosk, roster, sync, stamp, passed, unsignedSignoff: unsigned, sign: signAs } = siteApi(() => env.base, ADMIN, () => now);
  const sign = <R extends SignoffRecord | PinRecord>(record: R, kiosk: { deviceId: string; token: string }) => signAs(record, kiosk, PASSPHRASE);
  const signoff = async (kiosk: { deviceId: string; token: string }, supervisorId: string, attendees: string[]) => sign(unsigned(kiosk.deviceId, supervisorId, attendees), kiosk);

  it.skipIf(!kind.available)('enrolls a kiosk with a one-time code and refuses a reused, wrong or expired one', async () => {
    const { code } = await json<{ code: string }>(api('POST', '/api/v1/admin/sites/plant-a/enrollment-codes', { label: 'Canteen' }));
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const enroll = (c: string) => fetch(`${env.base}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: c, deviceId: `dev-${crypto.randomUUID()}` }) });
    expect((await enroll(` ${code.replace('-', ' ')} `)).status).toBe(200);
    const reused = await enroll(code);
    expect([reused.status, (await json<{ error: string }>(reused)).error]).toEqual([410, expect.stringMatching(/already used/)]);
    const wrong = await enroll('AAAAA-BBBBB');
    expect([wrong.status, (await json<{ error: string }>(wrong)).error]).toEqual([404, expect.stringMatching(/not known/)]);
    const { code: old } = await json<{ code: string }>(api('POST', '/api/v1/admin/sites/plant-a/enrollment-codes', { label: 'Old', validHours: 1 }));
    now += 2 * 3600_000;
    expect((await enroll(old)).status).toBe(410);
    const bad = await fetch(`${env.base}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId: 'my laptop' }) });
    expect([bad.status, (await json<{ error: string }>(bad)).error]).toEqual([400, expect.stringMatching(/^Bad enrollment request: deviceId:/)]);
    const devices = await json<{ devices: { label: string }[] }>(api('GET', '/api/v1/admin/sites/plant-a/devices'));
    expect(devices.devices.map((d) => d.label)).toContain('Canteen');
  });

  it.skipIf(!kind.available)('sends the whole roster once, then only what changed, with removals', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const full = await roster(kiosk.token);
    expect(full.full).toBe(true);
    expect(full.site).toMatchObject({ id: 'plant-a', lang: 'nl', idleSeconds: 120 });
    expect(full.people.map((p) => p[0])).toEqual(['1001', '1002', '1003', '9001']);
    expect(full.assignments).toEqual(expect.arrayContaining([['person:1002', 'ppe-basics', '2026-11-01', 0], ['role:forklift-driver', 'forklift-pedestrians', '2026-12-31', 0]]));

    expect((await roster(kiosk.token, full.cursor)).people).toEqual([]);
    // Another site's change does not reach this kiosk; this site's does, and a person dropped with --replace is sent as removed.
    await api('POST', '/api/v1/admin/sites/plant-b/roster', { people: [person('2002')] });
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1001', { name: 'Anna de Vries', lang: 'nl', roles: ['forklift-driver'] }), person('1002', { roles: ['warehouse'] }), person('9001', { supervisor: true })], replace: true });
    const delta = await roster(kiosk.token, full.cursor);
    expect(delta.full).toBe(false);
    const changed = delta.people.map(personFromWire);
    expect(changed.map((c) => [c.person.id, c.removed])).toEqual([['1001', false], ['1002', false], ['1003', true], ['9001', false]]);
    expect(changed[0]!.person.name).toBe('Anna de Vries');
    // 1002's own assignment was dropped by the import (the roster row lists none now).
    expect(delta.assignments).toContainEqual(['person:1002', 'ppe-basics', '2026-11-01', 1]);
    expect((await roster(kiosk.token, delta.cursor)).people).toEqual([]);
    // A cursor this server never gave out gets the whole roster.
    expect((await roster(kiosk.token, '999999.0')).full).toBe(true);
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1003')] });
  });

  it.skipIf(!kind.available)('keeps a site\'s time zone for its reports, and refuses one that is not a zone by field', async () => {
    const put = (body: unknown) => api('PUT', '/api/v1/admin/sites/plant-c', body);
    const bad = await put({ name: 'Plant C', lang: 'pl', timeZone: 'Europe/Warszawa' });
    expect([bad.status, (await json<{ error: string }>(bad)).error]).toEqual([400, expect.stringMatching(/timeZone: must be a time zone name like Europe\/Amsterdam/)]);
    expect((await put({ name: 'Plant C', lang: 'pl', timeZone: 'Europe/Warsaw' })).status).toBe(201);
    const sites = await json<{ sites: { id: string; timeZone?: string }[] }>(api('GET', '/api/v1/admin/sites'));
    expect(sites.sites.find((s) => s.id === 'plant-c')).toMatchObject({ timeZone: 'Europe/Warsaw' });
    // Without a zone, a site counts in UTC and says nothing about it on the wire.
    expect(sites.sites.find((s) => s.id === 'plant-a')).not.toHaveProperty('timeZone');
  });

  it.skipIf(!kind.available)('keeps "synthetic-" for the demo seed: a real site cannot be labelled as made-up people', async () => {
    const refused = await api('PUT', '/api/v1/admin/sites/synthetic-east', { name: 'East plant', lang: 'en' });
    expect([refused.status, (await json<{ error: string }>(refused)).error]).toEqual([400, "site id in the address: must not start with \"synthetic-\", which marks the demo's made-up sites."]);
    const sites = await json<{ sites: { id: string }[] }>(api('GET', '/api/v1/admin/sites'));
    expect(sites.sites.map((s) => s.id)).not.toContain('synthetic-east');
    expect(sites.sites.map((s) => s.id)).toContain('plant-a');
  });

  it.skipIf(!kind.available)('imports a roster all or nothing, naming the bad field', async () => {
    const before = await json<{ people: unknown[] }>(api('GET', '/api/v1/admin/sites/plant-a/people'));
    const res = await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1100'), { ...person('1101'), lang: 'Dutch' }] });
    expect([res.status, (await json<{ error: string }>(res)).error]).toEqual([400, expect.stringMatching(/^Bad roster, nothing imported: people\[1\]\.lang: must be a language code/)]);
    const moved = await api('POST', '/api/v1/admin/sites/plant-b/roster', { people: [person('2003'), person('1001')] });
    expect([moved.status, (await json<{ error: string }>(moved)).error]).toEqual([409, expect.stringMatching(/1001 is on the roster of site "plant-a"/)]);
    const missing = await api('POST', '/api/v1/admin/sites/nowhere/roster', { people: [person('3001')] });
    expect(missing.status).toBe(404);
    expect(await json<{ people: unknown[] }>(api('GET', '/api/v1/admin/sites/plant-a/people'))).toEqual(before);
    expect((await json<{ people: { id: string }[] }>(api('GET', '/api/v1/admin/sites/plant-b/people'))).people.map((p) => p.id)).not.toContain('2003');
  });

  it.skipIf(!kind.available)('accepts a sign-off only from a supervisor of the kiosk’s own site, for people of that site', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const good = await signoff(kiosk, '9001', ['1001', '1002', '1003']);
    const forged = unsigned(kiosk.deviceId, '1001', ['1002']);
    const otherSite = unsigned(kiosk.deviceId, '9002', ['1001']);
    const stranger = await signoff(kiosk, '9001', ['1001', '2001']);
    const { status, body } = await sync(kiosk, [good, forged, otherSite, stranger]);
    expect(status).toBe(200);
    expect(body.acked).toEqual([good.id]);
    expect(body.rejected.map((r) => [r.id, r.reason])).toEqual([
      [forged.id, 'supervisorId: 1001 is not a supervisor at site plant-a, so cannot sign for it'],
      [otherSite.id, 'supervisorId: 9002 is not a supervisor at site plant-a, so cannot sign for it'],
      [stranger.id, 'attendees: 2001 is not on the roster of site plant-a'],
    ]);
    // A kiosk of plant-b cannot sign for plant-a either, even with plant-a's supervisor id.
    const kioskB = await enrollKiosk('plant-b');
    expect((await sync(kioskB, [unsigned(kioskB.deviceId, '9001', ['2001'])])).body.rejected[0]!.reason).toMatch(/9001 is not a supervisor at site plant-b/);
    // Re-sent: acknowledged again, stored once.
    expect((await sync(kiosk, [good])).body.acked).toEqual([good.id]);
    const stored = await json<{ signoffs: { id: string; supervisorId: string; attendees: { personId: string; outcome: string; note: string }[] }[] }>(api('GET', '/api/v1/admin/sites/plant-a/signoffs'));
    expect(stored.signoffs.filter((s) => s.id === good.id)).toEqual([expect.objectContaining({
      supervisorId: '9001', attendees: [
        { personId: '1001', outcome: 'competent', note: 'Drove the course twice' }, { personId: '1002', outcome: 'attended', note: '' }, { personId: '1003', outcome: 'attended', note: '' },
      ],
    })]);
    expect((await json<{ signoffs: unknown[] }>(api('GET', '/api/v1/admin/sites/plant-b/signoffs'))).signoffs).toEqual([]);
  });

  it.skipIf(!kind.available)('refuses a revoked kiosk with the reason, and lets its records in once it is enrolled again', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const records = passed(kiosk, '1001', 'lockout-tagout');
    const record = records[1];
    const revoke = await api('POST', `/api/v1/admin/devices/${kiosk.deviceId}/revoke`, { reason: 'reported stolen' });
    expect((await json<{ revokedReason: string }>(revoke)).revokedReason).toBe('reported stolen');
    const refused = await sync(kiosk, records);
    expect([refused.status, refused.body.code, refused.body.error]).toEqual([403, 'device-revoked', expect.stringMatching(/revoked on .*: reported stolen\. Its records stay on the kiosk/)]);
    expect((await api('GET', '/api/v1/roster', undefined, kiosk.token)).status).toBe(403);
    expect((await json<{ items: { id: string }[] }>(api('GET', '/api/v1/completions?learner=1001'))).items.map((i) => i.id)).not.toContain(record.id);

    const { code } = await json<{ code: string }>(api('POST', '/api/v1/admin/sites/plant-a/enrollment-codes', { label: 'found again', device: kiosk.deviceId }));
    const again = await json<{ credential: string }>(fetch(`${env.base}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId: kiosk.deviceId }) }));
    expect((await sync(kiosk, records)).status).toBe(401); // the old credential is gone
    expect((await sync({ ...kiosk, token: again.credential }, records)).body.acked).toEqual(records.map((r) => r.id));
  });

  it.skipIf(!kind.available)('takes a PIN set by a supervisor to every kiosk of the site, never from anyone else', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const other = await enrollKiosk('plant-a');
    const cursor = (await roster(other.token)).cursor;
    const credential = await hashSecret('482915', MIN_ITERATIONS);
    const pin = await sign<PinRecord>({ ...stamp(kiosk.deviceId), kind: 'pin', supervisorId: '9001', personId: '1003', credential, proof: '' }, kiosk);
    const byLearner: PinRecord = { ...pin, ...stamp(kiosk.deviceId), supervisorId: '1002' };
    const weak = await sign<PinRecord>({ ...pin, ...stamp(kiosk.deviceId), credential: (await hashSecret('482915', 1000)) }, kiosk);
    const { body } = await sync(kiosk, [pin, byLearner, weak]);
    expect(body.acked).toEqual([pin.id]);
    expect(body.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/1002 is not a supervisor/), expect.stringMatching(/^credential: must be a pbkdf2-sha256 credential with at least 100000/)]);
    const delta = (await roster(other.token, cursor)).people.map(personFromWire);
    const updated = delta.find((d) => d.person.id === '1003')!.person;
    expect(updated.pin).toBe(credential);
    expect(await verifySecret('482915', updated.pin!)).toBe(true);
  });

  it.skipIf(!kind.available)('reports each assignment honestly: done and synced, waiting on a kiosk (last seen), or not done', async () => {
    const kiosk = await enrollKiosk('plant-a');
    now += DAY;
    const [attempt, synced] = passed(kiosk, '1001', 'forklift-pedestrians');
    // The kiosk sends one pass (the attempt and its completion) and says another (1002's ppe-basics) is still queued behind it.
    await api('POST', '/api/v1/admin/sites/plant-a/assignments', { role: 'warehouse', moduleId: 'ppe-basics', due: '2026-11-20' });
    const { status } = await sync(kiosk, [attempt, synced], { queued: 4, pending: [['1001', 'forklift-pedestrians'], ['1002', 'ppe-basics']] });
    expect(status).toBe(200);
    const report = await json<SiteStatus>(api('GET', '/api/v1/admin/sites/plant-a/status?today=2026-11-25'));
    const row = (id: string, module: string) => report.learners.find((l) => l.id === id)!.modules.find((m) => m.moduleId === module)!;
    expect(row('1001', 'forklift-pedestrians')).toMatchObject({ state: 'done', doneAt: synced.at, overdue: false });
    expect(row('1002', 'ppe-basics')).toMatchObject({ state: 'waiting', overdue: true, devices: [{ id: kiosk.deviceId, lastContactAt: now }] });
    expect(report.devices.find((d) => d.id === kiosk.deviceId)).toMatchObject({ lastContactAt: now, reportedQueued: 2 });
    // Once that kiosk sends it, the report says done; a learner nobody reported stays not done.
    const [laterAttempt, later] = passed(kiosk, '1002', 'ppe-basics');
    await sync(kiosk, [laterAttempt, later], { queued: 2, pending: [['1002', 'ppe-basics']] });
    const after = await json<SiteStatus>(api('GET', '/api/v1/admin/sites/plant-a/status?today=2026-11-25'));
    expect(after.learners.find((l) => l.id === '1002')!.modules.find((m) => m.moduleId === 'ppe-basics')).toMatchObject({ state: 'done' });
    expect(after.devices.find((d) => d.id === kiosk.deviceId)!.reportedQueued).toBe(0);
    // The kiosk's next roster delta tells it what the server knows is done, from any kiosk.
    expect((await roster(kiosk.token)).done).toEqual(expect.arrayContaining([['1001', 'forklift-pedestrians', synced.at], ['1002', 'ppe-basics', later.at]]));
  });

  it.skipIf(!kind.available)('imports a roster CSV from the admin CLI: bad rows listed with file:line and nothing sent; good files imported', async () => {
    const dir = await tempDir();
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'employee_number,name,language,roles,supervisor\n5001,Ok Person,nl,,no\n5002,,en,,no\n5003,Wrong Lang,Dutch,,no\n5001,Twice,en,,maybe\n');
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/admin/cli.ts'), ...args, '--server', env.base], { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: ADMIN } })
      .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
    const failed = await cli('import', bad, '--site', 'plant-b');
    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n').filter(Boolean)).toEqual([
      `${bad}:3: name: must not be empty`,
      `${bad}:4: language: must be a language code like "nl" or "en"`,
      `${bad}:5: supervisor: "maybe" is not yes or no`,
      '3 bad rows: nothing was imported.',
    ]);
    expect((await json<{ people: { id: string }[] }>(api('GET', '/api/v1/admin/sites/plant-b/people'))).people.map((p) => p.id)).not.toContain('5001');
    const good = join(dir, 'good.csv');
    await writeFile(good, 'Employee Number,Name,Language,Roles,Supervisor,Badge,Modules\n5001,Ok Person,nl,forklift-driver,no,B-77,fire-extinguishers:2027-01-31\n5004,Sup Ervisor,en,,ja,,\n');
    const ok = await cli('import', good, '--site', 'plant-b');
    expect([ok.code, ok.stdout.trim()]).toEqual([0, `${good}: 2 people imported into plant-b (2 added, 0 updated, 0 removed).`]);
    const people = (await json<{ people: { id: string; badge: string | null; supervisor: boolean }[] }>(api('GET', '/api/v1/admin/sites/plant-b/people'))).people;
    expect(people.filter((p) => p.id.startsWith('500'))).toEqual([expect.objectContaining({ id: '5001', badge: 'B-77', supervisor: false }), expect.objectContaining({ id: '5004', supervisor: true })]);
  });
});
