import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../src/server/demo-site.ts';
import type { SignoffRow } from '../../src/server/store/credential-store.ts';
import type { SiteStatus } from '../../src/server/store/status-store.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { DeviceRecord } from '../../src/shared/sync/records.ts';
import { launchChromium, Stack, storedRecords } from '../../harness/stack.ts';
import { adminApi, enrollKiosk, signIn, statusWarnings, switchUser, watchKioskStatus } from './kiosk-helpers.ts';
import { ServerProcess } from '../../harness/server-process.ts';

const PORT = 18_433;
const ADMIN_TOKEN = 'e2e-kiosk-admin-token-0123456789';

/**
 * One shared kiosk at the demo site, offline: learners take modules in turn,
 * each sees only their own; a supervisor sets up a PIN and signs off a
 * session for three attendees; then the line returns and the server must
 * hold every record under the right person, device and supervisor.
 */
describe('shared kiosk', () => {
  let stack: Stack;
  let browser: Browser;
  let server: ServerProcess;
  let catalog: Catalog;
  let context: BrowserContext;
  let page: Page;
  const base = `http://127.0.0.1:${PORT}`;
  const admin = <T>(method: string, path: string, body?: unknown) => adminApi<T>(base, ADMIN_TOKEN, method, path, body);

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN }));
    catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-GB' });
    await watchKioskStatus(context);
    page = await context.newPage();
    await enrollKiosk(page, base, ADMIN_TOKEN, 'Canteen kiosk');
    await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  async function passModule(moduleId: string): Promise<void> {
    const entry = catalog.modules.find((m) => m.id === moduleId && m.lang === 'en')!;
    const module = JSON.parse(await readFile(join(stack.content, entry.url.replace('/content/', '')), 'utf8')) as TrainingModule;
    await page.locator(`[data-module="${moduleId}"] a`).first().click();
    for (let s = 0; s < module.sections.length - 1; s++) await page.getByRole('button', { name: /Next section/ }).click();
    await page.getByRole('button', { name: /Take the quiz/ }).click();
    for (const [qi, q] of module.quiz.questions.entries()) {
      for (const ci of q.correct) await page.locator(`[data-question="${qi}"]`).getByLabel(q.choices[ci]!, { exact: true }).check();
    }
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect.poll(() => page.getByTestId('result').getAttribute('data-passed')).toBe('true');
    await page.getByRole('link', { name: /Back to modules/ }).first().click();
  }
  const cardStatus = (moduleId: string) => page.locator(`[data-module="${moduleId}"]`).first().getAttribute('data-status');
  const assignedText = () => page.getByTestId('assigned').innerText();
  const kioskDeviceId = async () => (await storedRecords<DeviceRecord>(page, 'completions'))[0]!.deviceId;

  it('lets learners take modules in turn offline, each seeing only their own, and locks after five wrong PINs', async () => {
    await context.setOffline(true);

    await signIn(page, '1002', DEMO.pin);
    await expect.poll(() => assignedText()).toMatch(/Chemical|chemical/);
    await passModule('ppe-basics');
    await expect.poll(assignedText).toMatch(/Done on this kiosk, waiting to sync/);
    await expect.poll(() => cardStatus('ppe-basics')).toBe('passed');
    await switchUser(page);
    // Nothing of Ben remains: not his name, not his modules, not his results.
    expect(await page.locator('body').innerText()).not.toMatch(/Ben Okafor|Passed|Your result/);

    await signIn(page, '1004', DEMO.pin);
    await expect.poll(() => assignedText()).toMatch(/Due/);
    await expect.poll(() => cardStatus('ppe-basics')).toBe('not-started');
    await passModule('lockout-tagout');
    await switchUser(page);

    // A Dutch learner gets the kiosk in Dutch, with the overdue assignment said in words.
    await signIn(page, '1001', DEMO.pin);
    await expect.poll(() => page.getByRole('heading', { name: 'Voor jou klaargezet' }).count()).toBe(1);
    await expect.poll(() => assignedText()).toMatch(/Te laat: moest uiterlijk/);
    await switchUser(page);

    await signIn(page, '1002', DEMO.pin);
    await expect.poll(() => cardStatus('ppe-basics')).toBe('passed');
    await expect.poll(() => cardStatus('lockout-tagout')).toBe('not-started');
    // Before Ben's records were read, his passed module said it was loading, never "Not started".
    const shown = await page.evaluate(() => (window as unknown as { cardStatuses: Record<string, string[]> }).cardStatuses['ppe-basics']);
    expect(new Set(shown?.filter((s) => s !== 'loading'))).toEqual(new Set(['passed']));
    await switchUser(page);

    for (let i = 1; i <= 5; i++) {
      await page.locator('#employee').fill('1003');
      await page.locator('#employee').press('Enter');
      await page.locator('#secret').fill('0000');
      await page.locator('#secret').press('Enter');
      await expect.poll(() => page.getByTestId('sign-in-message').innerText()).toMatch(i < 5 ? `${5 - i} tr` : /locked on this kiosk for 15 more minutes/);
      if (i < 5) await page.getByTestId('sign-in').getByRole('button', { name: /Not you/ }).click();
    }
    // Even the right PIN does not open a locked sign-in.
    await page.locator('#secret').fill(DEMO.pin);
    await page.locator('#secret').press('Enter');
    // The field empties once the attempt has been looked at; only then can "not signed in" be read.
    await expect.poll(() => page.locator('#secret').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('sign-in-message').innerText()).toMatch(/locked/);
    expect(await page.getByTestId('session').count()).toBe(0);
    await page.reload();
  });

  it('lets a supervisor set up a PIN and sign off a session for three attendees offline', async () => {
    await signIn(page, DEMO.supervisor, DEMO.passphrase, 'supervisor');
    // Sam's kiosk speaks Dutch; the header's language menu switches this session to English.
    await page.getByRole('button', { name: 'Pincode instellen of herstellen' }).waitFor();
    await page.getByLabel('Taal').selectOption('en');
    // The crew at a glance, first thing: the two forklift drivers' lockout is overdue; what two learners passed here waits to sync.
    const crew = page.getByTestId('crew');
    await expect.poll(() => crew.getByTestId('crew-overdue').innerText()).toMatch(/^2 overdue: Anna de Vries \(Zero energy before you touch it.*\); Carla Jansen \(Zero energy/);
    await expect.poll(() => crew.getByTestId('crew-waiting').innerText()).toMatch(/^2 done here, waiting to sync: .*Ben Okafor.*Dmitri Novak|^2 done here, waiting to sync: .*Dmitri Novak.*Ben Okafor/);
    // One tap: a toolbox talk for exactly those two, its topic the module they are behind on.
    await crew.getByRole('button', { name: 'Toolbox talk for the 2 people overdue' }).click();
    await expect.poll(() => page.getByTestId('attendee-count').innerText()).toBe('2 attendees');
    expect(await page.getByTestId('attendees').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-person')))).toEqual(['1001', '1003']);
    expect(await page.locator('#session-topic').inputValue()).toMatch(/^Zero energy before you touch it/);
    expect(await page.getByLabel('Toolbox talk').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Set up or reset a PIN' }).click();
    await page.getByTestId('finder').fill(DEMO.withoutPin);
    await page.getByTestId('finder').press('Enter');
    await page.locator('#new-pin').fill('975310');
    await page.locator('#repeat-pin').fill('975310');
    await page.getByRole('button', { name: 'Save PIN' }).click();
    await expect.poll(() => page.getByTestId('pin-notice').innerText()).toMatch(/PIN saved for Eva Smit/);
    await page.getByRole('button', { name: 'Back' }).click();

    await page.getByRole('button', { name: 'Record a session' }).click();
    await page.getByLabel('Practical assessment').check();
    await page.locator('#session-topic').fill('Forklift lanes and pedestrians');
    // Two badge scans (number and Enter), one search by name.
    for (const badge of ['1001', '1002']) {
      await page.getByTestId('finder').fill(badge);
      await page.getByTestId('finder').press('Enter');
    }
    await page.getByTestId('finder').fill('carla');
    await page.getByRole('button', { name: 'Carla Jansen (1003)' }).click();
    const attendee = (id: string) => page.getByTestId('attendees').locator(`li[data-person="${id}"]`);
    await expect.poll(() => page.getByTestId('attendee-count').innerText()).toBe('3 attendees');
    // In a practical assessment everyone is competent unless marked: Anna stays as she is, two exceptions.
    await attendee('1002').getByLabel('Outcome for Ben Okafor').selectOption('attended');
    await attendee('1003').getByLabel('Outcome for Carla Jansen').selectOption('not-yet-competent');
    await attendee('1003').getByLabel('Note for Carla Jansen (optional)').fill('Needs another go at reversing');
    // A full disk: the supervisor is told so in words, and the form keeps everything for another try.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      (window as unknown as { restorePut(): void }).restorePut = () => { IDBObjectStore.prototype.put = put; };
      IDBObjectStore.prototype.put = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await page.getByRole('button', { name: 'Sign off session' }).click();
    await expect.poll(() => page.getByTestId('session-notice').innerText()).toBe('Could not save on this kiosk: this kiosk is out of storage space. Nothing was lost from the form; try again.');
    await expect.poll(() => page.getByTestId('attendees').locator('li').count()).toBe(3);
    await page.evaluate(() => (window as unknown as { restorePut(): void }).restorePut());
    await page.getByRole('button', { name: 'Sign off session' }).click();
    await expect.poll(() => page.getByTestId('session-notice').innerText()).toMatch(/Signed off for 3 attendees/);
    await switchUser(page);

    await signIn(page, DEMO.withoutPin, '975310');
    await switchUser(page);
  });

  it('delivers everything when the network returns, attributed to the right people, device and supervisor', async () => {
    // The content check that coming online starts: it ends with CONTENT_UPDATED.
    await page.evaluate(() => {
      (window as unknown as { contentChecked: Promise<void> }).contentChecked = new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('message', (e: MessageEvent<{ type: string }>) => { if (e.data.type === 'CONTENT_UPDATED') resolve(); });
      });
    });
    await context.setOffline(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await expect.poll(async () => (await storedRecords(page, 'outbox')).length, { timeout: 60_000, interval: 1000 }).toBe(0);
    await page.evaluate(() => (window as unknown as { contentChecked: Promise<void> }).contentChecked);
    // Offline and back, the kiosk never said anything about saving modules: it retries by itself.
    const warnings = await statusWarnings(page);
    expect(warnings.filter((w) => /module/i.test(w))).toEqual([]);
    expect(warnings.some((w) => /waiting to sync: no connection/.test(w))).toBe(true);
    const device = await kioskDeviceId();

    const completions = await (await fetch(`${base}/api/v1/completions`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as { items: { learnerId: string; moduleId: string; deviceId: string }[] };
    expect(completions.items.map((c) => [c.learnerId, c.moduleId, c.deviceId]).sort()).toEqual([['1002', 'ppe-basics', device], ['1004', 'lockout-tagout', device]]);

    const { signoffs } = await admin<{ signoffs: SignoffRow[] }>('GET', `/sites/${DEMO.siteId}/signoffs`);
    expect(signoffs).toEqual([expect.objectContaining({
      supervisorId: DEMO.supervisor, sessionType: 'practical-assessment', topic: 'Forklift lanes and pedestrians', deviceId: device,
      attendees: [
        { personId: '1001', outcome: 'competent', note: '' },
        { personId: '1002', outcome: 'attended', note: '' },
        { personId: '1003', outcome: 'not-yet-competent', note: 'Needs another go at reversing' },
      ],
    })]);
    // A viewer of the site, who may not read its people list, reads the sign-off by people's names and outcomes in words.
    await admin('POST', '/console-users', { email: 'viewer@plant.example', name: 'Vera Viewer', role: 'viewer', sites: [DEMO.siteId], password: 'viewer password 123' });
    const viewer = await browser.newContext({ locale: 'en-GB' });
    const reports = await viewer.newPage();
    await reports.goto(`${base}/console/`);
    await reports.getByLabel('Email').fill('viewer@plant.example');
    await reports.getByLabel('Password').fill('viewer password 123');
    await reports.getByRole('button', { name: 'Sign in' }).click();
    const signoffRow = reports.getByTestId('signoffs').locator('tbody tr').first();
    await expect.poll(() => signoffRow.innerText()).toContain('Sam Peeters (9001)');
    expect(await signoffRow.innerText()).toContain('Anna de Vries (1001): competent, Ben Okafor (1002): attended, Carla Jansen (1003): not yet competent');
    await viewer.close();
    const { people } = await admin<{ people: { id: string; hasPin: boolean }[] }>('GET', `/sites/${DEMO.siteId}/people`);
    expect(people.find((p) => p.id === DEMO.withoutPin)?.hasPin).toBe(true);

    const status = await admin<SiteStatus>('GET', `/sites/${DEMO.siteId}/status`);
    const state = (id: string, module: string) => status.learners.find((l) => l.id === id)?.modules.find((m) => m.moduleId === module)?.state;
    expect([state('1002', 'ppe-basics'), state('1004', 'lockout-tagout'), state('1001', 'lockout-tagout')]).toEqual(['done', 'done', 'not-done']);
    expect(status.devices.find((d) => d.id === device)).toMatchObject({ label: 'Canteen kiosk', reportedQueued: 0 });

    // The supervisor's table on the kiosk now says "Done, synced".
    await signIn(page, DEMO.supervisor, DEMO.passphrase, 'supervisor');
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('button', { name: 'Training status' }).click();
    await expect.poll(() => page.locator('tr[data-person="1002"][data-module="ppe-basics"] [data-testid="status-state"]').innerText()).toBe('Done, synced');
    await expect.poll(() => page.locator('tr[data-person="1001"][data-module="lockout-tagout"] [data-testid="status-state"]').innerText()).toBe('Not done');
    await switchUser(page);
  });

  it('signs an idle learner out after the site’s idle time, with a countdown first', async () => {
    await admin('PUT', `/sites/${DEMO.siteId}`, { name: 'Demo plant', lang: 'en', idleSeconds: 15 });
    // The kiosk learns the new setting with its next roster pull, at start.
    await page.reload();
    await expect.poll(() => page.evaluate(() => new Promise<number>((resolve) => {
      const open = indexedDB.open('lowband-learning');
      open.onsuccess = () => { const get = open.result.transaction('meta').objectStore('meta').get('site'); get.onsuccess = () => resolve(get.result.idleSeconds); };
    })), { timeout: 30_000 }).toBe(15);
    await page.reload();
    await signIn(page, '1002', DEMO.pin);
    await page.getByTestId('idle-warning').getByText(/Signing out in \d+ s/).waitFor({ timeout: 10_000 });
    await page.getByTestId('sign-in').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('session').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('Ben Okafor');
  });
});
