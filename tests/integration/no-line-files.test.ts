import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import { ContentBundleError, readContentBundle, type PublicKeyJwk } from '../../src/shared/content-bundle.ts';
import { wantedModules } from '../../src/shared/device-needs.ts';
import type { Catalog } from '../../src/shared/module.ts';
import type { EnrollAnswer } from '../../src/shared/roster/roster.ts';
import type { EnrollmentFileAnswer } from '../../src/shared/console/content.ts';
import { openEnrollment } from '../../src/shared/enrollment-file.ts';
import { consoleAccounts, siteApi, useApiServer } from '../helpers/site-api.ts';

const ADMIN = 'admin-token-for-modules-files-01';

/**
 * What a kiosk with no line is given: the modules file, made by the console
 * for one site's languages, signed with the key the kiosk got when it
 * enrolled, every part as published (anything changed, another site's or
 * another server's is refused with what is wrong); and the set-up file that
 * enrolls it without its ever reaching the server.
 */
describe.each(STORE_KINDS)('files for a kiosk with no line on $name', (kind) => {
  const now = Date.UTC(2026, 11, 5, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-modules-file-'));
  const contentDir = join(scratch, 'published');
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir });
  const { api, newCode, enrollRequest } = siteApi(() => env.base, ADMIN, () => now);
  const stores = () => env.stores;
  let asConsole: Awaited<ReturnType<typeof consoleAccounts>>['as'];
  const problemOf = (work: Promise<unknown>) => work.then(() => 'accepted', (err: unknown) => (err instanceof ContentBundleError ? err.problem : String(err)));

  beforeAll(async () => {
    if (!kind.available) return;
    expect((await publish({ sourceDir: FIXTURE_COURSE, outDir: contentDir, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    await api('PUT', '/api/v1/admin/sites/plant-a', { name: 'Plant A', lang: 'en' });
    await api('PUT', '/api/v1/admin/sites/plant-b', { name: 'Plant B', lang: 'en' });
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1001'), person('1002', { lang: 'nl' })] });
    ({ as: asConsole } = await consoleAccounts(env.base, api, [['admin', 'admin'], ['otheradmin', 'site-admin', ['plant-b']], ['viewer', 'viewer', ['plant-a']]]));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.skipIf(!kind.available)('holds the site\'s languages as published, under the key a kiosk got at enrollment', async () => {
    const enrolled = await enrollRequest(await newCode('plant-a'), `dev-${crypto.randomUUID()}`);
    const { contentKey } = (await enrolled.json()) as EnrollAnswer;
    expect(contentKey).toMatchObject({ kty: 'EC', crv: 'P-256' });

    expect((await asConsole('viewer', 'GET', '/sites/plant-a/modules-file')).status).toBe(403);
    expect((await asConsole('otheradmin', 'GET', '/sites/plant-a/modules-file')).status).toBe(403);
    const res = await asConsole('admin', 'GET', '/sites/plant-a/modules-file');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="modules-plant-a-2026-12-05.txt"');
    const text = await res.text();

    const { manifest, parts } = await readContentBundle(text, contentKey, 'plant-a');
    expect(manifest).toMatchObject({ site: { id: 'plant-a', name: 'Plant A' }, langs: ['en', 'nl'], createdAt: now });
    const catalog = JSON.parse(readFileSync(join(contentDir, 'catalog.json'), 'utf8')) as Catalog;
    const modules = wantedModules(catalog, ['en', 'nl']);
    expect(modules.some((m) => m.lang === 'nl')).toBe(true);
    expect(parts.map((p) => p.url).sort()).toEqual(['/content/catalog.json', ...new Set(modules.flatMap((m) => [m.url, ...m.media]))].sort());
    for (const part of parts) expect(Buffer.from(part.body).equals(readFileSync(join(contentDir, part.url.replace('/content/', ''))))).toBe(true);
    expect(parts.find((p) => p.url.endsWith('.json') && p.url !== '/content/catalog.json')?.type).toBe('application/json');

    // A changed manifest, a damaged part, another site, another server's key.
    const lines = text.split('\n');
    const withLine = (i: number, line: string) => lines.map((l, j) => (j === i ? line : l)).join('\n');
    expect(await problemOf(readContentBundle(withLine(0, lines[0]!.replace('"langs":["en","nl"]', '"langs":["en","nl","pl"]')), contentKey, 'plant-a'))).toBe('not-authentic');
    const part = lines[3]!;
    expect(await problemOf(readContentBundle(withLine(3, `${part.slice(0, 8)}${part[8] === 'A' ? 'B' : 'A'}${part.slice(9)}`), contentKey, 'plant-a'))).toBe('damaged');
    expect(await problemOf(readContentBundle(text, contentKey, 'plant-b'))).toBe('other-site');
    const { publicKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const otherKey = (await crypto.subtle.exportKey('jwk', publicKey)) as PublicKeyJwk;
    expect(await problemOf(readContentBundle(text, otherKey, 'plant-a'))).toBe('other-server');
    expect(await problemOf(readContentBundle('name,score\nAda,100\n', contentKey, 'plant-a'))).toBe('not-a-file');
  });

  it.skipIf(!kind.available)('enrolls a kiosk by set-up file: its roster, the content key and a credential that works', async () => {
    const post = (who: string) => asConsole(who, 'POST', '/sites/plant-a/enrollment-files', { label: 'Shaft kiosk' });
    expect((await post('viewer')).status).toBe(403);
    expect((await post('otheradmin')).status).toBe(403);
    const res = await post('admin');
    expect(res.status).toBe(201);
    const answer = (await res.json()) as EnrollmentFileAnswer;
    expect(answer.code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(answer.fileName).toBe('set-up-shaft-kiosk-2026-12-05.txt');
    const { header, payload } = await openEnrollment(answer.file, answer.code);
    expect(header).toMatchObject({ device: answer.device, label: 'Shaft kiosk', site: { id: 'plant-a', name: 'Plant A' } });
    expect(payload.roster.people.map((p) => p[0]).sort()).toEqual(['1001', '1002']);
    expect(payload.contentKey).toEqual((await stores().keys.contentKey(now)).publicJwk);
    // The credential is the kiosk's, on the network too, should it ever reach the server.
    const roster = await fetch(`${env.base}/api/v1/roster`, { headers: { Authorization: `Bearer ${payload.credential}` } });
    expect(roster.status).toBe(200);
    const audit = await (await asConsole('admin', 'GET', '/audit')).json() as { entries: { action: string; detail: string }[] };
    expect(audit.entries.find((e) => e.action === 'site.enrollment-file')?.detail).toBe(`Shaft kiosk (${answer.device})`);
    expect(JSON.stringify(audit)).not.toContain(answer.code);
  });

  it.skipIf(!kind.available)('makes one content key, however many instances ask for it first at once', async () => {
    const { stores, dispose } = await kind.open();
    try {
      const keys = await Promise.all([stores.keys.contentKey(now), stores.keys.contentKey(now), stores.keys.contentKey(now)]);
      expect(new Set(keys.map((k) => JSON.stringify(k.publicJwk))).size).toBe(1);
      expect(await stores.keys.contentKey(now + 1)).toEqual(keys[0]);
    } finally {
      await stores.close();
      await dispose();
    }
  });
});
