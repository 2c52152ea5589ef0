import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, Stack } from '../../harness/stack.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { addDays } from '../../src/shared/campaign/calendar-days.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import { localDate, type RosterDelta } from '../../src/shared/roster/roster.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import { enrollKiosk, passModule, signIn, switchUser } from './kiosk-helpers.ts';

const PORT = 18_720;
const ADMIN_TOKEN = 'e2e-campaign-admin-token-012345';
const DAY = 86_400_000;

/**
 * A campaign from the console to a kiosk that stays offline, and back: L&D
 * compose it, the kiosk downloads it once, then (offline, its clock moved by
 * Playwright) shows the teaser on day 0, the module on day 2 (still on a day
 * the clock was stepped back to), the follow-up on days 4 and 9; once online,
 * the report shows those steps for the learner's site, under the privacy rule.
 */
describe('a campaign, offline on the kiosk', () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let kiosk: BrowserContext;
  let k: Page;
  const base = `http://127.0.0.1:${PORT}`;
  // Day 0 lies in the past, so that every record the kiosk makes is one the server accepts as already happened.
  const day0 = localDate(Date.now() - 12 * DAY);
  const on = (n: number) => new Date(`${addDays(day0, n)}T10:00:00`);
  /** The campaign's size as the console's form showed it when it was saved. */
  let shownBytes = 0;

  beforeAll(async () => {
    // With the demo's synthetic sites, so the demo campaign's report has months of activity to show.
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN, DEMO_ACTIVITY: '1' }));
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-GB' });
    page = await context.newPage();
    kiosk = await browser.newContext({ locale: 'en-GB' });
    k = await kiosk.newPage();
  });
  afterAll(async () => {
    await kiosk?.close();
    await context?.close();
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  const axe = async (p: Page) => (await new AxeBuilder({ page: p }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  const funnelCell = (step: string) => page.getByTestId('funnel').locator(`[data-step="${step}"] td`).first();
  const catalog = async () => JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
  const today = () => k.getByTestId('today');
  /** The kiosk's day moves; a new sign-in (the page starts afresh) reads it. */
  const signInOn = async (n: number) => {
    await kiosk.clock.setFixedTime(on(n));
    if (await k.getByTestId('switch-user').count()) await switchUser(k);
    else await k.reload();
    await signIn(k, '1002', DEMO.pin);
  };

  it('composes a campaign in the console', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill(DEMO.consoleEmail);
    await page.getByLabel('Password').fill(DEMO.consolePassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    const form = page.getByTestId('campaign-form');
    await form.waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Chemical labels week');
    await form.getByLabel('Short name').fill('labels-week');
    await form.getByLabel('Start date').fill(day0);
    // Roles are ticked from the rosters' roles, each with its head count.
    await form.getByRole('group', { name: 'Who it is for' }).getByRole('checkbox', { name: /^warehouse \(\d+ people\)$/ }).check();
    const step = (i: number) => form.locator(`fieldset[data-step="${i}"]`);
    await step(0).getByLabel('Title', { exact: true }).fill('Read the label before you pour');
    await step(0).getByLabel('Two lines', { exact: true }).fill('Day after tomorrow: six minutes on what the red diamonds on a label tell you.');
    for (const [kind, day] of [['Module', 2], ['Follow-up quiz', 4], ['Follow-up quiz', 9]] as const) {
      await form.getByRole('button', { name: `Add: ${kind}` }).click();
      const added = step(await form.locator('fieldset[data-step]').count() - 1);
      await added.getByLabel('Day').fill(String(day));
      await added.getByLabel('Module').selectOption('chemical-labels');
    }
    await expect.poll(() => form.getByTestId('wire-bytes').innerText()).toMatch(/^About \d{3} bytes/);
    const wireBytes = async () => Number(/\d+/.exec(await form.getByTestId('wire-bytes').innerText())![0]);
    const english = await wireBytes();
    expect(english).toBeLessThanOrEqual(300);
    // The teaser in Dutch as well; the form says which language is still missing. A translation adds its own words, and little else.
    await expect.poll(() => step(0).getByTestId('teaser-missing').innerText()).toMatch(/^Not yet in Nederlands, Polski:/);
    const dutch = ['Lees het etiket voordat je giet', 'Overmorgen: zes minuten over wat de rode ruiten op een etiket zeggen.'] as const;
    await step(0).getByLabel('Title (Nederlands)').fill(dutch[0]);
    await step(0).getByLabel('Two lines (Nederlands)').fill(dutch[1]);
    await expect.poll(() => step(0).getByTestId('teaser-missing').innerText()).toMatch(/^Not yet in Polski: people who read those see it as written, marked “not translated yet”\.$/);
    expect(await wireBytes()).toBeLessThanOrEqual(english + dutch[0].length + dutch[1].length + 24);
    shownBytes = await wireBytes();
    await form.getByRole('button', { name: 'Save the campaign' }).click();
    await expect.poll(() => page.getByTestId('campaign-message').innerText()).toMatch(/Campaign “Chemical labels week” saved/);
    expect(await axe(page)).toEqual([]);
    await expect.poll(() => page.getByTestId('campaign-list').locator('[data-campaign="labels-week"]').innerText()).toContain('teasers not yet in Polski');
    await page.getByTestId('campaign-list').getByRole('link', { name: 'Chemical labels week' }).click();
    // Nobody yet: "0 of them" would say something about each of them, so it is not shown.
    await expect.poll(() => funnelCell('delivered').innerText()).toMatch(/not shown/);
    expect(await axe(page)).toEqual([]);
  });

  it('changes, duplicates and deletes a campaign, saying what each does', async () => {
    // What the server holds, read as the signed-in console reads it.
    const campaigns = () => page.evaluate(async () => ((await (await fetch('/api/v1/console/campaigns')).json()) as { campaigns: { id: string; nudgeAfterDays: number | null }[] }).campaigns);
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    const form = page.getByTestId('campaign-form');
    const item = (id: string) => page.getByTestId('campaign-list').locator(`[data-campaign="${id}"]`);
    // Change: the form holds the campaign, its short name fixed.
    await item('labels-week').getByRole('button', { name: 'Change Chemical labels week' }).click();
    await expect.poll(() => form.getByRole('heading').first().innerText()).toBe('Changing “Chemical labels week”');
    expect(await form.getByLabel('Short name').getAttribute('readonly')).not.toBeNull();
    await form.getByLabel(/^Nudge/).fill('5');
    await form.getByRole('button', { name: 'Save the campaign' }).click();
    await expect.poll(async () => (await campaigns()).find((c) => c.id === 'labels-week')?.nudgeAfterDays).toBe(5);
    // Duplicate: a new campaign, which may not take a short name already used.
    await item('labels-week').getByRole('button', { name: 'Duplicate Chemical labels week' }).click();
    await expect.poll(() => form.getByLabel('Name', { exact: true }).inputValue()).toBe('Copy of Chemical labels week');
    await form.getByLabel('Short name').fill('labels-week');
    await form.getByRole('button', { name: 'Save the campaign' }).click();
    await expect.poll(() => page.getByTestId('campaign-message').innerText()).toMatch(/already has this short name/);
    await form.getByLabel('Short name').fill('labels-week-copy');
    await form.getByRole('button', { name: 'Save the campaign' }).click();
    await expect.poll(async () => (await campaigns()).map((c) => c.id).sort()).toEqual(expect.arrayContaining(['labels-week', 'labels-week-copy']));
    // Delete, after a confirmation that says what it does.
    await item('labels-week-copy').getByRole('button', { name: 'Delete Copy of Chemical labels week' }).click();
    await expect.poll(() => item('labels-week-copy').innerText()).toMatch(/Delete “Copy of Chemical labels week”\? Kiosks stop showing its steps/);
    expect(await axe(page)).toEqual([]);
    await item('labels-week-copy').getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => page.getByTestId('campaign-message').innerText()).toBe('Campaign “Copy of Chemical labels week” deleted.');
    await expect.poll(async () => (await campaigns()).map((c) => c.id)).not.toContain('labels-week-copy');
    await expect.poll(() => item('labels-week-copy').count()).toBe(0);
    // Back on the campaign's report, where the next tests read it.
    await page.getByTestId('campaign-list').getByRole('link', { name: 'Chemical labels week' }).click();
    await page.getByTestId('funnel').waitFor();
  });

  it('opens the teaser, the module and the follow-ups on their days, with the kiosk offline all along', async () => {
    const entries = await catalog();
    await enrollKiosk(k, base, ADMIN_TOKEN, 'Warehouse kiosk');
    // What the server sends this kiosk for the campaign, asked with the kiosk's own credential, against what the console said it would cost.
    const delta = await k.evaluate(async () => {
      const open = indexedDB.open('lowband-learning');
      const db = await new Promise<IDBDatabase>((resolve) => { open.onsuccess = () => resolve(open.result); });
      const token = await new Promise<string>((resolve) => { const get = db.transaction('meta').objectStore('meta').get('deviceToken'); get.onsuccess = () => resolve(get.result as string); });
      return (await fetch('/api/v1/roster', { headers: { Authorization: `Bearer ${token}` } })).json() as Promise<RosterDelta>;
    });
    const sent = delta.campaigns?.find((c) => c[0] === 'labels-week');
    expect(sent?.[4]).toBe(5);
    // Since it was shown, only the nudge changed, from one digit to another: the same size.
    expect(Buffer.byteLength(JSON.stringify(sent))).toBe(shownBytes);
    const n = new Set(entries.modules.map((m) => m.id)).size;
    await k.getByTestId('saved-count').getByText(`${n} of ${n} modules saved on this device`).waitFor({ timeout: 30_000 });
    await expect.poll(() => k.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await kiosk.setOffline(true);

    await signInOn(0);
    await expect.poll(() => today().innerText()).toMatch(/^Read the label before you pour/);
    expect(await today().locator('[data-step]').count()).toBe(1);
    // A Dutch reader gets the Dutch words, in Dutch (what a reader of a language without them gets: tests/unit/campaign.test.ts).
    await k.getByLabel('Language').selectOption('nl');
    await expect.poll(() => today().locator('[data-step="teaser"] .card-title').innerText()).toBe('Lees het etiket voordat je giet');
    expect(await today().locator('[data-step="teaser"] .card-title').getAttribute('lang')).toBe('nl');
    expect(await today().getByTestId('teaser-fallback').count()).toBe(0);
    // A language this kiosk never saved cannot load offline: the menu goes back to the language shown.
    await k.getByLabel('Taal').selectOption('pl');
    await expect.poll(() => k.getByLabel('Taal').inputValue()).toBe('nl');
    await k.getByLabel('Taal').selectOption('en');
    await expect.poll(() => today().getByRole('button', { name: 'Got it' }).count()).toBe(1);
    await today().getByRole('button', { name: 'Got it' }).click();
    await k.getByTestId('today-empty').waitFor();

    await signInOn(2);
    await expect.poll(() => today().locator('[data-step]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-step')))).toEqual(['module']);
    expect(await today().innerText()).toMatch(/About 6 minutes/);
    // The kiosk's clock is stepped back a day: what was open stays open.
    await signInOn(1);
    await expect.poll(() => today().locator('[data-step="module"]').count()).toBe(1);
    await signInOn(2);
    const entry = entries.modules.find((m) => m.id === 'chemical-labels' && m.lang === 'en')!;
    await passModule(k, stack.content, entry);
    // Kirkpatrick's reaction, one tap, offline: asked once.
    await k.getByTestId('useful').getByRole('button', { name: 'Yes, useful' }).click();
    await expect.poll(() => k.getByTestId('useful-thanks').innerText()).toBe('Thank you. Saved on this device.');
    // Back on the result later: the device says it was answered, so it is not asked again.
    await k.evaluate((url) => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }, '/');
    await k.evaluate((url) => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }, `/m/${entry.id}/result`);
    await expect.poll(() => k.getByTestId('result').getAttribute('data-useful')).toBe('answered');
    expect(await k.getByTestId('useful').count()).toBe(0);

    const module = JSON.parse(await readFile(join(stack.content, entry.url.replace('/content/', '')), 'utf8')) as TrainingModule;
    for (const dayN of [4, 9]) {
      await signInOn(dayN);
      const card = today().locator('[data-step="follow-up"]');
      await expect.poll(() => card.innerText()).toMatch(/Follow-up: .*\n?.*5 questions, about 3 minutes/s);
      await card.getByRole('button', { name: 'Start the follow-up' }).click();
      const deck = k.getByTestId('follow-up');
      for (let i = 0; i < 5; i++) {
        const question = Number(await deck.locator('fieldset[data-question]').getAttribute('data-question'));
        const q = module.quiz.questions[question]!;
        for (const c of q.correct) await deck.getByLabel(q.choices[c]!, { exact: true }).check();
        await deck.getByRole('button', { name: 'Check my answer' }).click();
        await expect.poll(() => deck.getByTestId('follow-up-feedback').innerText()).toMatch(/^Right\./);
        await deck.getByRole('button', { name: i < 4 ? 'Next question' : 'Finish' }).click();
      }
      await expect.poll(() => k.getByTestId('follow-up-done').innerText()).toBe('Done: 5 of 5 right. Saved on this kiosk; it is sent with the next sync.');
      await k.getByRole('button', { name: 'Back' }).click();
      await k.getByTestId('today-empty').waitFor();
    }

    // The nudge rule: Carla (warehouse too) never opened the module, seven days after it opened; her supervisor sees it.
    await switchUser(k);
    await signIn(k, DEMO.supervisor, DEMO.passphrase, 'supervisor');
    // Sam's kiosk speaks his language, Dutch.
    await k.getByRole('button', { name: 'Stand van de training' }).click();
    const since = new Intl.DateTimeFormat('nl', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${addDays(day0, 2)}T00:00:00Z`));
    // (The demo's own campaign started ten weeks ago in its synthetic history: its unopened module is listed too.)
    await expect.poll(() => k.getByTestId('nudged').innerText()).toContain(`Carla Jansen: ${entries.modules.find((m) => m.id === 'chemical-labels')!.title}, open sinds ${since}`);
    await k.getByTestId('switch-user').click();
    await k.getByTestId('sign-in').waitFor();
  });

  it('once online, the report shows those steps for the learner’s site', async () => {
    await kiosk.setOffline(false);
    await expect.poll(() => k.getByTestId('sync-state').textContent(), { timeout: 60_000 }).toBe('All records synced');
    await expect.poll(async () => {
      await page.reload();
      return funnelCell('delivered').innerText();
    }, { timeout: 30_000 }).toMatch(/not shown/);
    const counts = await page.getByTestId('funnel').locator('tbody tr').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-step')}: ${r.querySelector('td')!.textContent!.trim()}`));
    // The audience's size is a roster fact; what one learner did is never a number.
    expect(counts[0]).toMatch(/^assigned: \d+$/);
    expect(counts.slice(1)).toEqual(['delivered', 'opened', 'read', 'attempted', 'passed'].map((step) => `${step}: not shown`));
    expect(await page.getByTestId('learning').locator('[data-measure="passed"] td').first().innerText()).toBe('not shown');
    const retention = await page.getByTestId('retention').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim()).join(' | ')));
    expect(retention.slice(0, 2)).toEqual(['0–6 | not shown |  | ', '7–13 | not shown |  | ']);
    expect(await page.getByTestId('items-of').innerText()).toMatch(/^First attempts at version .+ in en: not shown\./);
    expect(await page.getByTestId('item-analysis').count()).toBe(0);
    expect(await axe(page)).toEqual([]);
  });

  it('labels the demo’s synthetic activity as such, beside its numbers', async () => {
    await page.getByRole('link', { name: '← All campaigns' }).click();
    await page.getByTestId('campaign-list').getByRole('link', { name: /^Lockout week/ }).click();
    const north = page.locator('[data-site="synthetic-north"]');
    await expect.poll(() => north.getByTestId('synthetic').innerText()).toBe('Synthetic data made by the demo seed: these are not real people.');
    expect(await north.getByTestId('funnel').locator('[data-step="assigned"] td').first().innerText()).toMatch(/^\s*40$/);
    await page.locator('[data-site="demo"]').getByTestId('funnel').waitFor();
    expect(await page.locator('[data-site="demo"] [data-testid="synthetic"]').count()).toBe(0);
    // Reach and learning apart, each difference with its interval and what groups this size can detect, and the before-period.
    const reading = await page.getByTestId('pilot-reading').innerText();
    expect(reading).toMatch(/^Reach: opened it, of those assigned: the pilot is \d+(\.\d)? points (higher|lower)\. The true difference is likely between -?[\d.]+ and -?[\d.]+ points/m);
    expect(reading).toMatch(/Groups this size detect only differences of about [\d.]+ points or more\./);
    expect(reading).toContain('The intervals treat people as independent.');
    // The demo site's handful of people is left out, so it is North against South: the page says what that means.
    expect(reading).toContain('Site and campaign cannot be told apart');
    expect(await page.getByTestId('pilot').locator('[data-measure="learning"] th').innerText()).toBe('Learning: passed, of those who took the quiz');
    expect(await page.getByTestId('pilot-before').locator('[data-measure="reach"] td').nth(2).innerText()).toMatch(/points \(-?[\d.]+ to -?[\d.]+\)/);
    // The results level: the sites' own figures beside the campaign's start, and a file with a bad row refused by file:line.
    const started = page.getByTestId('outcomes').locator('tbody tr', { hasText: 'campaign started' });
    expect(await started.innerText()).toMatch(/^\d{4}-\d\d \(campaign started\)\s+\d+ \(1 site\)\s+\d+ \(1 site\)$/);
    const upload = page.getByTestId('outcome-upload');
    await upload.getByLabel('CSV file').setInputFiles({ name: 'north.csv', mimeType: 'text/csv', buffer: Buffer.from('month,measure,count\n2026-13,near-miss reports,3\n') });
    await upload.getByRole('button', { name: 'Upload the figures' }).click();
    await expect.poll(() => page.getByTestId('outcome-result').innerText()).toMatch(/north\.csv:2: month: "2026-13" is not a month like 2026-09/);
    expect(await axe(page)).toEqual([]);
  });
});
