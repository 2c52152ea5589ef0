import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Catalog } from '../../src/shared/module.ts';
import type { LearningRecord } from '../../src/shared/sync/records.ts';
import { SYNC_URL } from '../../src/shared/sync/limits.ts';
import { FaultProxy } from './fault-proxy.ts';
import { launchChromium, Stack, storedRecords } from '../../harness/stack.ts';
import { answerQuiz, passModule, resultsMadeOn, signedInKiosk } from './kiosk-helpers.ts';
import { ServerProcess } from '../../harness/server-process.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const PROXY_PORT = 18_433;
const SERVER_PORT = 18_434;

/**
 * After each fault here the test does nothing but wait and compare: no
 * `online` event dispatched, no tab reopened, no connection dropped for the
 * app. What brings the records home is the app's own timeout, its retries and
 * the service worker's Background Sync. The server is one real process
 * (SQLite); what it stores is read from its database file.
 */
describe('the app brings its records home by itself', () => {
  let stack: Stack;
  let browser: Browser;
  let proxy: FaultProxy;
  let server: ServerProcess;
  let english: Catalog['modules'];
  const base = `http://127.0.0.1:${PROXY_PORT}`;

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(SERVER_PORT, { ADMIN_TOKEN }));
    english = (JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog).modules.filter((m) => m.lang === 'en');
    proxy = new FaultProxy(() => SERVER_PORT);
    await proxy.listen(PROXY_PORT);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
    await stack?.dispose();
  });

  /** The ids of the results the server holds, read from its SQLite file beside the running server (WAL lets both read). */
  function heldOnServer(): Set<string> {
    const db = new Database(join(stack.root, 'data', 'records.sqlite'), { readonly: true });
    try {
      return new Set((db.prepare(`SELECT id FROM learning_records WHERE kind IN ('attempt', 'completion', 'checkpoint')`).all() as { id: string }[]).map((r) => r.id));
    } finally {
      db.close();
    }
  }

  const setUpKiosk = (context: BrowserContext, learner: string) => signedInKiosk(context, base, ADMIN_TOKEN, learner);

  /** Waits until the server holds every one of `ids`; then each is there once (the table's key). */
  const arrive = (ids: string[], timeout: number) =>
    expect.poll(() => ids.filter((id) => !heldOnServer().has(id)), { timeout, interval: 500 }).toEqual([]);

  it('a request that hangs ends at the app’s own timeout, and the next try sends it', async () => {
    const kiosk = await browser.newContext({ locale: 'en-GB' });
    const page = await setUpKiosk(kiosk, '1004');
    proxy.faultScope = SYNC_URL;
    proxy.fault = 'hang';
    await passModule(page, stack.content, english[1]!);
    await expect.poll(() => proxy.log.some((l) => l.status === 'hung'), { timeout: 30_000 }).toBe(true);
    // The server is well again, but the hung request's connection stays open: only the app can end it.
    proxy.fault = 'pass';
    proxy.faultScope = '/api/';
    const made = await resultsMadeOn(page);
    expect(made.length).toBeGreaterThan(0);
    // The app gives up on a request after 45 s (src/device/sync-transport.ts), then tries again within
    // one 15-s look. Left to itself, Chromium ends such a request only after 120 s (measured: the record
    // then arrives at 121 s), so a 100-s bound tells the app's timeout from the browser's.
    await arrive(made, 100_000);
    await kiosk.close();
  }, 240_000);

  it('Background Sync sends what a closed page left queued, once the network is back', async () => {
    const kiosk = await browser.newContext({ locale: 'en-GB' });
    const page = await setUpKiosk(kiosk, '1002');
    await kiosk.setOffline(true);
    await passModule(page, stack.content, english[0]!);
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toMatch(/\d+ records waiting to sync/);
    const made = await resultsMadeOn(page);
    await page.close();
    expect(kiosk.pages()).toEqual([]);
    // Only the service worker is left; Chromium fires its `sync` event when the line returns.
    await kiosk.setOffline(false);
    await arrive(made, 120_000);
    await kiosk.close();
  }, 240_000);

  it('in a browser without Background Sync, what waits goes when the app is next opened', async () => {
    const kiosk = await browser.newContext({ locale: 'en-GB' });
    // As in Firefox and Safari: no SyncManager for the app to register with.
    await kiosk.addInitScript(() => {
      delete (ServiceWorkerRegistration.prototype as { sync?: unknown }).sync;
      delete (window as { SyncManager?: unknown }).SyncManager;
    });
    const page = await setUpKiosk(kiosk, '1002');
    expect(await page.evaluate(() => 'sync' in ServiceWorkerRegistration.prototype)).toBe(false);
    await kiosk.setOffline(true);
    await passModule(page, stack.content, english[2]!);
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toMatch(/\d+ records waiting to sync/);
    const made = await resultsMadeOn(page);
    await page.close();
    await kiosk.setOffline(false);
    const reopened = await kiosk.newPage();
    await reopened.goto(base);
    await arrive(made, 60_000);
    await expect.poll(() => reopened.getByTestId('sync-state').textContent()).toBe('All records synced');
    await kiosk.close();
  }, 240_000);

  it('when the device refuses to store a quiz result, the learner is told so in words, keeps the answers, and the retry saves it once', async () => {
    const kiosk = await browser.newContext({ locale: 'en-GB' });
    const page = await setUpKiosk(kiosk, '1004');
    const module = english[3]!;
    await answerQuiz(page, stack.content, module);
    const picked = await page.locator('[data-testid=quiz] input:checked').count();
    // The origin's quota shrinks to one byte. Chromium keeps an origin's space left for up to 30 s, so
    // a throwaway database is written until the browser refuses it, before the quiz is sent.
    const cdp = await kiosk.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: base, quotaSize: 1 });
    await expect.poll(() => page.evaluate(probeWrite), { timeout: 90_000, interval: 1000 }).toBe('QuotaExceededError');
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(
      'Your result could not be saved on this device: this device is out of storage space. Your answers are kept; try again.');
    expect(await page.locator('[data-testid=quiz] input:checked').count()).toBe(picked);
    expect(await storedRecords(page, 'completions')).toEqual([]);

    await cdp.send('Storage.overrideQuotaForOrigin', { origin: base });
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect.poll(() => page.getByTestId('result').getAttribute('data-passed')).toBe('true');
    const completions = await storedRecords<LearningRecord & { moduleId: string }>(page, 'completions');
    expect(completions.map((c) => c.moduleId)).toEqual([module.id]);
    await arrive(await resultsMadeOn(page), 60_000);
    await kiosk.close();
  }, 240_000);

  it('says in words whether the browser promised to keep the records', async () => {
    for (const granted of [true, false]) {
      const kiosk = await browser.newContext({ locale: 'en-GB' });
      if (granted) {
        // Playwright's own list has no such permission; the DevTools protocol grants it to this context.
        const { targetInfo } = await (await kiosk.newCDPSession(await kiosk.newPage())).send('Target.getTargetInfo');
        await (await browser.newBrowserCDPSession()).send('Browser.grantPermissions', { origin: base, browserContextId: targetInfo.browserContextId, permissions: ['durableStorage'] });
      }
      const page = await setUpKiosk(kiosk, '1004');
      expect(await page.evaluate(() => navigator.storage.persisted())).toBe(granted);
      await page.getByTestId('sync-state').getByRole('link').click();
      await expect.poll(() => page.getByTestId('persistence').textContent()).toBe(granted
        ? 'The browser keeps these records even when space runs low.'
        : 'The browser may clear saved data when space runs low: let the device sync regularly.');
      await kiosk.close();
    }
  });
});

/** Writes one small value into a throwaway database of the page's origin; the error's name when the browser refuses. */
function probeWrite(): Promise<string> {
  return new Promise((resolve) => {
    const open = indexedDB.open('quota-probe');
    open.onupgradeneeded = () => open.result.createObjectStore('probe');
    open.onsuccess = () => {
      const tx = open.result.transaction('probe', 'readwrite');
      tx.objectStore('probe').put('x'.repeat(100), Date.now());
      tx.oncomplete = () => { open.result.close(); resolve('stored'); };
      tx.onabort = () => { open.result.close(); resolve(tx.error?.name ?? 'aborted'); };
    };
    open.onerror = () => resolve(open.error?.name ?? 'not opened');
  });
}
