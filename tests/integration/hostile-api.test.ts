import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteStatus } from '../../src/server/store/status-store.ts';
import { hashSecret, MIN_ITERATIONS, supervisorCredential, signProof, unlockSigningKey } from '../../src/shared/kiosk/credential.ts';
import { personFromWire } from '../../src/shared/roster/roster.ts';
import type { AttemptRecord, CompletionRecord, DeviceRecord, PinRecord, SignoffRecord } from '../../src/shared/sync/records.ts';
import { proofPayload, syncRequest, type SyncResponse } from '../../src/shared/sync/wire.ts';
import { v7 as uuidv7 } from 'uuid';
import { createHash } from 'node:crypto';
import { person } from '../../harness/sites.ts';
import { serveApi, siteApi, useApiServer } from '../helpers/site-api.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { publishedVersion } from '../../harness/published-course.ts';

/**
 * The API as someone holding a kiosk's credential, a script on a kiosk, or a
 * client guessing from the network would try it. Each case here was accepted
 * before the authority fixes; each must now be refused with a reason.
 */
const ADMIN = 'admin-token-for-hostile-tests-01';
const PASSPHRASE = 'correct horse battery';

describe.each(STORE_KINDS)('hostile requests on $name', (kind) => {
  let now = Date.UTC(2026, 10, 24, 9, 0);
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now });
  const { api, json, enrollRequest, newCode, enrollKiosk, roster, sync, stamp, passed: passedIn, unsignedSignoff, sign } = siteApi(() => env.base, ADMIN, () => now);

  beforeAll(async () => {
    if (!kind.available) return;
    for (const id of ['plant-a', 'plant-b']) await api('PUT', `/api/v1/admin/sites/${id}`, { name: id, lang: 'en' });
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1001', { roles: ['driver'] }), person('1002'), person('9001', { supervisor: true }), person('9003', { supervisor: true })] });
    await api('POST', '/api/v1/admin/sites/plant-b/roster', { people: [person('2001', { roles: ['driver'] })] });
    for (const site of ['plant-a', 'plant-b']) await api('POST', `/api/v1/admin/sites/${site}/assignments`, { role: 'driver', moduleId: 'forklift-pedestrians', due: '2026-12-31' });
    expect((await api('PUT', '/api/v1/admin/people/9001/passphrase', { passphrase: PASSPHRASE })).status).toBe(200);
  });

  const reasons = (body: { rejected: { reason: string }[] }) => body.rejected.map((r) => r.reason);

  describe('sign-offs and PIN changes need the supervisor’s passphrase, not only a kiosk credential', () => {
    it.skipIf(!kind.available)('refuses a sign-off without a proof, with a proof from another passphrase, altered after signing, or replayed from another kiosk', async () => {
      const kiosk = await enrollKiosk('plant-a');
      const other = await enrollKiosk('plant-a');
      const noProof = unsignedSignoff(kiosk.deviceId, '9001', ['1001']);
      // A key from a guessed passphrase, made the way the server makes one: the kiosk's copy of the verifier does not help.
      const guessed = await supervisorCredential('not the passphrase', MIN_ITERATIONS);
      const wrongKey = await unlockSigningKey('not the passphrase', guessed.credential);
      const wrongRecord = unsignedSignoff(kiosk.deviceId, '9001', ['1001']);
      const wrongPass = { ...wrongRecord, proof: await signProof(wrongKey!, proofPayload(wrongRecord)) };
      const good = await sign(unsignedSignoff(kiosk.deviceId, '9001', ['1001', '1002']), kiosk, PASSPHRASE);
      const altered: SignoffRecord = { ...good, ...stamp(kiosk.deviceId), attendees: good.attendees.map((a) => ({ ...a, outcome: 'competent' })) };
      const signedHere = await sign(unsignedSignoff(kiosk.deviceId, '9001', ['1002']), kiosk, PASSPHRASE);
      const replayed: SignoffRecord = { ...signedHere, deviceId: other.deviceId };
      const noKey = unsignedSignoff(kiosk.deviceId, '9003', ['1001']);

      const { body } = await sync(kiosk, [noProof, wrongPass, good, altered, noKey]);
      expect(body.acked).toEqual([good.id]);
      expect(reasons(body)).toEqual([
        "proof: does not match supervisor 9001's passphrase for this record",
        "proof: does not match supervisor 9001's passphrase for this record",
        "proof: does not match supervisor 9001's passphrase for this record",
        'proof: supervisor 9003 has no signing key on the server yet: an administrator sets their passphrase again',
      ]);
      expect(reasons((await sync(other, [replayed])).body)).toEqual(["proof: does not match supervisor 9001's passphrase for this record"]);
      const stored = await json<{ signoffs: { id: string }[] }>(api('GET', '/api/v1/admin/sites/plant-a/signoffs'));
      expect(stored.signoffs.map((s) => s.id)).toEqual([good.id]);
    });

    it.skipIf(!kind.available)('refuses a PIN change without the proof, and a supervisor setting their own PIN; a signed one reaches every kiosk', async () => {
      const kiosk = await enrollKiosk('plant-a');
      const credential = await hashSecret('482915', MIN_ITERATIONS);
      const forged: PinRecord = { ...stamp(kiosk.deviceId), kind: 'pin', supervisorId: '9001', personId: '9001', credential, proof: 'x'.repeat(43) };
      const forLearnerForged: PinRecord = { ...forged, ...stamp(kiosk.deviceId), personId: '1002' };
      const own = await sign<PinRecord>({ ...forged, ...stamp(kiosk.deviceId) }, kiosk, PASSPHRASE);
      const real = await sign<PinRecord>({ ...forged, ...stamp(kiosk.deviceId), personId: '1002' }, kiosk, PASSPHRASE);
      const { body } = await sync(kiosk, [forged, forLearnerForged, own, real]);
      expect(body.acked).toEqual([real.id]);
      expect(reasons(body)).toEqual([
        'personId: a supervisor cannot set their own PIN; another supervisor or an administrator does',
        "proof: does not match supervisor 9001's passphrase for this record",
        'personId: a supervisor cannot set their own PIN; another supervisor or an administrator does',
      ]);
      const people = (await roster(kiosk.token)).people.map(personFromWire);
      expect(people.find((p) => p.person.id === '9001')!.person.pin).toBeNull();
      expect(people.find((p) => p.person.id === '1002')!.person.pin).toBe(credential);
    });

    it.skipIf(!kind.available)('never sends a signing key to a kiosk, and refuses a sign-off dated 9999-99-99 or 30 February', async () => {
      const kiosk = await enrollKiosk('plant-a');
      const delta = await roster(kiosk.token);
      const serialised = JSON.stringify(delta);
      expect(delta.people.map(personFromWire).find((p) => p.person.id === '9001')!.person.passphrase).toMatch(/^pbkdf2-sha256-split\$/);
      const signingKey = (await env.stores.sites.members(['9001'])).get('9001')!.signingKey!;
      expect(serialised).not.toContain(signingKey);
      const bad = await Promise.all(['9999-99-99', '2026-02-30', '2031-01-01'].map((date) => sign(unsignedSignoff(kiosk.deviceId, '9001', ['1001'], date), kiosk, PASSPHRASE)));
      expect(reasons((await sync(kiosk, bad)).body)).toEqual([
        'date: must be a real calendar date', 'date: must be a real calendar date', 'date: must not lie before 2024 or in the future',
      ]);
    });
  });

  describe('enrollment', () => {
    it.skipIf(!kind.available)('refuses to move an enrolled device to another site or give it a new credential, unless the code was made for that device', async () => {
      const kiosk = await enrollKiosk('plant-a');
      const takeover = await enrollRequest(await newCode('plant-b'), kiosk.deviceId);
      expect([takeover.status, (await json<{ error: string }>(takeover)).error]).toEqual([409, expect.stringMatching(/is already enrolled\. To enroll it again, an administrator makes a re-enrollment code/)]);
      const sameSite = await enrollRequest(await newCode('plant-a'), kiosk.deviceId);
      expect(sameSite.status).toBe(409);
      // The real kiosk still works, at its own site.
      expect((await roster(kiosk.token)).site.id).toBe('plant-a');
      // A re-enrollment code works for its device alone.
      const forKiosk = await newCode('plant-a', { device: kiosk.deviceId });
      expect((await enrollRequest(forKiosk, `dev-${crypto.randomUUID()}`)).status).toBe(409);
      expect((await enrollRequest(forKiosk, kiosk.deviceId)).status).toBe(200);
      const unknown = await api('POST', '/api/v1/admin/sites/plant-a/enrollment-codes', { label: 'x', device: `dev-${crypto.randomUUID()}` });
      expect(unknown.status).toBe(404);
    });

    it.skipIf(!kind.available)('slows a guesser down: after five wrong codes from one client it answers 429 with Retry-After, and lets it try again later', async () => {
      // Its own server: the limits are per API instance, and the other tests' refused codes must not count here.
      const limited = await serveApi({ stores: env.stores, adminToken: ADMIN, now: () => now });
      const guess = (code: string) => fetch(`${limited.base}/api/v1/enroll`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId: `dev-${crypto.randomUUID()}` }),
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) statuses.push((await guess(`WRONG-${i}AAAA`)).status);
        expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
        const held = await guess(await newCode('plant-a'));
        expect([held.status, held.headers.get('retry-after'), (await held.json() as { error: string }).error])
          .toEqual([429, '1', 'Too many wrong enrollment codes from here: try again in 1 s.']);
        now += 1_000;
        expect((await guess(`WRONG-7AAAA`)).status).toBe(404);
        const longer = await guess(await newCode('plant-a'));
        expect([longer.status, longer.headers.get('retry-after')]).toEqual([429, '2']);
        now += 2_000;
        expect((await guess(await newCode('plant-a'))).status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it.skipIf(!kind.available)('holds every client back once 50 wrong codes came from anywhere, and a site once 10 of its codes were refused', async () => {
      // Each guess from an address of its own, so the per-client allowance never bites: only the shared ones can.
      const limited = await serveApi({ stores: env.stores, adminToken: ADMIN, now: () => now, clientAddress: (req) => String(req.headers['x-test-client']) });
      let client = 0;
      const enrollFrom = (code: string, deviceId = `dev-${crypto.randomUUID()}`) => fetch(`${limited.base}/api/v1/enroll`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Test-Client': `10.0.0.${++client}` }, body: JSON.stringify({ code, deviceId }),
      });
      try {
        // A site: ten refusals of its codes are free (here, one used code tried again and again); the eleventh holds it back.
        const used = await newCode('plant-b');
        expect((await enrollFrom(used)).status).toBe(200);
        const refusals: number[] = [];
        for (let i = 0; i < 11; i++) refusals.push((await enrollFrom(used)).status);
        expect(refusals).toEqual(Array(11).fill(410));
        const siteHeld = await enrollFrom(await newCode('plant-b'));
        expect([siteHeld.status, siteHeld.headers.get('retry-after'), (await siteHeld.json() as { error: string }).error]).toEqual([429, '1', expect.stringMatching(/^Too many refused enrollments at this site/)]);
        // Another site is not held back by it.
        expect((await enrollFrom(await newCode('plant-a'))).status).toBe(200);

        // Everyone: 50 wrong codes are free in all (the 11 refusals above count too); after them, even a good code from a new address waits.
        now += 60 * 60_000;
        for (let i = 0; i < 51; i++) expect((await enrollFrom(`WRONG-${i}AAAA`)).status).toBe(404);
        // It is told the guesses came from everywhere, not "from here": this address sent none of them.
        const everyoneHeld = await enrollFrom(await newCode('plant-a'));
        expect([everyoneHeld.status, everyoneHeld.headers.get('retry-after'), (await everyoneHeld.json() as { error: string }).error])
          .toEqual([429, '1', 'Too many wrong enrollment codes sent to this server: try again in 1 s.']);
        now += 1_000;
        expect((await enrollFrom(await newCode('plant-a'))).status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it.skipIf(!kind.available)('keeps enrollment codes and device credentials only as their SHA-256', async () => {
      const code = await newCode('plant-a');
      const deviceId = `dev-${crypto.randomUUID()}`;
      const { credential } = await json<{ credential: string }>(enrollRequest(code, deviceId));
      const hex = (s: string) => createHash('sha256').update(s).digest('hex');
      // Every column of both tables, as text: neither secret is there as it was given, both are there as their digest.
      const everything = JSON.stringify([
        ...(await env.db.all('SELECT * FROM enrollment_codes')),
        ...(await env.db.all('SELECT * FROM devices WHERE id = ?', [deviceId])),
      ]);
      expect(everything).not.toContain(code);
      expect(everything).not.toContain(code.replace(/[^A-Z0-9]/gi, ''));
      expect(everything).not.toContain(credential);
      expect(everything).toContain(hex(code.toUpperCase().replace(/[^A-Z0-9]/g, '')));
      expect(everything).toContain(hex(credential));
    });
  });

  describe('"waiting to sync" is believed only for the device’s own site and assignments', () => {
    it.skipIf(!kind.available)('drops pending entries for another site’s learner, an unassigned module or an unknown person, and forgets ones no longer reported', async () => {
      const kiosk = await enrollKiosk('plant-a');
      const status = async () => json<SiteStatus>(api('GET', '/api/v1/admin/sites/plant-a/status?today=2026-11-25'));
      const stateOf = (report: SiteStatus, id: string) => report.learners.find((l) => l.id === id)?.modules.find((m) => m.moduleId === 'forklift-pedestrians')?.state;
      await sync(kiosk, passedIn(kiosk, '1002', 'ppe-basics'), {
        queued: 5, pending: [['2001', 'forklift-pedestrians'], ['1002', 'forklift-pedestrians'], ['nobody', 'forklift-pedestrians'], ['1001', 'forklift-pedestrians']],
      });
      const first = await status();
      expect(stateOf(first, '1001')).toBe('waiting');
      expect(first.learners.find((l) => l.id === '1002')!.modules.map((m) => m.moduleId)).not.toContain('forklift-pedestrians');
      const b = await json<SiteStatus>(api('GET', '/api/v1/admin/sites/plant-b/status?today=2026-11-25'));
      expect(stateOf(b, '2001')).toBe('not-done');
      // The next sync no longer lists it: it is no longer claimed.
      await sync(kiosk, passedIn(kiosk, '1002', 'ppe-basics'), { queued: 1, pending: [] });
      expect(stateOf(await status(), '1001')).toBe('not-done');
    });
  });

  it.skipIf(!kind.available)('takes learning records only for module versions published here, and completions only with a passed attempt behind them', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const send = async (records: DeviceRecord[]) => (await sync(kiosk, records)).body;
    const version = publishedVersion('ppe-basics');
    const attempt = (learnerId: string, passed: boolean): AttemptRecord =>
      ({ ...stamp(kiosk.deviceId), ...version, kind: 'attempt', learnerId, answers: [[0]], correct: passed ? 1 : 0, total: 1, score: passed ? 100 : 0, passed });
    const completes = (a: AttemptRecord): CompletionRecord => ({ ...stamp(kiosk.deviceId), ...version, kind: 'completion', learnerId: a.learnerId, attemptId: a.id, score: a.score });

    const passed = attempt('1001', true);
    const failed = attempt('1002', false);
    const inBatch = completes(passed);
    const onFailed = completes(failed);
    const forOther: CompletionRecord = { ...completes(passed), learnerId: '1002' };
    const bare: CompletionRecord = { ...completes(passed), ...stamp(kiosk.deviceId), attemptId: uuidv7() };
    const unpublished: CompletionRecord = { ...completes(passed), moduleHash: '0123456789ab' };
    const first = await send([passed, failed, inBatch, onFailed, forOther, bare, unpublished]);
    expect(first.acked).toEqual([passed.id, failed.id, inBatch.id]);
    expect(first.rejected.map((r) => [r.id, r.reason.split(' ')[0]])).toEqual([
      [onFailed.id, 'attemptId:'], [forOther.id, 'attemptId:'], [bare.id, 'attemptId:'], [unpublished.id, 'moduleHash:'],
    ]);
    // An attempt stored in an earlier batch backs a completion sent later, as a batch boundary may split them.
    const later = attempt('1002', true);
    expect((await send([later])).acked).toEqual([later.id]);
    const afterwards = completes(later);
    expect((await send([afterwards])).acked).toEqual([afterwards.id]);
  });

  it.skipIf(!kind.available)('answers a malformed %-escape in an admin address with 400, not 503', async () => {
    for (const path of ['/api/v1/admin/sites/%E0%A4%A/people', '/api/v1/admin/devices/%zz/revoke']) {
      const res = await api(path.endsWith('revoke') ? 'POST' : 'GET', path, path.endsWith('revoke') ? { reason: 'x' } : undefined);
      expect([res.status, (await json<{ error: string }>(res)).error], path).toEqual([400, expect.stringMatching(/malformed %-escape/)]);
    }
  });
});

