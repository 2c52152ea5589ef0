import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { launchChromium, Stack, storedRecords } from '../../harness/stack.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { groupNeeded } from '../../src/shared/device-needs.ts';
import { person } from '../../harness/sites.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import type { Catalog } from '../../src/shared/module.ts';
import type { DeviceRecord } from '../../src/shared/sync/records.ts';
import { adminApi, enrollKiosk, passModule, signIn, switchUser, viewportOf } from './kiosk-helpers.ts';
import { openPage } from './console-flows.ts';
import { checkScreen } from './screen-check.ts';

const PORT = 18_780;
/** The laptop that hands a kiosk with no line its app, once. */
const LAPTOP_PORT = 18_781;
const ADMIN_TOKEN = 'e2e-usb-records-admin-token-01234';

/**
 * Files on a USB stick, through the real pages. Records: a kiosk with no
 * connection saves its records to a file; the console imports it (once,
 * however often) and gives an acknowledgement file; loaded on the kiosk, it
 * turns "records waiting" into "All records synced". A changed file and a
 * revoked kiosk's file are refused with the reason. A site with no line at
 * all: a kiosk set up from the console's set-up file on a laptop that has no
 * modules, never reaching the server, loads the modules file offline, and a
 * module passed there reaches the server by file.
 */
