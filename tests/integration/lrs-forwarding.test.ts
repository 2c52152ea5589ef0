import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShapedLink } from '../../bench/link-shaper.ts';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { asSent, LrsProcess } from '../../harness/lrs-process.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { person, SHIFT_LEARNERS } from '../../harness/sites.ts';
import { POSTGRES_URL, postgresAvailable } from '../../harness/stores.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import type { Catalog } from '../../src/shared/module.ts';
import type { Statement } from '../../src/server/xapi/statement.ts';
import { until } from '../helpers/until.ts';
import { instancesApi } from '../helpers/site-api.ts';

const ADMIN_TOKEN = 'lrs-forwarding-admin-token-01234';
const PORTS = [18_930, 18_931] as const;
const LRS_PORT = 18_932;
const SITE = 'plant-north';
const PUBLIC_URL = 'https://training.plant.example';

interface StatementResult { statements: Statement[]; more: string }

/**
 * Forwarding to a real LRS under faults: two server instances on one
 * PostgreSQL forward the same outbox; the LRS is cut off while records keep
 * arriving, one instance is killed while it cannot send and started again;
 * when the LRS is back, every statement of every stored record is there
 * exactly once, and /healthz said why it was waiting meanwhile.
 */
describe.skipIf(!postgresAvailable)('forwarding to an LRS through outages, restarts and two instances', () => {
  const schema = `lrs_forwarding_${process.pid}_${Date.now().toString(36)}`;
  const lrs = new LrsProcess(LRS_PORT);
  // The path between the servers and the LRS, which the test cuts: the LRS itself keeps what it has.
  const line = new ShapedLink({ bytesPerSecond: 1e9, rttMs: 0, targetPort: LRS_PORT });
  let root: string;
  let catalog: Catalog;
  let instances: ServerProcess[];
  /** The API helpers, aimed at one instance with on(i). */
  const { bases, api, on } = instancesApi(PORTS, ADMIN_TOKEN);
  const health = async (i: 0 | 1) => (await fetch(`${bases[i]}/healthz`)).text();



  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lowband-forwarding-'));
    const content = join(root, 'published');
    await cp(FIXTURE_COURSE, join(root, 'content'), { recursive: true });
    expect((await publish({ sourceDir: join(root, 'content'), outDir: content, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    catalog = JSON.parse(await readFile(join(content, 'catalog.json'), 'utf8')) as Catalog;
    await lrs.start();
    const lrsVia = await line.listen();
    const env = (i: number) => ({
      DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, CONTENT_DIR: content, DIST_DIR: join(root, 'no-app'), DATA_DIR: join(root, `data-${i}`),
      ADMIN_TOKEN, DEMO_SITE: '0', PUBLIC_URL, LRS_ENDPOINT: `http://127.0.0.1:${lrsVia}/xAPI`, LRS_KEY: 'plant', LRS_SECRET: 'lrs secret',
    });
    instances = PORTS.map((port, i) => new ServerProcess(port, env(i)));
    await Promise.all(instances.map((s) => s.start()));
  });
  afterAll(async () => {
    await Promise.all((instances ?? []).map((s) => s.stop()));
    await line.close();
    await lrs.stop();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await client.end();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('ends with every statement at the LRS exactly once', { timeout: 240_000 }, async () => {
    expect((await on(0).api('PUT', `/api/v1/admin/sites/${SITE}`, { name: 'North plant', lang: 'en' })).status).toBe(201);
    const learners = SHIFT_LEARNERS.slice(0, 30);
    expect((await on(1).api('POST', `/api/v1/admin/sites/${SITE}/roster`, { people: learners.map((id) => person(id)) })).status).toBe(200);
    const kiosk = await on(0).enrollKiosk(SITE);
    const english = catalog.modules.filter((m) => m.lang === 'en');
    const send = async (i: 0 | 1, from: number, to: number) => {
      for (let n = from; n < to; n++) {
        const records = api.passed(kiosk, learners[n]!, english[n % english.length]!);
        expect((await on(i).sync(kiosk, records)).body.acked).toHaveLength(records.length);
      }
    };

    await send(0, 0, 5);
    await send(1, 5, 10);
    // The LRS's line goes down while records keep arriving at both instances.
    line.setOnline(false);
    await send(0, 10, 15);
    await until(async () => /LRS: failing since .*did not answer/.test(await health(1)), 30);
    expect(await health(1)).toMatch(/LRS: failing since .*: the LRS at http:\/\/127\.0\.0\.1:\d+\/xAPI\/statements did not answer/);
    // One instance dies while it cannot send (what it had claimed comes back when its lease runs out), and starts again.
    await instances[0]!.kill();
    await send(1, 15, 20);
    await instances[0]!.start();
    line.setOnline(true);
    await send(0, 20, 30);

    const ours: Statement[] = [];
    for (let next = '/api/v1/xapi/statements?ascending=true&limit=200'; next;) {
      const page = await on(1).json<StatementResult>(on(1).api('GET', next));
      ours.push(...page.statements.map(asSent));
      next = page.more;
    }
    expect(ours.length).toBe(30 * (2 + 1 + 1));
    await until(async () => (await lrs.statements<Statement>()).length >= ours.length && /LRS: 0 record\(s\) waiting/.test(await health(0)), 180);
    const there = await lrs.statements<Statement>();
    expect(there.map((s) => s.id).sort()).toEqual(ours.map((s) => s.id).sort());
    const byId = new Map(there.map((s) => [s.id, asSent(s)]));
    for (const s of ours) expect(byId.get(s.id)).toEqual(s);
    for (const i of [0, 1] as const) expect(await health(i)).toMatch(/^ok: the database answers\.\nLRS: 0 record\(s\) waiting to be sent; last batch taken /);
    expect(await health(0)).not.toMatch(/would not take/);
  });
});
