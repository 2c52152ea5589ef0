import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Catalog } from '../../src/shared/module.ts';
import type { LearningRecord } from '../../src/shared/sync/records.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import { openPostgresDatabase } from '../../src/server/store/postgres-store.ts';
import { openSqliteDatabase } from '../../src/server/store/sqlite-store.ts';
import { allIds, countByKind } from '../helpers/record-queries.ts';
import { prng } from '../../harness/records.ts';
import { POSTGRES_URL, postgresAvailable } from '../../harness/stores.ts';
import { FaultProxy, type ApiFault } from './fault-proxy.ts';
import { launchChromium, Stack, storedRecords } from '../../harness/stack.ts';
import { passModule, resultsMadeOn, signedInKiosk, signIn } from './kiosk-helpers.ts';
import { ServerProcess } from '../../harness/server-process.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const PROXY_PORT = 18_431;
const SERVER_PORT = 18_432;

const BACKENDS = [
  { name: 'sqlite', available: true },
  { name: 'postgres', available: postgresAvailable },
] as const;

/**
 * Two kiosks take modules while the line and the server misbehave: offline
 * spells, 500s, a hung server, acks lost after commit, a tab closed mid-sync,
 * the server killed and restarted. Afterwards the server must hold exactly
 * the records the kiosks made: none lost, none twice.
 */
