import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { asSent, LrsProcess } from '../../harness/lrs-process.ts';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { moduleVersion } from '../../src/node/module-archive.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import type { LrsView } from '../../src/shared/console/lrs.ts';
import type { Catalog } from '../../src/shared/module.ts';
import { forwardTarget } from '../../src/server/xapi/forward-target.ts';
import { startForwarding } from '../../src/server/xapi/forwarder.ts';
import type { Statement } from '../../src/server/xapi/statement.ts';
import { consoleAccounts, serveApi, siteApi, useApiServer } from '../helpers/site-api.ts';
import { until } from '../helpers/until.ts';

const ADMIN = 'admin-token-for-lrs-console-0123';
const SECRET = 'the-lrs-secret-never-shown-again';
const LRS_PORT = 18_913;

/**
 * The LRS an admin sets in the console: the address and key come back, the
 * secret never does (not in the page's data, not in the audit log); the
 * server forwards to it at once; stopping it leaves records waiting; a
 * site admin cannot see or change it; the environment's LRS wins.
 */
describe('the LRS set in the console', () => {
  const kind = STORE_KINDS[0]!;
  const now = Date.UTC(2026, 11, 4, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-lrs-console-'));
  const contentDir = join(scratch, 'published');
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir });
  const { api, enrollKiosk, sync, stamp } = siteApi(() => env.base, ADMIN, () => now);
  const lrs = new LrsProcess(LRS_PORT);
  let hash = '';

  let asConsole: Awaited<ReturnType<typeof consoleAccounts>>['as'];
  let cookies: Record<string, string> = {};
  const view = async () => (await (await asConsole('admin', 'GET', '/lrs')).json()) as LrsView;

  beforeAll(async () => {
    await lrs.start();
    expect((await publish({ sourceDir: FIXTURE_COURSE, outDir: contentDir, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    hash = (JSON.parse(readFileSync(join(contentDir, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === 'lockout-tagout' && m.lang === 'en')!.hash;
    await api('PUT', '/api/v1/admin/sites/plant-a', { name: 'Plant A', lang: 'en' });
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1001')] });
    ({ as: asConsole, cookies } = await consoleAccounts(env.base, api, [['admin', 'admin'], ['siteadmin', 'site-admin', ['plant-a']]]));
  });
  afterAll(async () => {
    await lrs.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.skipIf(!kind.available)('keeps the secret to itself, forwards at once, and stops when told', async () => {
    expect(await view()).toMatchObject({ source: null, endpoint: null, secretSet: false, status: { waiting: 0 } });
    const put = (body: unknown) => asConsole('admin', 'PUT', '/lrs', body);
    const refused = async (res: Response) => [res.status, ((await res.json()) as { error: string }).error];
    expect(await refused(await put({ endpoint: 'lrs.example.com', key: 'k', secret: SECRET }))).toEqual([422, expect.stringMatching(/^LRS: endpoint: "lrs.example.com" is not an xAPI address/)]);
    expect(await refused(await put({ endpoint: lrs.statementsUrl.replace(/\/statements$/, ''), key: 'plant', secret: '' }))).toEqual([422, expect.stringMatching(/^LRS: secret: the secret the LRS gave this server is needed the first time/)]);
    expect((await put({ endpoint: lrs.statementsUrl.replace(/\/statements$/, ''), key: 'plant', secret: SECRET })).status).toBe(200);
    // A site admin neither sees nor changes it.
    expect((await asConsole('siteadmin', 'GET', '/lrs')).status).toBe(403);
    expect((await asConsole('siteadmin', 'PUT', '/lrs', { endpoint: 'https://evil.example/xapi', key: 'k', secret: 'x' })).status).toBe(403);

    const set = await view();
    expect(set).toMatchObject({ source: 'console', endpoint: `http://127.0.0.1:${LRS_PORT}/xAPI`, key: 'plant', secretSet: true, homePage: env.base, changedBy: 'admin@plant.example' });
    expect(JSON.stringify(set)).not.toContain(SECRET);
    const audit = await (await asConsole('admin', 'GET', '/audit')).text();
    expect(audit).toContain('lrs.settings');
    expect(audit).not.toContain(SECRET);
    // Saved again without a secret: the one set stays.
    expect((await put({ endpoint: set.endpoint, key: 'plant', secret: '' })).status).toBe(200);

    // The server's forwarder reads the console's setting before each batch: a record stored now reaches the LRS.
    const forwarding = startForwarding({
      stores: env.stores, target: forwardTarget({ lrs: null, publicUrl: null }, env.stores), claimer: 'console-test',
      versionOf: (id, lang, h) => moduleVersion(contentDir, id, lang, h),
    });
    try {
      const kiosk = await enrollKiosk('plant-a');
      expect((await sync(kiosk, [{ ...stamp(kiosk.deviceId), kind: 'checkpoint', learnerId: '1001', moduleId: 'lockout-tagout', lang: 'en', moduleHash: hash, section: 1 }])).body.acked).toHaveLength(1);
      await until(async () => (await lrs.statements()).length === 1, 30);
      const [statement] = await lrs.statements<Statement>();
      expect(statement!.actor.account).toEqual({ homePage: env.base, name: '1001' });
      // The export says the very statement the forwarder sent: one address for both, however the export was reached.
      const exported = (await (await api('GET', '/api/v1/xapi/statements')).json()) as { statements: Statement[] };
      expect(exported.statements.map(asSent)).toEqual([asSent(statement!)]);
      await until(async () => (await view()).status.lastSent !== null, 10);
      expect((await view()).status).toMatchObject({ waiting: 0, lastSent: { statements: 1 } });

      // Stopped: the setting is gone, and what arrives now waits.
      expect((await asConsole('admin', 'DELETE', '/lrs')).status).toBe(200);
      expect(await forwardTarget({ lrs: null, publicUrl: null }, env.stores)()).toBeNull();
      expect((await sync(kiosk, [{ ...stamp(kiosk.deviceId), kind: 'checkpoint', learnerId: '1001', moduleId: 'lockout-tagout', lang: 'en', moduleHash: hash, section: 2 }])).body.acked).toHaveLength(1);
      expect(await view()).toMatchObject({ source: null, status: { waiting: 1 } });
    } finally {
      await forwarding.stop();
    }
  });

  it.skipIf(!kind.available)('shows the environment\'s LRS, and will not change it', async () => {
    const fromEnvironment = { endpoint: 'https://lrs.plant.example/xapi', key: 'env-key', secret: 'env-secret' };
    const other = await serveApi({ stores: env.stores, adminToken: ADMIN, now: () => now, contentDir, publicUrl: 'https://training.plant.example', lrsFromEnvironment: fromEnvironment });
    try {
      const call = (method: string) => fetch(`${other.base}/api/v1/console/lrs`, { method, headers: { Cookie: cookies.admin!, Origin: other.base } });
      const shown = (await (await call('GET')).json()) as LrsView;
      expect(shown).toMatchObject({ source: 'environment', endpoint: fromEnvironment.endpoint, key: 'env-key', secretSet: true, homePage: 'https://training.plant.example' });
      expect(JSON.stringify(shown)).not.toContain('env-secret');
      const put = await fetch(`${other.base}/api/v1/console/lrs`, { method: 'PUT', headers: { Cookie: cookies.admin!, Origin: other.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ endpoint: 'https://x.example/xapi', key: 'k', secret: 's' }) });
      expect([put.status, ((await put.json()) as { error: string }).error]).toEqual([409, "The LRS is set in the server's environment (LRS_ENDPOINT): change it there."]);
    } finally {
      await other.close();
    }
  });
});
