import { request } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../src/server/demo-site.ts';
import type { SiteStatus } from '../../src/server/store/status-store.ts';
import type { Catalog } from '../../src/shared/module.ts';
import { launchChromium, Stack } from '../../harness/stack.ts';
import { passModule, signIn } from './kiosk-helpers.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { PLANT_HOST, TrustedCa } from '../../harness/trusted-ca.ts';

const PORT = 18_543;
const ADMIN_TOKEN = 'e2e-https-admin-token-0123456789';

/**
 * The deployment a plant gets: the server with a certificate from a
 * generated plant CA, HTTPS over HTTP/2, and Chromium trusting that CA as an
 * installed root (no certificate error ignored). The offline promise must
 * hold there exactly as on localhost; on plain HTTP away from localhost the
 * app must say that it cannot keep anything for offline use.
 */
describe('a kiosk at a plant, over HTTPS with HTTP/2', () => {
  let ca: TrustedCa;
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let catalog: Catalog;
  const base = `https://${PLANT_HOST}:${PORT}`;

  /** The admin API from this test, trusting the same CA (and nothing else). */
  const admin = <T>(path: string) => new Promise<T>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, servername: PLANT_HOST, path: `/api/v1/admin${path}`, ca: ca.ca.cert, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });

  beforeAll(async () => {
    ca = await TrustedCa.create();
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN, TLS_CERT: ca.certFile, TLS_KEY: ca.keyFile }));
    catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    browser = await ca.launch();
    context = await browser.newContext({ locale: 'en-GB' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
    await ca?.dispose();
  });

  it('first visit: every request over h2, the service worker controls the page, every module saved', async () => {
    await page.goto(`${base}/`);
    await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => isSecureContext)).toBe(true);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // What came over the network came over h2; what the service worker or a cache answered has no protocol.
    const protocols = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
      .map((e) => (e as PerformanceResourceTiming).nextHopProtocol));
    expect(protocols[0]).toBe('h2');
    expect(new Set(protocols.filter(Boolean))).toEqual(new Set(['h2']));
    expect(await page.getByTestId('needs-https').count()).toBe(0);

    // Then the same browser becomes the site's kiosk, with the code the server printed.
    const code = /#enroll=([\w-]+)/.exec(server.output.join(''))?.[1];
    expect(code).toBeDefined();
    // Only the hash changes in this open tab: the app starts afresh by itself to read the code.
    await page.goto(`${base}/#enroll=${code}`);
    await page.getByTestId('sign-in').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  });

  it('is trusted because of the plant CA: a browser without it refuses the certificate', async () => {
    const stranger = await launchChromium({ args: [`--host-resolver-rules=MAP ${PLANT_HOST} 127.0.0.1`] });
    try {
      await expect((await stranger.newPage()).goto(base)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await stranger.close();
    }
  });

  it('offline: reloads, signs in and passes a module; back online, the completion reaches the server', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('connection').getByText('Offline').waitFor();
    await signIn(page, '1002', DEMO.pin);
    const module = catalog.modules.find((m) => m.id === 'ppe-basics' && m.lang === 'en')!;
    await passModule(page, stack.content, module);
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toMatch(/records waiting to sync: no connection to the server/);

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 30_000 }).toBe('All records synced');
    const status = await admin<SiteStatus>(`/sites/${DEMO.siteId}/status`);
    const ben = status.learners.find((l) => l.id === '1002')!;
    expect(ben.modules.find((m) => m.moduleId === 'ppe-basics')?.state).toBe('done');
  });

  it('over plain HTTP at a plant address, says in words that offline use needs HTTPS', async () => {
    await stack.start();
    const plain = await browser.newPage();
    await plain.goto(`http://${PLANT_HOST}:${stack.port}/`);
    await expect.poll(() => plain.getByTestId('needs-https').textContent()).toContain('Offline use needs HTTPS');
    expect(await plain.evaluate(() => ({ secure: isSecureContext, sw: 'serviceWorker' in navigator }))).toEqual({ secure: false, sw: false });
    await plain.close();
  });
});