describe.each(BACKENDS)('sync under faults, $name', (backend) => {
  let stack: Stack;
  let browser: Browser;
  let proxy: FaultProxy;
  let server: ServerProcess;
  let catalog: Catalog;
  const schema = `e2e_${process.pid}_${Date.now().toString(36)}`;
  const base = `http://127.0.0.1:${PROXY_PORT}`;

  beforeAll(async () => {
    if (!backend.available) return;
    ({ stack, server } = await Stack.withServerProcess(SERVER_PORT, {
      ADMIN_TOKEN, ...(backend.name === 'postgres' ? { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema } : {}),
    }));
    catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    proxy = new FaultProxy(() => SERVER_PORT);
    await proxy.listen(PROXY_PORT);
    browser = await launchChromium();
  });

  afterAll(async () => {
    if (!backend.available) return;
    await browser?.close();
    await proxy?.close();
    await server?.stop();
    await stack?.dispose();
  });

  const setUpKiosk = (context: BrowserContext, learner: string) => signedInKiosk(context, base, ADMIN_TOKEN, learner);

  const outboxSize = async (page: Page) => (await storedRecords<LearningRecord>(page, 'outbox')).length;
  const syncStateText = (page: Page) => page.getByTestId('sync-state').textContent();

  it.skipIf(!backend.available)('delivers every record exactly once through network, server and tab faults', async () => {
    const random = prng(backend.name === 'sqlite' ? 11 : 12);
    const english = catalog.modules.filter((m) => m.lang === 'en');
    const kioskA = await browser.newContext({ locale: 'en-GB' });
    const kioskB = await browser.newContext({ locale: 'en-GB' });
    let pageA = await setUpKiosk(kioskA, '1002');
    let pageB = await setUpKiosk(kioskB, '1004');
    const setFault = (fault: ApiFault) => { proxy.fault = fault; };
    /** Network off and on at a random moment while a module is taken. */
    const flicker = async (context: BrowserContext) => {
      await new Promise((r) => setTimeout(r, Math.floor(random() * 400)));
      await context.setOffline(true);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 800)));
      await context.setOffline(false);
    };

    // 1. Offline: the result is shown and queued, then sent when the network returns.
    await kioskA.setOffline(true);
    await passModule(pageA, stack.content, english[0]!);
    await expect.poll(() => syncStateText(pageA)).toMatch(/\d+ records waiting to sync/);
    await kioskA.setOffline(false);

    // 2. The server answers 500: the failure is shown in words and the records stay queued.
    setFault('error-500');
    await passModule(pageB, stack.content, english[0]!);
    await expect.poll(() => syncStateText(pageB), { timeout: 30_000 }).toMatch(/waiting to sync: the server could not store the records/);

    // 3. The server commits, then the connection is cut before the kiosk reads the ack.
    setFault('cut-after-commit');
    await Promise.all([passModule(pageA, stack.content, english[1]!), flicker(kioskB)]);
    await expect.poll(() => proxy.log.some((l) => l.status === 'cut'), { timeout: 30_000 }).toBe(true);

    // 4. The server hangs; the tab is closed mid-sync and opened again.
    setFault('hang');
    await passModule(pageB, stack.content, english[1]!);
    await expect.poll(() => proxy.log.some((l) => l.status === 'hung'), { timeout: 30_000 }).toBe(true);
    await pageB.close();
    setFault('pass');
    pageB = await kioskB.newPage();
    await pageB.goto(base);
    await signIn(pageB, '1004', DEMO.pin);

    // 5. The server is killed outright while a kiosk is sending, then started again.
    await Promise.all([passModule(pageA, stack.content, english[2]!), flicker(kioskA)]);
    await server.kill();
    await passModule(pageB, stack.content, english[2]!);
    await new Promise((r) => setTimeout(r, 1000));
    await server.start();

    // The faults stop. From here the test only waits: the app's own retries (its timer, its backoff,
    // Background Sync) must bring every record home. The longest wait the app may take is its backoff
    // cap (5 min) plus one 15-s look (src/device/sync-engine.ts, src/app/services/sync-client.ts).
    for (const page of [pageA, pageB]) {
      await expect.poll(() => outboxSize(page), { timeout: 330_000, interval: 1000 }).toBe(0);
      await expect.poll(() => syncStateText(page)).toBe('All records synced');
    }

    const made = [...(await resultsMadeOn(pageA)), ...(await resultsMadeOn(pageB))].sort();
    await server.stop();
    const db = backend.name === 'sqlite'
      ? openSqliteDatabase(join(stack.root, 'data', 'records.sqlite'))
      : openPostgresDatabase({ connectionString: POSTGRES_URL, schema });
    const held = await allIds(db.sql, ['attempt', 'completion', 'checkpoint']);
    const counts = await countByKind(db.sql);
    const [opened] = await db.sql.all<{ n: unknown }>(`SELECT COUNT(*) AS n FROM learning_records WHERE kind = 'event' AND body LIKE '%"opened"%'`);
    await db.close();
    await server.start();

    expect(new Set(made).size).toBe(made.length);
    expect(held).toEqual(made);
    expect(counts.completion).toBe(6);
    // Three modules opened by each learner: six "opened" events, each stored once however often it was sent.
    expect(Number(opened!.n)).toBe(6);
    // Faults really happened: the proxy saw each kind.
    expect(new Set(proxy.log.map((l) => l.status === 'cut' || l.status === 'hung' ? l.status : l.fault))).toEqual(new Set(['pass', 'error-500', 'cut', 'hung']));
    await kioskA.close();
    await kioskB.close();
  }, 600_000);

  it.skipIf(!backend.available)('shows a record the server refused, with the reason, and keeps it on the device', async () => {
    const kiosk = await browser.newContext({ locale: 'en-GB' });
    const page = await setUpKiosk(kiosk, '1002');
    // A record no honest kiosk makes: a score of 140 %, queued straight into the outbox.
    await page.evaluate(async () => {
      const open = indexedDB.open('lowband-learning');
      const db = await new Promise<IDBDatabase>((resolve) => { open.onsuccess = () => resolve(open.result); });
      const tx = db.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').put({
        kind: 'completion', id: '019ab000-0000-7000-8000-000000000001', deviceId: 'dev-forged', seq: 999_999, at: Date.now(),
        learnerId: '1002', moduleId: 'lockout-tagout', lang: 'en', moduleHash: 'aaaaaaaaaaaa', attemptId: '019ab000-0000-7000-8000-000000000002', score: 140,
      });
      await new Promise((resolve) => { tx.oncomplete = resolve; });
      dispatchEvent(new Event('online'));
    });
    await page.getByTestId('sync-state').getByRole('link').click();
    await expect.poll(() => page.getByTestId('rejected').textContent(), { timeout: 30_000 }).toContain('Reason: score: must be at most 100');
    await expect.poll(() => outboxSize(page)).toBe(0);
    expect((await storedRecords<{ reason: string }>(page, 'rejected')).map((r) => r.reason)).toEqual(['score: must be at most 100']);
    await kiosk.close();
  });
});
