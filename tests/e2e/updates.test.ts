import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildAll } from '../../build/build.ts';
import { cachedContentUrls } from '../../harness/stack.ts';
import { useStack } from './use-stack.ts';

/** New modules and new app versions are announced, and taking them never loses the learner's place. */
const env = useStack();

describe('updates without losing the learner’s place', () => {
  let page: Page;
  const section = () => page.getByTestId('reader').getAttribute('data-section');

  beforeAll(async () => {
    page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(env.stack.base);
    await page.getByTestId('saved-count').getByText(/^6 of 6 modules saved/).waitFor({ timeout: 30_000 });
  });

  it('announces a republished module while it is open, and switches only when asked, at the same section', async () => {
    await page.locator('[data-module="fire-extinguishers"] a').click();
    await page.getByRole('button', { name: /Next section/ }).click();
    await page.getByRole('button', { name: /Next section/ }).click();
    await expect.poll(section).toBe('2');

    const file = join(env.stack.source, '05-fire-extinguishers.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('## Should you fight it?', '## Should you fight it yourself?'));
    await env.stack.publish();
    // The app asks the service worker to sync whenever the device comes online.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));

    await page.getByText('A newer version of this module has been published.').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('heading', { name: 'Should you fight it?', exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Open the new version' }).click();
    await page.getByRole('heading', { name: 'Should you fight it yourself?' }).waitFor();
    await expect.poll(() => section()).toBe('2');
  });

  it('offers a new app version, and updating keeps the reader where it was', async () => {
    const before = await page.locator('meta[name="app-version"]').getAttribute('content');
    await buildAll(env.stack.dist, { version: 'e2e-next' });
    await page.reload();
    await page.getByText('A new version of the app is ready.').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('meta[name="app-version"]').getAttribute('content')).toBe(before);

    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Update now' }).click()]);
    await expect.poll(() => page.locator('meta[name="app-version"]').getAttribute('content')).toBe('e2e-next');
    await expect.poll(section).toBe('2');
    await page.getByRole('heading', { name: 'Should you fight it yourself?' }).waitFor();
  });
});

describe('languages', () => {
  it('follows the browser language, switches from the menu, and shows modules in that language where they exist', async () => {
    const page = await (await env.browser.newContext({ locale: 'nl-NL' })).newPage();
    await page.goto(env.stack.base);
    await page.getByTestId('saved-count').getByText('6 van 6 modules opgeslagen op dit apparaat').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('nl');
    await expect.poll(() => page.locator('[data-module="lockout-tagout"]').textContent()).toContain('Eerst energievrij');
    await expect.poll(() => page.locator('[data-module="ppe-basics"]').textContent()).toContain('Alleen in het Engels beschikbaar');

    await page.getByLabel('Taal').selectOption('en');
    await page.getByTestId('saved-count').getByText('6 of 6 modules saved on this device').waitFor();
    await expect.poll(() => page.locator('[data-module="lockout-tagout"]').textContent()).toContain('Zero energy');
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');

    // Polish came as data only: its strings folder and one module.
    await page.getByLabel('Language').selectOption('pl');
    await page.getByTestId('saved-count').getByText('Zapisano na tym urządzeniu 6 z 6 modułów').waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('pl');
    await expect.poll(() => page.locator('[data-module="near-miss-reporting"]').textContent()).toContain('Nikt nie ucierpiał');
    await expect.poll(() => page.locator('[data-module="ppe-basics"]').textContent()).toContain('Dostępny tylko po angielsku');
  });

  it('lays the same screen out right to left when the document is dir="rtl"', async () => {
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(env.stack.base);
    await page.locator('[data-module="lockout-tagout"]').waitFor({ timeout: 30_000 });
    // Once every module is saved the status line holds still: its pills are measured then.
    await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 30_000 });
    const edges = () => page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
      return { brand: box('.brand').left, menu: box('.language').left, connection: box('[data-testid=connection]').left, saved: box('[data-testid=saved-count]').left };
    });
    const ltr = await edges();
    expect(ltr.brand).toBeLessThan(ltr.menu);
    expect(ltr.connection).toBeLessThan(ltr.saved);
    await page.evaluate(() => { document.documentElement.dir = 'rtl'; });
    // The header and the status line mirror: what came first now starts at the right.
    await expect.poll(async () => {
      const rtl = await edges();
      return { headerMirrored: rtl.brand > rtl.menu, statusMirrored: rtl.connection > rtl.saved };
    }).toEqual({ headerMirrored: true, statusMirrored: true });
  });
});

describe('a kiosk that never goes offline', () => {
  it('picks up a republished module within ten minutes, without a reload', async () => {
    const context = await env.browser.newContext({ locale: 'en-GB' });
    // When (on the page's clock) the app asked its service worker to look for new content.
    await context.addInitScript(() => {
      const asked: number[] = [];
      (window as unknown as { contentChecks: number[] }).contentChecks = asked;
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (this: ServiceWorker, message: unknown, ...rest: never[]) {
        if ((message as { type?: string })?.type === 'SYNC_CONTENT') asked.push(Date.now());
        return post.call(this, message, ...rest);
      } as typeof post;
    });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(env.stack.base);
    await page.getByTestId('saved-count').getByText('6 of 6 modules saved on this device').waitFor({ timeout: 30_000 });
    // The page tells its worker what the device needs once the worker is active, which on a first visit
    // can come just after the modules the worker saved during its install are shown as saved.
    await expect.poll(() => page.evaluate(() => (window as unknown as { contentChecks: number[] }).contentChecks.length)).toBeGreaterThan(0);
    await page.evaluate(() => { (window as unknown as { marker: boolean }).marker = true; });
    const started = await page.evaluate(() => Date.now());

    const file = join(env.stack.source, '03-ppe.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Fit matters', 'Fit matters most'));
    await env.stack.publish();
    const catalog = JSON.parse(await readFile(join(env.stack.content, 'catalog.json'), 'utf8')) as { modules: { id: string; url: string }[] };
    const url = catalog.modules.find((m) => m.id === 'ppe-basics')!.url;

    await page.clock.fastForward('09:00');
    await page.clock.fastForward('01:01');
    await expect.poll(() => cachedContentUrls(page), { timeout: 15_000 }).toContain(url);
    // The check that found it came at the ten-minute mark, and none between the page's start and then.
    const checks = await page.evaluate(() => (window as unknown as { contentChecks: number[] }).contentChecks);
    const later = checks.filter((at) => at > started).map((at) => at - started);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((ms) => ms >= 10 * 60_000)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
  });
});
