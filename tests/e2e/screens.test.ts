import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO } from '../../src/server/demo-site.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import { launchChromium, Stack, storedRecords } from '../../harness/stack.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { checkScreen as check } from './screen-check.ts';
import { adminApi, enrollKiosk, signIn, statusWarnings, viewportOf, watchKioskStatus, WIDTHS } from './kiosk-helpers.ts';
import { openPage, reopenModule, saveAndPublish, writeModuleInForm } from './console-flows.ts';

const PORT = 18_455;
const ADMIN_TOKEN = 'e2e-screens-admin-token-0123456789';

/**
 * The learner's screens on a kiosk, at phone, kiosk and laptop widths: no
 * sideways scroll, axe-core clean, the quiz's outcome in view once submitted,
 * and a screenshot of each for people to look at.
 */
describe('every screen at every width', () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let catalog: Catalog;
  const base = `http://127.0.0.1:${PORT}`;

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN }));
    catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    browser = await launchChromium();
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

  for (const width of WIDTHS) {
    it(`at ${width} px: sign-in, home, a module, its quiz and the result, with the outcome in view`, async () => {
      const context = await browser.newContext({ viewport: viewportOf(width), locale: 'en-GB' });
      try {
        await watchKioskStatus(context);
        const page = await context.newPage();
        await enrollKiosk(page, base, ADMIN_TOKEN, `Screens kiosk ${width}`);
        // After enrolling, the kiosk says which it is, by the names an admin gave.
        await expect.poll(() => page.getByTestId('this-kiosk').textContent()).toBe(`This kiosk: Screens kiosk ${width}, Demo plant`);
        await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
        await check(page, width, 'kiosk-sign-in');
        // The rest happens with the line down, as it does at the plant.
        await context.setOffline(true);

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

        // The line comes back: the result syncs, and the kiosk never showed an error about it or about saving modules.
        await context.setOffline(false);
        await page.evaluate(() => dispatchEvent(new Event('online')));
        await expect.poll(async () => (await storedRecords(page, 'outbox')).length, { timeout: 60_000, interval: 500 }).toBe(0);
        await expect.poll(() => page.getByTestId('sync-state').innerText()).toMatch(/All records synced/);
        expect((await statusWarnings(page)).filter((w) => !/no connection/.test(w))).toEqual([]);
        await check(page, width, 'kiosk-back-online');
      } finally {
        await context.close();
      }
    });
  }

  /** Every console page an admin has, by its nav link's name, with what each shows once loaded. */
  const CONSOLE_PAGES = [
    ['Reports', 'matrix'], ['Campaigns', 'campaign-list'], ['Content', 'modules'], ['People', 'people-list'],
    ['Kiosks', 'devices'], ['Accounts', 'accounts'], ['LRS', 'lrs-status'], ['Audit log', 'audit'],
  ] as const;

  for (const width of WIDTHS) {
    it(`at ${width} px: every console page from the nav (behind Menu on a phone), and an author's round: a module through the form, published twice, assigned, in a campaign, rolled back after its warning`, async () => {
      const context = await browser.newContext({ viewport: viewportOf(width), locale: 'en-GB' });
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
          await openPage(page, link);
          await page.getByTestId(shows).first().waitFor();
          await check(page, width, `console-${link.toLowerCase().replace(/ /g, '-')}`);
        }
        // The editor's address reloads as it is.
        await page.goto(`${base}/console/content/01-lockout-tagout.md`);
        await page.getByTestId('preview').locator('h3').first().waitFor();
        await check(page, width, 'console-editor');
        await authorFlow(page, width);
      } finally {
        await context.close();
      }
    });
  }

  /**
   * What an author does, at this width: a module with a two-question quiz
   * through the form, published, reopened from its reloaded address and
   * published again; assigned, its due date changed; put in a campaign that is
   * then changed; a rollback that warns about both, done; then the campaign
   * and the assignment deleted.
   */
  async function authorFlow(page: Page, width: number): Promise<void> {
    const title = `Hands clear of a running belt (${width} px)`;
    const id = `hands-clear-of-a-running-belt-${width}-px`;
    await writeModuleInForm(page, {
      title, minutes: 2, role: 'warehouse', text: 'Stop the belt at the red button before you reach in.',
      questions: [
        { text: 'What comes before reaching in?', choices: ['The red stop button', 'A quick look'], why: 'A belt that looks still can start.' },
        { text: 'Who may restart the belt?', choices: ['Whoever stopped it', 'Anyone nearby'], why: 'Only the person who stopped it knows every hand is clear.' },
      ],
    });
    await check(page, width, 'console-module-form');
    await saveAndPublish(page);
    // The catalog just before this module: history is newest first, the live one marked.
    await openPage(page, 'Content');
    const before = await page.getByTestId('history').locator('tbody tr:has(strong) + tr').getAttribute('data-version');
    await reopenModule(page, id);
    // The editor's address reloads to the same module.
    await page.reload();
    const form = page.getByTestId('module-form');
    await expect.poll(() => form.getByLabel(/^Title/).inputValue()).toBe(title);
    await form.getByLabel('Minutes it takes').fill('3');
    await saveAndPublish(page);

    await openPage(page, 'People');
    const assign = page.getByTestId('assign');
    await assign.getByRole('combobox', { name: 'Role' }).selectOption('warehouse');
    await assign.getByLabel('Module').selectOption(id);
    await assign.getByLabel('Due date').fill('2027-02-01');
    await assign.getByRole('button', { name: 'Assign' }).click();
    const row = page.getByTestId('assignments').locator(`[data-assignment="role:warehouse ${id}"]`);
    await row.getByLabel(`Due date of “${title}” for Role: warehouse`).fill('2027-02-15');
    await row.getByRole('button', { name: 'Save the date' }).click();
    await expect.poll(() => page.getByTestId('assignments-message').innerText()).toBe(`“${title}” for Role: warehouse is now due 2027-02-15.`);

    await openPage(page, 'Campaigns');
    const campaign = page.getByTestId('campaign-form');
    const name = `Belt safety week (${width} px)`;
    await campaign.getByLabel('Name', { exact: true }).fill(name);
    await campaign.getByLabel('Short name').fill(`belt-week-${width}`);
    await campaign.getByRole('group', { name: 'Who it is for' }).getByRole('checkbox', { name: /^warehouse/ }).check();
    const step = (i: number) => campaign.locator(`fieldset[data-step="${i}"]`);
    await step(0).getByLabel('Title', { exact: true }).fill('Hands clear of the belt');
    await step(0).getByLabel('Two lines', { exact: true }).fill('Tomorrow: two minutes on stopping a belt before you reach in.');
    await campaign.getByRole('button', { name: 'Add: Module' }).click();
    await step(1).getByLabel('Day').fill('1');
    await step(1).getByLabel('Module').selectOption(id);
    await campaign.getByRole('button', { name: 'Save the campaign' }).click();
    await expect.poll(() => page.getByTestId('campaign-message').innerText()).toMatch(/saved/);
    const item = page.getByTestId('campaign-list').locator(`[data-campaign="belt-week-${width}"]`);
    await item.getByRole('button', { name: `Change ${name}` }).click();
    await expect.poll(() => campaign.getByRole('heading').first().innerText()).toBe(`Changing “${name}”`);
    await campaign.getByLabel(/^Nudge/).fill('4');
    await campaign.getByRole('button', { name: 'Save the campaign' }).click();
    await expect.poll(() => page.getByTestId('campaign-message').innerText()).toMatch(/saved/);
    await check(page, width, 'console-campaigns-filled');

    // Going back to before this module names it, with its assignment and its campaign.
    await openPage(page, 'Content');
    await page.getByTestId('history').locator(`tbody tr[data-version="${before}"]`).getByRole('button', { name: /Go back to this one/ }).click();
    const removals = page.getByTestId('rollback-plan').getByTestId('removals');
    await expect.poll(() => removals.innerText()).toContain(`“${title}” is assigned at Demo plant to warehouse, due 2027-02-15.`);
    expect(await removals.innerText()).toContain(`“${title}” is in the running campaign “${name}”.`);
    await check(page, width, 'console-rollback-warning');
    await page.getByRole('button', { name: 'Roll back to this catalog' }).click();
    await expect.poll(() => page.getByTestId('history-message').innerText()).toMatch(/^Rolled back/);

    await openPage(page, 'Campaigns');
    await item.getByRole('button', { name: `Delete ${name}` }).click();
    await item.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => item.count()).toBe(0);
    await openPage(page, 'People');
    await row.getByRole('button', { name: /^Remove/ }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
  }

  it('enrolls from a link opened in a tab that already runs the app, and switching language keeps the reader on its section', async () => {
    const context = await browser.newContext({ viewport: viewportOf(412), locale: 'en-GB' });
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
