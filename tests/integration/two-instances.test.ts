import { request } from 'node:http';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import { CONTENT_UPDATE_URL } from '../../src/shared/catalog-update.ts';
import type { Catalog } from '../../src/shared/module.ts';
import { personFromWire } from '../../src/shared/roster/roster.ts';
import type { DeviceRecord } from '../../src/shared/sync/records.ts';
import { syncRequest } from '../../src/shared/sync/wire.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { instancesApi, type Kiosk } from '../helpers/site-api.ts';
import { person, SHIFT_LEARNERS } from '../../harness/sites.ts';
import { POSTGRES_URL, postgresAvailable } from '../../harness/stores.ts';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';

const ADMIN_TOKEN = 'two-instances-admin-token-012345';
const PORTS = [18_710, 18_711] as const;
const SITE = 'plant-north';

/**
 * How a company with many plants runs it: stateless server processes on one
 * PostgreSQL, the published content on storage every instance reads. Kiosks'
 * calls land on either instance; one is killed in the middle of a sync; the
 * content is republished once and served by both. Every record must end up
 * stored exactly once, and roster cursors must mean the same on both.
 */
describe.skipIf(!postgresAvailable)('two server instances on one PostgreSQL', () => {
  const schema = `two_instances_${process.pid}_${Date.now().toString(36)}`;
  let root: string;
  let content: string;
  let source: string;
  let catalog: Catalog;
  let instances: ServerProcess[];
  /** The API helpers, aimed at one instance with on(i). */
  const { bases, api, on } = instancesApi(PORTS, ADMIN_TOKEN);
  const sent = new Set<string>();


  async function stored(): Promise<{ rows: number; distinct: number }> {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ rows: string; distinct: string }>(`SELECT count(*) AS rows, count(DISTINCT id) AS distinct FROM ${pg.escapeIdentifier(schema)}.learning_records`);
      return { rows: Number(rows[0]!.rows), distinct: Number(rows[0]!.distinct) };
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lowband-two-'));
    content = join(root, 'published');
    source = join(root, 'content');
    await cp(FIXTURE_COURSE, source, { recursive: true });
    expect((await publish({ sourceDir: source, outDir: content, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    catalog = JSON.parse(await readFile(join(content, 'catalog.json'), 'utf8')) as Catalog;
    const env = (i: number) => ({
      DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, CONTENT_DIR: content, DIST_DIR: join(root, 'no-app'),
      DATA_DIR: join(root, `data-${i}`), ADMIN_TOKEN, DEMO_SITE: '0',
    });
    instances = PORTS.map((port, i) => new ServerProcess(port, env(i)));
    // Both start at once on an empty schema: one applies the migrations, the other waits for them.
    await Promise.all(instances.map((s) => s.start()));
  });
  afterAll(async () => {
    await Promise.all((instances ?? []).map((s) => s.stop()));
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await client.end();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('shares sites, rosters, codes, records and roster cursors across instances, through a kill mid-sync and a republish', async () => {
    expect((await on(0).api('PUT', `/api/v1/admin/sites/${SITE}`, { name: 'North plant', lang: 'en' })).status).toBe(201);
    const learners = SHIFT_LEARNERS.slice(0, 40);
    expect((await on(1).api('POST', `/api/v1/admin/sites/${SITE}/roster`, { people: learners.map((id) => person(id)) })).status).toBe(200);

    // A code made on one instance enrolls a kiosk through the other.
    const codeA = await on(0).newCode(SITE);
    const k1 = { deviceId: `dev-${crypto.randomUUID()}`, token: '' };
    const enrolled = await on(1).enrollRequest(codeA, k1.deviceId);
    expect(enrolled.status).toBe(200);
    k1.token = ((await enrolled.json()) as { credential: string }).credential;
    const k2 = await on(1).enrollKiosk(SITE);

    // Roster cursors are the database's: a delta asked from the other instance holds exactly what changed.
    const full = await on(0).roster(k1.token);
    expect(full.full).toBe(true);
    expect(full.people).toHaveLength(40);
    expect((await on(1).api('POST', `/api/v1/admin/sites/${SITE}/roster`, { people: [person('N0001')] })).status).toBe(200);
    const delta = await on(1).roster(k1.token, full.cursor);
    expect(delta.full).toBe(false);
    expect(delta.people.map((p) => personFromWire(p).person.id)).toEqual(['N0001']);
    const none = await on(0).roster(k1.token, delta.cursor);
    expect(none.people).toEqual([]);

    // Syncs alternate between the instances; every other batch is sent to both (an ack lost on the way back).
    const english = catalog.modules.filter((m) => m.lang === 'en');
    const batches: { kiosk: Kiosk; records: DeviceRecord[] }[] = [];
    learners.forEach((id, i) => {
      const kiosk = i % 2 ? k2 : k1;
      batches.push({ kiosk, records: api.passed(kiosk, id, english[i % english.length]!) });
    });
    for (const [i, batch] of batches.entries()) {
      const first = await on((i % 2) as 0 | 1).sync(batch.kiosk, batch.records);
      expect(first.status).toBe(200);
      expect(first.body.acked.sort()).toEqual(batch.records.map((r) => r.id).sort());
      if (i % 2 === 0) expect((await on(((i + 1) % 2) as 0 | 1).sync(batch.kiosk, batch.records)).body.acked).toHaveLength(batch.records.length);
      batch.records.forEach((r) => sent.add(r.id));
    }

    // Instance 0 is killed while a batch is still arriving; the kiosk sends it again to instance 1.
    const late = [...api.passed(k1, 'E10000', english[1]!), ...api.passed(k1, 'E10001', english[2]!)];
    const body = JSON.stringify(syncRequest(k1.deviceId, late));
    const cut = new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port: PORTS[0], method: 'POST', path: '/api/v1/sync', headers: { Authorization: `Bearer ${k1.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => { res.resume(); resolve(`answered ${res.statusCode}`); });
      req.on('error', (err) => resolve(`failed: ${err.message}`));
      req.write(body.slice(0, body.length >> 1), () => void instances[0]!.kill());
    });
    expect(await cut).toMatch(/^failed/);
    const resent = await on(1).sync(k1, late);
    expect(resent.body.acked).toHaveLength(late.length);
    late.forEach((r) => sent.add(r.id));
    await instances[0]!.start();
    expect((await on(0).sync(k1, late)).body.acked).toHaveLength(late.length);

    // Republished through the shared storage: both instances serve the update at once.
    const file = join(source, '03-ppe.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Fit matters', 'Fit matters most'));
    expect((await publish({ sourceDir: source, outDir: content, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    const next = JSON.parse(await readFile(join(content, 'catalog.json'), 'utf8')) as Catalog;
    const changed = next.modules.find((m) => m.id === 'ppe-basics' && m.lang === 'en')!;
    for (const base of bases) {
      const update = await fetch(`${base}${CONTENT_UPDATE_URL}?since=${catalog.version}`);
      expect(update.status).toBe(200);
      expect(await update.text()).toContain(changed.url);
    }
    // A completion of the new version is plausible on the instance that did not see it published.
    const fresh = api.passed(k2, 'E10003', changed);
    expect((await on(1).sync(k2, fresh)).body.acked).toHaveLength(2);
    fresh.forEach((r) => sent.add(r.id));

    expect(await stored()).toEqual({ rows: sent.size, distinct: sent.size });
    const status = await on(0).json<{ learners: { id: string; modules: unknown[] }[] }>(on(0).api('GET', `/api/v1/admin/sites/${SITE}/status`));
    expect(status.learners).toHaveLength(41);
  });
});
