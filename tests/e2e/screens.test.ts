import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO } from '../../src/server/demo-site.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import { launchChromium, Stack } from '../../harness/stack.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { ROOT } from '../../src/node/paths.ts';
import { adminApi, enrollKiosk, signIn } from './kiosk-helpers.ts';

const PORT = 18_455;
const ADMIN_TOKEN = 'e2e-screens-admin-token-0123456789';
/** A small phone, a common phone, the kiosk, a laptop. */
const WIDTHS = [360, 412, 1280, 1366];
/** Kept as CI artefacts (reports/ is not committed): what each screen shows a person at each width. */
const SHOTS = join(ROOT, 'reports', 'screenshots');

/**
 * The learner's screens on a kiosk, at phone, kiosk and laptop widths: no
 * sideways scroll, axe-core clean, the quiz's outcome in view once submitted,
 * and a screenshot of each for people to look at.
 */
describe('the learner screens at every width', () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let catalog: Catalog;
  const base = `http://127.0.0.1:${PORT}`;

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN }));
    catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  const published = async (id: string): Promise<TrainingModule> => {
    const entry = catalog.modules.find((m) => m.id === id && m.lang === 'en')!;
    return JSON.parse(await readFile(join(stack.content, entry.url.replace('/content/', '')), 'utf8')) as TrainingModule;
  };
  /** How far the page scrolls sideways (0: not at all), and the first element that sticks out, to fix. */
  const overflow = (page: Page) => page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')].find((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('.table-wrap'));
    return { by: document.documentElement.scrollWidth - width, first: out ? `${out.tagName.toLowerCase()}.${out.className}: ${(out.textContent ?? '').slice(0, 40)}` : null };
  });
  const axe = async (page: Page) => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  /** What a person sees is checked, then kept. */
  async function check(page: Page, width: number, name: string): Promise<void> {
    expect({ name, width, overflow: await overflow(page) }).toEqual({ name, width, overflow: { by: 0, first: null } });
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }

  for (const width of WIDTHS) {
    it(`at ${width} px: sign-in, home, a module, its quiz and the result, with the outcome in view`, async () => {
      const context = await browser.newContext({ viewport: { width, height: width < 800 ? 860 : 800 }, locale: 'en-GB' });
      try {
        const page = await context.newPage();
        await enrollKiosk(page, base, ADMIN_TOKEN, `Screens kiosk ${width}`);
        // After enrolling, the kiosk says which it is, by the names an admin gave.
        await expect.poll(() => page.getByTestId('this-kiosk').textContent()).toBe(`This kiosk: Screens kiosk ${width}, Demo plant`);
        await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
        await check(page, width, 'kiosk-sign-in');

        await signIn(page, '1002', DEMO.pin);
        await page.getByTestId('assigned').waitFor();
        await check(page, width, 'kiosk-home');

        const module = await published('lockout-tagout');
        await page.locator('[data-module="lockout-tagout"] a').first().click();
        await page.getByTestId('reader').waitFor();
        await check(page, width, 'reader');
        for (let s = 0; s < module.sections.length - 1; s++) await page.getByRole('button', { name: /Next section/ }).click();
        await page.getByRole('button', { name: /Take the quiz/ }).click();
        await page.getByTestId('quiz').waitFor();
        await check(page, width, 'quiz');
        for (const [qi, q] of module.quiz.questions.entries()) {
          for (const ci of q.correct) await page.locator(`[data-question="${qi}"]`).getByLabel(q.choices[ci]!, { exact: true }).check();
        }
        await page.getByRole('button', { name: 'Check my answers' }).click();
        // Submitted from the bottom of a long page: the outcome is in view and has the focus, so it is read out first.
        const outcome = page.getByTestId('outcome');
        await expect.poll(() => outcome.evaluate((el) => document.activeElement === el)).toBe(true);
        await expect.poll(() => outcome.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= innerHeight;
        })).toBe(true);
        await check(page, width, 'result');
      } finally {
        await context.close();
      }
    });
  }

  /** Every console page an admin has, by its nav link's name, with what each shows once loaded. */
  const CONSOLE_PAGES = [
    ['Reports', 'matrix'], ['Campaigns', 'campaign-list'], ['Content', 'modules'], ['People', 'people-list'],
    ['Kiosks', 'devices'], ['Accounts', 'accounts'], ['Audit log', 'audit'],
  ] as const;

  for (const width of WIDTHS) {
    it(`at ${width} px: every console page, reached from the nav (behind Menu on a phone), and the editor`, async () => {
      const context = await browser.newContext({ viewport: { width, height: width < 800 ? 860 : 800 }, locale: 'en-GB' });
      try {
        const page = await context.newPage();
        await page.goto(`${base}/console/`);
        await page.getByLabel('Email').fill(DEMO.consoleEmail);
        await page.getByLabel('Password').fill(DEMO.consolePassword);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByTestId('matrix').waitFor();
        // The nav is one row where there is room for it.
        // A Menu button only where the nav folds away.
        expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(width < 640);
        if (width >= 1280) {
          const tops = await page.getByRole('navigation').getByRole('link').evaluateAll((links) => new Set(links.map((l) => Math.round(l.getBoundingClientRect().top))).size);
          expect(tops).toBe(1);
        }
        for (const [link, shows] of CONSOLE_PAGES) {
          const menu = page.getByRole('button', { name: 'Menu' });
          if (await menu.isVisible()) await menu.click();
          await page.getByRole('navigation').getByRole('link', { name: link }).click();
          await page.getByTestId(shows).first().waitFor();
          await check(page, width, `console-${link.toLowerCase().replace(/ /g, '-')}`);
        }
        // The editor's address reloads as it is.
        await page.goto(`${base}/console/content/01-lockout-tagout.md`);
        await page.getByTestId('preview').locator('h3').first().waitFor();
        await check(page, width, 'console-editor');
      } finally {
        await context.close();
      }
    });
  }

  it('enrolls from a link opened in a tab that already runs the app, and switching language keeps the reader on its section', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await page.goto(base);
      await page.locator('[data-module="lockout-tagout"]').waitFor();
      // Only the hash changes, as when a link is pasted into the open tab's address bar.
      const { code } = await adminApi<{ code: string }>(base, ADMIN_TOKEN, 'POST', `/sites/${DEMO.siteId}/enrollment-codes`, { label: 'Open tab kiosk' });
      await page.evaluate((hash) => { location.hash = hash; }, `enroll=${code}`);
      await expect.poll(() => page.getByTestId('this-kiosk').textContent(), { timeout: 30_000 }).toBe('This kiosk: Open tab kiosk, Demo plant');

      // Anna reads Dutch; the module has a Dutch variant with as many sections.
      await signIn(page, '1001', DEMO.pin);
      await page.locator('[data-module="lockout-tagout"] a').first().click();
      await page.getByTestId('reader').waitFor();
      await page.getByRole('button', { name: /Volgend deel/ }).click();
      await page.getByRole('button', { name: /Volgend deel/ }).click();
      await expect.poll(() => page.getByTestId('reader').getAttribute('data-section')).toBe('2');
      await page.getByLabel(/Taal|Language/).selectOption('en');
      await expect.poll(() => page.getByTestId('reader').getAttribute('lang')).toBe('en');
      await expect.poll(() => page.getByTestId('reader').getAttribute('data-section')).toBe('2');
    } finally {
      await context.close();
    }
  });
});
