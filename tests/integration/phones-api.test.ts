import { describe, expect, it, beforeAll } from 'vitest';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { personFromWire, phoneLinkPayload } from '../../src/shared/roster/roster.ts';
import { signProof, unlockSigningKey } from '../../src/shared/kiosk/credential.ts';
import { siteApi, useApiServer } from '../helpers/site-api.ts';

const ADMIN = 'admin-token-for-phone-tests-0123';
const PASSPHRASE = 'correct horse battery';

/** Workers' own phones through the real server: the one-time link, what a phone learns and may send, and unlinking. */
describe.each(STORE_KINDS)("workers' own phones on $name", (kind) => {
  const now = Date.UTC(2026, 10, 24, 9, 0);
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now });
  const { api, json, enrollKiosk, roster, sync, passed, unsignedSignoff, sign } = siteApi(() => env.base, ADMIN, () => now);
  const signoff = async (kiosk: { deviceId: string; token: string }, supervisorId: string, attendees: string[]) => sign(unsignedSignoff(kiosk.deviceId, supervisorId, attendees), kiosk, PASSPHRASE);

  beforeAll(async () => {
    if (!kind.available) return;
    for (const id of ['plant-a', 'plant-b']) expect((await api('PUT', `/api/v1/admin/sites/${id}`, { name: id, lang: 'en' })).status).toBe(201);
    expect((await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [
      person('1001'), person('1002', { roles: ['warehouse'], modules: [{ moduleId: 'chemical-labels', due: '2026-12-15' }] }), person('1003'), person('9001', { supervisor: true }),
    ] })).status).toBe(200);
    expect((await api('POST', '/api/v1/admin/sites/plant-b/roster', { people: [person('2001')] })).status).toBe(200);
    await api('POST', '/api/v1/admin/sites/plant-a/assignments', { role: 'warehouse', moduleId: 'ppe-basics', due: '2026-12-31' });
    await api('POST', '/api/v1/admin/sites/plant-a/assignments', { role: 'forklift-driver', moduleId: 'forklift-pedestrians', due: '2026-12-31' });
    expect((await api('PUT', '/api/v1/admin/people/9001/passphrase', { passphrase: PASSPHRASE })).status).toBe(200);
    expect((await api('POST', '/api/v1/admin/console-users', { email: 'site.a@plant.example', name: 'Site A', role: 'site-admin', sites: ['plant-a'], password: 'a long enough password' })).status).toBe(201);
  });
  /** A site admin of plant-a, signed in to the console. */
  const consoleCookie = async () => (await fetch(`${env.base}/api/v1/console/session`, {
    method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'site.a@plant.example', password: 'a long enough password' }),
  })).headers.get('set-cookie')!.split(';')[0]!;

  it.skipIf(!kind.available)("links a worker's own phone once, to one learner, who alone it records for and learns about, until it is unlinked", async () => {
    const cookie = await consoleCookie();
    const makeLink = (person: string) => fetch(`${env.base}/api/v1/console/people/${person}/phone-link`, { method: 'POST', headers: { Cookie: cookie, Origin: env.base } });
    // Another site's people are not this site admin's to link.
    expect((await makeLink('2001')).status).toBe(403);
    const made = await json<{ code: string; link: string; name: string; expiresAt: string; qrSvg: string }>(makeLink('1002'));
    expect(made.link).toBe(`${env.base}/#link=${made.code}`);
    expect(Date.parse(made.expiresAt) - now).toBe(30 * 60_000);
    const enroll = (code: string, as: 'kiosk' | 'phone', deviceId = `dev-${crypto.randomUUID()}`) =>
      fetch(`${env.base}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId, as }) });
    // A phone link entered as a kiosk code is refused, and stays usable; a kiosk code opened as a phone link likewise.
    const asKiosk = await enroll(made.code, 'kiosk');
    expect([asKiosk.status, (await json<{ error: string }>(asKiosk)).error]).toEqual([409, expect.stringMatching(/link for a worker's own phone/)]);
    const { code: kioskCode } = await json<{ code: string }>(api('POST', '/api/v1/admin/sites/plant-a/enrollment-codes', { label: 'Canteen' }));
    expect((await enroll(kioskCode, 'phone')).status).toBe(409);
    const deviceId = `dev-${crypto.randomUUID()}`;
    const linked = await json<{ credential: string; learner: { id: string; name: string; lang: string } }>(enroll(made.code, 'phone', deviceId));
    expect(linked.learner).toEqual({ id: '1002', name: 'Person 1002', lang: 'en' });
    const again = await enroll(made.code, 'phone');
    expect([again.status, (await json<{ error: string }>(again)).error]).toEqual([410, expect.stringMatching(/phone link was already used/)]);
    const phone = { deviceId, token: linked.credential };

    // What it learns of its site: its learner alone, with no credential, their assignments (by person and by role), their completions.
    const kiosk = await enrollKiosk('plant-a');
    await sync(kiosk, [...passed(kiosk, '1001', 'forklift-pedestrians'), ...passed(kiosk, '1002', 'lockout-tagout')]);
    const delta = await roster(phone.token);
    expect(delta.people.map((w) => personFromWire(w).person)).toEqual([expect.objectContaining({ id: '1002', pin: null, passphrase: null })]);
    expect(delta.assignments.map(([target]) => target).every((t) => t === 'person:1002' || t === 'role:warehouse')).toBe(true);
    expect(delta.assignments.map(([, module]) => module)).toContain('ppe-basics');
    expect(delta.done.map(([learner]) => learner)).toEqual(['1002']);

    // It records for its learner and nobody else, and signs nothing for a supervisor.
    const own = passed(phone, '1002', 'chemical-labels');
    const other = passed(phone, '1003', 'chemical-labels');
    const answer = await sync(phone, [...own, ...other, { ...(await signoff(kiosk, '9001', ['1002'])), deviceId }]);
    expect(answer.body.acked).toEqual(own.map((r) => r.id));
    expect(answer.body.rejected.map((r) => r.reason)).toEqual([
      ...other.map(() => 'learnerId: this phone is linked to 1002 and records for them alone, not 1003'),
      "kind: a worker's phone cannot send a supervisor's sign-off",
    ]);
    const devices = await json<{ devices: { id: string; label: string; learnerId: string | null }[] }>(api('GET', '/api/v1/admin/sites/plant-a/devices'));
    expect(devices.devices.find((d) => d.id === deviceId)).toMatchObject({ label: 'Person 1002', learnerId: '1002' });

    // Unlinked: refused with the reason; what it still holds stays on it.
    await api('POST', `/api/v1/admin/devices/${deviceId}/revoke`, { reason: 'phone replaced' });
    const refused = await sync(phone, passed(phone, '1002', 'ppe-basics'));
    expect([refused.status, refused.body.code, refused.body.error]).toEqual([403, 'device-revoked', expect.stringMatching(/^This phone was unlinked on .*: phone replaced\. Its records stay on the phone/)]);
    // Linked again with a new link for the same person, the same phone sends what waited; a link for someone else cannot take it over.
    const { code: carla } = await json<{ code: string }>(makeLink('1003'));
    expect((await enroll(carla, 'phone', deviceId)).status).toBe(409);
    const { code: again2 } = await json<{ code: string }>(makeLink('1002'));
    const relinked = await json<{ credential: string }>(enroll(again2, 'phone', deviceId));
    const waited = passed(phone, '1002', 'ppe-basics');
    expect((await sync({ deviceId, token: relinked.credential }, waited)).body.acked).toEqual(waited.map((r) => r.id));
  });


  it.skipIf(!kind.available)("lets a supervisor on a kiosk make a phone link, with their proof, once, and nobody else", async () => {
    const kiosk = await enrollKiosk('plant-a');
    const credential = (await roster(kiosk.token)).people.map(personFromWire).find((p) => p.person.id === '9001')!.person.passphrase!;
    const key = (await unlockSigningKey(PASSPHRASE, credential))!;
    const ask = async (token: string, body: Record<string, unknown>) => {
      const res = await fetch(`${env.base}/api/v1/phone-links`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { link?: string; name?: string; error?: string } };
    };
    const signed = async (supervisorId: string, personId: string, at = now, deviceId = kiosk.deviceId) =>
      ({ supervisorId, personId, at, proof: await signProof(key, phoneLinkPayload(deviceId, supervisorId, personId, at)) });
    const request = await signed('9001', '1003');
    const made = await ask(kiosk.token, request);
    expect(made).toMatchObject({ status: 201, body: { name: 'Person 1003', link: expect.stringMatching(/\/#link=[A-Z2-9]{5}-[A-Z2-9]{5}$/) } });
    // The same request again (a replay) is answered once only.
    expect((await ask(kiosk.token, request)).status).toBe(409);
    // A proof for another person, another kiosk, another moment, or not a supervisor's: refused with the field.
    expect(await ask(kiosk.token, { ...(await signed('9001', '1003', now + 1)), personId: '1001' })).toMatchObject({ status: 403, body: { error: expect.stringMatching(/^proof: /) } });
    expect((await ask(kiosk.token, await signed('9001', '1001', now, 'dev-other'))).status).toBe(403);
    expect(await ask(kiosk.token, await signed('9001', '1001', now - 10 * 60_000))).toMatchObject({ status: 400, body: { error: expect.stringMatching(/at: must be within five minutes/) } });
    expect(await ask(kiosk.token, await signed('1002', '1001'))).toMatchObject({ status: 403, body: { error: expect.stringMatching(/supervisorId: 1002 is not a supervisor/) } });
    expect(await ask(kiosk.token, await signed('9001', '2001'))).toMatchObject({ status: 404, body: { error: expect.stringMatching(/personId: 2001 is not on this kiosk's site's roster/) } });
    // A phone cannot ask, whatever it signs.
    const { code } = await json<{ code: string }>(fetch(`${env.base}/api/v1/console/people/1001/phone-link`, { method: 'POST', headers: { Origin: env.base, Cookie: await consoleCookie() } }));
    const phone = await json<{ credential: string }>(fetch(`${env.base}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId: `dev-${crypto.randomUUID()}`, as: 'phone' }) }));
    expect((await ask(phone.credential, await signed('9001', '1001', now + 2))).status).toBe(403);
  });
});

