import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, Stack } from '../../harness/stack.ts';
import type { ServerProcess } from '../../harness/server-process.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import { CONTENT_CACHE, type Catalog } from '../../src/shared/module.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adminApi, enrollKiosk, passModule, signIn } from './kiosk-helpers.ts';
import { openPage } from './console-flows.ts';
import { checkScreen } from './screen-check.ts';
import { readSvgQr } from './qr-read.ts';

const PORT = 18_760;
const ADMIN_TOKEN = 'e2e-phone-admin-token-0123456789';

/**
 * A worker's own phone, end to end: the console makes a one-time link for
 * Ben Okafor (1002); a phone (412×915) opens it, saves only Ben's modules,
 * passes one with no connection, and syncs it; the console shows the
 * completion under 1002 from "Ben Okafor's phone". The link works once.
 * Unlinked from the console, the phone's next sync is refused with the
 * reason, and what it still holds stays on it.
 */
describe("a worker's own phone", () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let consoleContext: BrowserContext;
  let page: Page;
  let phoneContext: BrowserContext;
  let phone: Page;
  const base = `http://127.0.0.1:${PORT}`;
  let link = '';
  /** Every address the phone asked for, its worker's requests included. */
  const requested: string[] = [];

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN, DEMO_ACTIVITY: '0' }));
    browser = await launchChromium();
    consoleContext = await browser.newContext({ locale: 'en-GB' });
    page = await consoleContext.newPage();
    phoneContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
    phone = await phoneContext.newPage();
    phoneContext.on('request', (r) => requested.push(new URL(r.url()).pathname + new URL(r.url()).search));
  });
  afterAll(async () => {
    await phoneContext?.close();
    await consoleContext?.close();
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  const catalog = async () => JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
  const phoneDevice = () => phone.evaluate(() => new Promise<string>((done) => {
    const open = indexedDB.open('lowband-learning');
    open.onsuccess = () => { const get = open.result.transaction('meta').objectStore('meta').get('deviceId'); get.onsuccess = () => { done(get.result as string); open.result.close(); }; };
  }));
  const outboxSize = () => phone.evaluate(() => new Promise<number>((done) => {
    const open = indexedDB.open('lowband-learning');
    open.onsuccess = () => { const count = open.result.transaction('outbox').objectStore('outbox').count(); count.onsuccess = () => { done(count.result); open.result.close(); }; };
  }));

  it('makes a one-time link for Ben Okafor in the console', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill(DEMO.consoleEmail);
    await page.getByLabel('Password').fill(DEMO.consolePassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await openPage(page, 'Kiosks');
    const form = page.getByTestId('phone-form');
    await form.getByLabel(/^Whose phone/).selectOption({ label: 'Ben Okafor (1002)' });
    await form.getByRole('button', { name: 'Make a one-time link' }).click();
    await expect.poll(() => form.getByTestId('phone-link').innerText()).toMatch(/^One-time link for Ben Okafor’s phone, until/);
    link = (await form.getByTestId('phone-link-address').getAttribute('href'))!;
    expect(link).toMatch(new RegExp(`^${base}/#link=[A-Z2-9]{5}-[A-Z2-9]{5}$`));
    await checkScreen(page, 1280, 'kiosks-phone-link');
  });

  it("links the phone to Ben alone, and saves only Ben's modules", async () => {
    await phone.goto(link);
    await phone.getByTestId('phone').getByText('Signed in as Ben Okafor on this phone').waitFor({ timeout: 30_000 });
    expect(new URL(phone.url()).hash).toBe('');
    const status = await adminApi<{ learners: { id: string; modules: { moduleId: string }[] }[] }>(base, ADMIN_TOKEN, 'GET', `/sites/${DEMO.siteId}/status`);
    const bens = status.learners.find((l) => l.id === '1002')!.modules.map((m) => m.moduleId).sort();
    expect(bens.length).toBeGreaterThan(0);
    await phone.getByTestId('saved-count').getByText(`${bens.length} of ${bens.length} modules saved on this device`).waitFor({ timeout: 30_000 });
    const savedIds = await phone.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/content/modules/')), CONTENT_CACHE);
    expect([...new Set(savedIds.map((p) => /\/content\/modules\/([a-z0-9-]+)\./.exec(p)![1]!))].sort()).toEqual(bens);
    // Nothing else was ever fetched: every content update asked for Ben's modules only, and no other module file was requested.
    const updates = requested.filter((u) => u.startsWith('/content/update'));
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.filter((u) => new URLSearchParams(u.split('?')[1]).get('only') !== bens.join())).toEqual([]);
    expect(requested.filter((u) => u.startsWith('/content/modules/') && !bens.some((id) => u.startsWith(`/content/modules/${id}.`)))).toEqual([]);
    // Nor search, which a phone with its learner's few modules does not show: its worker and its client were never downloaded.
    const library = (JSON.parse(await readFile(join(stack.dist, '.precache.json'), 'utf8')) as { url: string; group?: string }[]).filter((e) => e.group === 'library').map((e) => e.url);
    expect(library.length).toBe(2);
    expect(requested.filter((u) => library.includes(u))).toEqual([]);
    await phone.locator('[data-module]').first().waitFor();
    expect(await phone.getByRole('search').count()).toBe(0);
    await expect.poll(() => phone.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await checkScreen(phone, 412, 'phone-home');
  });

  it('passes a module with no connection, and the console shows it under 1002 from the phone', async () => {
    await phoneContext.setOffline(true);
    const entry = (await catalog()).modules.find((m) => m.id === 'chemical-labels' && m.lang === 'en')!;
    await passModule(phone, stack.content, entry);
    expect(await outboxSize()).toBeGreaterThan(0);
    await phoneContext.setOffline(false);
    await expect.poll(outboxSize, { timeout: 60_000 }).toBe(0);
    const deviceId = await phoneDevice();
    const completions = (await (await fetch(`${base}/api/v1/completions?learner=1002`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { items: { moduleId: string; deviceId: string }[] };
    expect(completions.items).toEqual(expect.arrayContaining([expect.objectContaining({ moduleId: 'chemical-labels', deviceId })]));
    await openPage(page, 'Posters');
    await openPage(page, 'Kiosks');
    await expect.poll(() => page.getByTestId('devices').locator(`[data-device="${deviceId}"]`).innerText()).toMatch(/Ben Okafor’s phone/);
  });

  it('refuses the link a second time', async () => {
    const other = await browser.newContext({ locale: 'en-GB', viewport: { width: 412, height: 915 } });
    const second = await other.newPage();
    await second.goto(link);
    await expect.poll(() => second.getByTestId('link').innerText()).toMatch(/This phone could not be linked: This phone link was already used/);
    await other.close();
  });

  it("refuses the phone's sync with the reason once it is unlinked, and keeps its records on it", async () => {
    const deviceId = await phoneDevice();
    const row = page.getByTestId('devices').locator(`[data-device="${deviceId}"]`);
    await row.getByLabel('Reason').fill('Phone lost on the bus');
    await row.getByRole('button', { name: 'Unlink Ben Okafor’s phone' }).click();
    await expect.poll(() => row.innerText()).toMatch(/Unlinked: Phone lost on the bus/);
    // A new record on the phone: reading a module's first page.
    const ppe = (await catalog()).modules.find((m) => m.id === 'ppe-basics' && m.lang === 'en')!;
    await phone.evaluate((url) => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }, `/m/${ppe.id}`);
    await phone.getByTestId('reader').waitFor();
    await phone.evaluate((url) => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }, '/sync');
    await phone.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => phone.locator('main').innerText(), { timeout: 30_000 }).toMatch(/unlinked this phone.*This phone was unlinked on .*: Phone lost on the bus/s);
    expect(await outboxSize()).toBeGreaterThan(0);
    // Signing out would delete them: the phone says so instead.
    await phone.getByRole('button', { name: 'Sign out of this phone' }).click();
    await expect.poll(() => phone.getByTestId('phone-unsent').innerText()).toMatch(/not sent yet/);
    await checkScreen(phone, 412, 'phone-unlinked');
  });

  it("lets a supervisor on a kiosk link a worker's phone with one-time link's QR code", async () => {
    const kioskContext = await browser.newContext({ locale: 'en-GB' });
    const kiosk = await kioskContext.newPage();
    await enrollKiosk(kiosk, base, ADMIN_TOKEN, 'Canteen kiosk');
    await signIn(kiosk, DEMO.supervisor, DEMO.passphrase, 'supervisor');
    await kiosk.getByLabel('Taal').selectOption('en');
    await kiosk.getByRole('button', { name: 'Link a worker’s phone' }).click();
    await kiosk.getByTestId('finder').fill('1001');
    await kiosk.getByTestId('finder').press('Enter');
    await expect.poll(() => kiosk.getByTestId('phone-link-made').innerText()).toMatch(/^One-time link for Anna de Vries’s phone, until/);
    const annaLink = await kiosk.getByTestId('phone-link-address').innerText();
    // The QR on the kiosk's screen, as a phone's camera would read it: drawn to pixels, decoded by jsQR.
    const qr = kiosk.getByRole('img', { name: 'QR code of the link for Anna de Vries’s phone' });
    const drawn = await qr.evaluate((svg) => new XMLSerializer().serializeToString(svg));
    // Drawn on the console's page: the app's own pages load no data: images.
    expect((await readSvgQr(page, drawn))?.data).toBe(annaLink);
    await checkScreen(kiosk, 1280, 'kiosk-phone-link');
    const annaContext = await browser.newContext({ locale: 'nl-NL', viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
    const anna = await annaContext.newPage();
    await anna.goto(annaLink);
    await anna.getByTestId('phone').getByText('Aangemeld als Anna de Vries op deze telefoon').waitFor({ timeout: 30_000 });
    await annaContext.close();
    await kioskContext.close();
  });
});

