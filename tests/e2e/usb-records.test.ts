import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { launchChromium, Stack, storedRecords } from '../../harness/stack.ts';
import type { ServerProcess } from '../../harness/server-process.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import type { Catalog } from '../../src/shared/module.ts';
import type { DeviceRecord } from '../../src/shared/sync/records.ts';
import { adminApi, enrollKiosk, passModule, signIn, switchUser, viewportOf } from './kiosk-helpers.ts';
import { openPage } from './console-flows.ts';
import { checkScreen } from './screen-check.ts';

const PORT = 18_780;
const ADMIN_TOKEN = 'e2e-usb-records-admin-token-01234';

/**
 * Records on a USB stick, through the real pages: a kiosk with no
 * connection saves its records to a file; the console imports it (once,
 * however often) and gives an acknowledgement file; loaded on the kiosk, it
 * turns "records waiting" into "All records synced". A changed file and a
 * revoked kiosk's file are refused with the reason.
 */
describe('records carried on a USB stick', () => {
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

  it("refuses a revoked kiosk's file with the admin's reason", async () => {
    const device = JSON.parse(records.split('\n')[0]!).device as string;
    await adminApi(base, ADMIN_TOKEN, 'POST', `/devices/${device}/revoke`, { reason: 'lost on the night shift' });
    await importFile('records.txt', records);
    await expect.poll(importError).toMatch(/the file comes from "Mine kiosk"\. This kiosk's enrollment was revoked on [\d-]+: lost on the night shift/);
  });
});