describe('files carried on a USB stick', () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let kioskContext: BrowserContext;
  let consoleContext: BrowserContext;
  let k: Page;
  let c: Page;
  let catalog: Catalog;
  const base = `http://127.0.0.1:${PORT}`;
  let records = '';
  let ack = '';

  const text = async (download: Promise<Download>) => readFile((await (await download).path())!, 'utf8');
  const importFile = async (name: string, contents: string) => {
    const form = c.getByTestId('records-import');
    await form.getByLabel('Records file from the kiosk').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(contents) });
    await form.getByRole('button', { name: 'Import the records' }).click();
  };
  const importResult = () => c.getByTestId('records-import-result').innerText();
  const importError = () => c.getByTestId('records-import-error').innerText();

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN, DEMO_ACTIVITY: '0' }));
    catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    browser = await launchChromium();
    kioskContext = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    consoleContext = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    k = await kioskContext.newPage();
    c = await consoleContext.newPage();
    await enrollKiosk(k, base, ADMIN_TOKEN, 'Mine kiosk');
    await k.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await kioskContext?.close();
    await consoleContext?.close();
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  /** The sync screen as a supervisor opens it, from the status line; in English (Sam's kiosk speaks Dutch). */
  const openSync = async () => {
    await signIn(k, DEMO.supervisor, DEMO.passphrase, 'supervisor');
    await k.getByLabel('Taal').selectOption('en');
    await k.evaluate(() => { history.pushState(null, '', '/sync'); dispatchEvent(new PopStateEvent('popstate')); });
    await k.getByTestId('records-file').waitFor();
  };

  it('saves an offline kiosk\'s records to a file that says what it holds', async () => {
    await kioskContext.setOffline(true);
    await signIn(k, '1002', DEMO.pin);
    await passModule(k, stack.content, catalog.modules.find((m) => m.id === 'ppe-basics' && m.lang === 'en')!);
    await switchUser(k);
    await openSync();
    await expect.poll(() => k.getByTestId('sync-summary').innerText()).toMatch(/^\d+ records waiting to sync: no connection to the server/);

    const download = k.waitForEvent('download');
    await k.getByRole('button', { name: 'Save records to a file' }).click();
    records = await text(download);
    expect((await download).suggestedFilename()).toMatch(/^records-mine-kiosk-\d{4}-\d\d-\d\d\.txt$/);
    await expect.poll(() => k.getByTestId('records-file-message').innerText())
      .toMatch(/^Saved records-mine-kiosk-[\d-]+\.txt: 1 completion, 1 quiz attempt, \d+ reading steps?, \d+ other events?, .*2\d{3}\. Copy it to a USB stick/);
    // Saving sends nothing and forgets nothing: the records still wait on the kiosk.
    expect((await storedRecords<DeviceRecord>(k, 'outbox')).length).toBeGreaterThan(2);
    for (const width of [1280, 360]) {
      await k.setViewportSize(viewportOf(width));
      await checkScreen(k, width, 'usb-records-kiosk');
    }
  });

  it('imports the file in the console once, however often, and refuses a changed one', async () => {
    await c.goto(`${base}/console/`);
    await c.getByLabel('Email').fill(DEMO.consoleEmail);
    await c.getByLabel('Password').fill(DEMO.consolePassword);
    await c.getByRole('button', { name: 'Sign in' }).click();
    await openPage(c, 'Kiosks');

    const [manifest, part] = records.split('\n');
    await importFile('records.txt', `${manifest}\n${part!.slice(0, 30)}${part![30] === 'A' ? 'B' : 'A'}${part!.slice(31)}\n`);
    await expect.poll(importError).toMatch(/does not match its size and SHA-256 in the manifest: the file was damaged or edited/);

    await importFile('records.txt', records);
    await expect.poll(importResult).toMatch(/From “Mine kiosk”, saved .*: 1 completion, 1 quiz attempt/);
    const waiting = (await storedRecords<DeviceRecord>(k, 'outbox')).length;
    expect(await c.getByTestId('records-stored').innerText()).toBe(`${waiting} records are new here and stored.`);
    expect(await c.getByTestId('records-refused').innerText()).toBe('None refused.');
    for (const width of [1280, 360]) {
      await c.setViewportSize(viewportOf(width));
      await checkScreen(c, width, 'usb-records-console');
    }
    const download = c.waitForEvent('download');
    await c.getByRole('button', { name: 'Save the acknowledgement file' }).click();
    ack = await text(download);
    expect((await download).suggestedFilename()).toMatch(/^acknowledgement-mine-kiosk-[\d-]+\.txt$/);

    await importFile('records.txt', records);
    await expect.poll(() => c.getByTestId('records-already').innerText()).toBe(`${waiting} records were here already (synced or imported before): kept once.`);
    expect(await c.getByTestId('records-stored').innerText()).toBe('0 records are new here and stored.');
    const completions = await (await fetch(`${base}/api/v1/completions?learner=1002`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as { items: { moduleId: string }[] };
    expect(completions.items.filter((r) => r.moduleId === 'ppe-basics')).toHaveLength(1);
  });

  it('takes the acknowledgement on the kiosk, still offline, and then says all records are synced', async () => {
    await k.getByTestId('ack-file').setInputFiles({ name: 'acknowledgement.txt', mimeType: 'text/plain', buffer: Buffer.from(ack.replace('"importedAt":', '"importedAt":1')) });
    await expect.poll(() => k.getByTestId('records-file-message').innerText()).toBe('Could not do that: the file was not made by the server for this kiosk, or was changed');
    await k.getByTestId('ack-file').setInputFiles({ name: 'acknowledgement.txt', mimeType: 'text/plain', buffer: Buffer.from(ack) });
    await expect.poll(() => k.getByTestId('records-file-message').innerText()).toMatch(/^Acknowledgement loaded: \d+ records marked synced, none refused\.$/);
    await expect.poll(() => k.getByTestId('sync-summary').innerText()).toBe('All records synced');
    expect(await storedRecords(k, 'outbox')).toEqual([]);
    // Loading it again changes nothing.
    await k.getByTestId('ack-file').setInputFiles({ name: 'acknowledgement.txt', mimeType: 'text/plain', buffer: Buffer.from(ack) });
    await expect.poll(() => k.getByTestId('records-file-message').innerText()).toBe('Acknowledgement loaded: 0 records marked synced, none refused.');
  });

  it('sets up a kiosk that never reaches the server, from files alone: its set-up, then its modules; a module passed there comes back by file', async () => {
    // At the office: the set-up file with its code, and the site's modules file.
    const form = c.getByTestId('set-up-file-form');
    await form.getByLabel('Kiosk name (where it stands)').fill('Ship kiosk');
    await form.getByRole('button', { name: 'Make the set-up file' }).click();
    await expect.poll(() => c.getByTestId('set-up-file-made').innerText()).toMatch(/^Set-up file for “Ship kiosk” made\. The code that opens it, shown only now: [A-Z0-9]{5}-[A-Z0-9]{5}/);
    const code = /shown only now: ([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(await c.getByTestId('set-up-file-made').innerText())![1]!;
    let download = c.waitForEvent('download');
    await form.getByRole('button', { name: 'Save the set-up file' }).click();
    const setUp = await text(download);
    expect((await download).suggestedFilename()).toMatch(/^set-up-ship-kiosk-[\d-]+\.txt$/);
    // The roster inside is sealed: nobody's name is readable on the stick.
    expect(setUp).not.toContain('Peeters');
    download = c.waitForEvent('download');
    await c.getByTestId('modules-file').getByRole('link', { name: 'Save the modules file' }).click();
    const modules = await text(download);
    expect((await download).suggestedFilename()).toMatch(/^modules-[a-z0-9-]+-\d{4}-\d\d-\d\d\.txt$/);

    // At the site: the app comes once from a laptop that runs it with no modules; the kiosk never reaches this server.
    const laptopContent = await mkdtemp(join(tmpdir(), 'lowband-laptop-'));
    const laptop = new ServerProcess(LAPTOP_PORT, { DIST_DIR: stack.dist, CONTENT_DIR: laptopContent, DATA_DIR: join(laptopContent, 'data'), ADMIN_TOKEN });
    await laptop.start();
    const shipContext = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const hqRequests: string[] = [];
    await shipContext.route(`${base}/**`, (route) => { hqRequests.push(route.request().url()); return route.abort(); });
    try {
      const ship = await shipContext.newPage();
      await ship.goto(`http://127.0.0.1:${LAPTOP_PORT}/setup`);
      const setUpForm = ship.getByTestId('set-up-file');
      await setUpForm.getByLabel('Choose the set-up file').setInputFiles({ name: 'set-up.txt', mimeType: 'text/plain', buffer: Buffer.from(setUp) });
      await expect.poll(() => ship.getByTestId('set-up-for').innerText()).toMatch(/^Set-up file for “Ship kiosk” at /);
      for (const width of [360, 1280]) {
        await ship.setViewportSize(viewportOf(width));
        await checkScreen(ship, width, 'usb-set-up');
      }
      await setUpForm.getByLabel('Code that came with the file').fill('AAAAA-AAAAA');
      await setUpForm.getByRole('button', { name: 'Set up this kiosk' }).click();
      await expect.poll(() => setUpForm.getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(/the code does not open this file/);
      await setUpForm.getByLabel('Code that came with the file').fill(code.toLowerCase());
      await setUpForm.getByRole('button', { name: 'Set up this kiosk' }).click();
      await ship.getByTestId('sign-in').waitFor({ timeout: 60_000 });
      // The laptop goes once the kiosk's app is saved for a kiosk (its screens, its readers' strings).
      const precache = JSON.parse(await readFile(join(stack.dist, '.precache.json'), 'utf8')) as { url: string; group?: string }[];
      const kioskFiles = precache.filter((e) => groupNeeded(e.group, { langs: ['en', 'nl'], kiosk: true })).map((e) => e.url);
      await expect.poll(() => ship.evaluate(async (urls) => (await Promise.all(urls.map((u) => caches.match(u, { ignoreSearch: true })))).filter((r) => !r).length, kioskFiles), { timeout: 60_000 }).toBe(0);
      await laptop.stop();
      await shipContext.setOffline(true);
      await ship.reload();

      await signIn(ship, DEMO.supervisor, DEMO.passphrase, 'supervisor');
      await ship.getByLabel('Taal').selectOption('en');
      await ship.evaluate(() => { history.pushState(null, '', '/sync'); dispatchEvent(new PopStateEvent('popstate')); });
      const input = ship.getByTestId('content-file-input');
      // A modules file changed on the way is refused, and nothing of it kept.
      const lines = modules.split('\n');
      await input.setInputFiles({ name: 'modules.txt', mimeType: 'text/plain', buffer: Buffer.from([lines[0]!.replace('"langs":["en","nl"]', '"langs":["en","nl","pl"]'), ...lines.slice(1)].join('\n')) });
      await expect.poll(() => ship.getByTestId('content-file-message').innerText()).toBe('Could not do that: this modules file was changed after the server made it');
      expect(await ship.evaluate(async () => (await (await caches.open('lowband-content-v1')).keys()).filter((r) => !r.url.endsWith('/device-needs')).length)).toBe(0);

      await input.setInputFiles({ name: 'modules-demo.txt', mimeType: 'text/plain', buffer: Buffer.from(modules) });
      await expect.poll(() => ship.getByTestId('content-file-message').innerText()).toMatch(/^Loaded modules-demo\.txt: \d+ modules in English and Dutch, made /);
      await expect.poll(() => ship.getByTestId('saved-count').innerText()).toMatch(/(\d+) of \1 modules saved/);
      await checkScreen(ship, 1280, 'usb-modules-kiosk');

      await switchUser(ship);
      await signIn(ship, '1004', DEMO.pin);
      await passModule(ship, stack.content, catalog.modules.find((m) => m.id === 'lockout-tagout' && m.lang === 'en')!);
      await switchUser(ship);

      // Its records reach the company's server by file, under the identity the console made for it.
      await signIn(ship, DEMO.supervisor, DEMO.passphrase, 'supervisor');
      await ship.getByLabel('Taal').selectOption('en');
      await ship.evaluate(() => { history.pushState(null, '', '/sync'); dispatchEvent(new PopStateEvent('popstate')); });
      download = ship.waitForEvent('download');
      await ship.getByRole('button', { name: 'Save records to a file' }).click();
      // Meanwhile a new worker joined the site's roster at the office.
      await adminApi(base, ADMIN_TOKEN, 'POST', `/sites/${DEMO.siteId}/roster`, { people: [person('1010', { name: 'Nora Visser' })] });
      await importFile('records-ship.txt', await text(download));
      await expect.poll(importResult).toMatch(/From “Ship kiosk”, saved .*: 1 completion, 1 quiz attempt/);
      const done = await (await fetch(`${base}/api/v1/completions?learner=1004`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as { items: { moduleId: string }[] };
      expect(done.items.map((r) => r.moduleId)).toContain('lockout-tagout');

      // The acknowledgement back: the records leave the kiosk's outbox, and the roster's changes arrive with it.
      download = c.waitForEvent('download');
      await c.getByRole('button', { name: 'Save the acknowledgement file' }).click();
      await ship.getByTestId('ack-file').setInputFiles({ name: 'acknowledgement.txt', mimeType: 'text/plain', buffer: Buffer.from(await text(download)) });
      await expect.poll(() => ship.getByTestId('records-file-message').innerText()).toMatch(/^Acknowledgement loaded: \d+ records marked synced, none refused\.$/);
      await expect.poll(() => ship.getByTestId('sync-summary').innerText()).toBe('All records synced');
      expect(await ship.evaluate(() => new Promise<string[]>((resolve) => {
        const open = indexedDB.open('lowband-learning');
        open.onsuccess = () => { const all = open.result.transaction('people').objectStore('people').getAllKeys(); all.onsuccess = () => resolve(all.result as string[]); };
      }))).toContain('1010');
      expect(hqRequests).toEqual([]);
    } finally {
      await shipContext.close();
      await laptop.stop();
      await rm(laptopContent, { recursive: true, force: true });
    }
  });

  it("refuses a revoked kiosk's file with the admin's reason", async () => {
    const device = JSON.parse(records.split('\n')[0]!).device as string;
    await adminApi(base, ADMIN_TOKEN, 'POST', `/devices/${device}/revoke`, { reason: 'lost on the night shift' });
    await importFile('records.txt', records);
    await expect.poll(importError).toMatch(/the file comes from "Mine kiosk"\. This kiosk's enrollment was revoked on [\d-]+: lost on the night shift/);
  });
});
