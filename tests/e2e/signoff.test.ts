import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO } from '../../src/server/demo-site.ts';
import type { SignoffRecord } from '../../src/shared/sync/records.ts';
import { launchChromium, Stack, storedRecords } from '../../harness/stack.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { checkScreen } from './screen-check.ts';
import { adminApi, enrollKiosk, signIn, switchUser, viewportOf, WIDTHS } from './kiosk-helpers.ts';
import { writeFile } from 'node:fs/promises';
import { noSteps, OPERATOR_SECONDS, secondsFor, type SignoffEffort, type Steps } from '../../bench/effort-model.ts';

const PORT = 18_490;
const ADMIN_TOKEN = 'e2e-signoff-admin-token-0123456789';
/** A crew the size of a shift's toolbox talk. */
const CREW = Array.from({ length: 30 }, (_, i) => ({ id: String(2001 + i), name: `Crew Member ${String(i + 1).padStart(2, '0')}`, lang: 'en', roles: ['line-3'] }));

/**
 * A 30-person session signed off on a kiosk, offline: by the crew's role in
 * one tap, and by typing 30 employee numbers; the supervisor marks only the
 * exceptions, and the record holds all 30. Every step waits for its state,
 * and is counted as a person's step (bench/effort-model.ts): the time a
 * supervisor spends follows from the steps, not from this machine's speed.
 */
describe('a 30-person session sign-off', () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  /** The steps a supervisor takes in the test running now, from the session form on. */
  let steps: Steps = noSteps();
  /** Each way's modelled seconds, for the bench. */
  const effort: Partial<SignoffEffort> = {};
  const typeInto = async (target: ReturnType<Page['locator']>, text: string) => { await target.fill(text); steps.keystroke += text.length; };
  const tap = async (target: ReturnType<Page['locator']>) => { await target.click(); steps.tap += 1; };
  const choose = async (target: ReturnType<Page['locator']>, value: string) => { await target.selectOption(value); steps.tap += 2; steps.think += 1; };
  const base = `http://127.0.0.1:${PORT}`;

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN }));
    await adminApi(base, ADMIN_TOKEN, 'POST', `/sites/${DEMO.siteId}/roster`, { people: CREW });
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-GB', viewport: viewportOf(1280) })).newPage();
    await enrollKiosk(page, base, ADMIN_TOKEN, 'Line 3 kiosk');
    await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
    await page.context().setOffline(true);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  async function startSession(topic: string): Promise<void> {
    await signIn(page, DEMO.supervisor, DEMO.passphrase, 'supervisor');
    await page.getByLabel('Taal').selectOption('en');
    steps = noSteps();
    await tap(page.getByRole('button', { name: 'Record a session' }));
    await tap(page.getByLabel('Practical assessment'));
    await tap(page.locator('#session-topic'));
    await typeInto(page.locator('#session-topic'), topic);
  }
  /** Marks two exceptions, signs off, and returns the record the kiosk keeps. */
  async function signOffWithExceptions(topic: string, width: number): Promise<SignoffRecord> {
    const attendee = (id: string) => page.getByTestId('attendees').locator(`li[data-person="${id}"]`);
    await choose(attendee('2005').getByRole('combobox'), 'not-yet-competent');
    await choose(attendee('2017').getByRole('combobox'), 'attended');
    // The sign-off button stays in view at the bottom, however long the list.
    const button = page.getByRole('button', { name: 'Sign off session' });
    expect(await button.evaluate((b) => { const r = b.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })).toBe(true);
    await checkScreen(page, width, 'kiosk-signoff');
    await tap(button);
    await expect.poll(() => page.getByTestId('session-notice').innerText()).toMatch(/^Signed off for 30 attendees/);
    await switchUser(page);
    const records = await storedRecords<SignoffRecord>(page, 'outbox');
    // Every width signs off the same topic: this run's record is the latest of them.
    return records.filter((r) => r.kind === 'signoff' && r.topic === topic).sort((a, b) => a.seq - b.seq).at(-1)!;
  }

  // Each width in turn on the same kiosk: the list, its count and the sign-off button must work on a phone as on the kiosk.
  for (const width of WIDTHS) {
    it(`at ${width} px: adds the crew by its role in one tap, and only the exceptions are marked`, async () => {
      await page.setViewportSize(viewportOf(width));
      const topic = 'Guard checks, line 3';
      await startSession(topic);
      await tap(page.getByTestId('add-role').getByRole('button', { name: '+ line-3 (30 people)' }));
      await expect.poll(() => page.getByTestId('attendee-count').innerText()).toBe('30 attendees');
      const record = await signOffWithExceptions(topic, width);
      expect(secondsFor(steps)).toBeLessThan(30);
      // The kiosk's figure goes to the bench; the steps are the same at every width.
      if (width === 1280) effort.byRole = secondsFor(steps);
      expect(record.attendees).toHaveLength(30);
      expect(record.attendees.filter((a) => a.outcome !== 'competent')).toEqual([
        { personId: '2005', outcome: 'not-yet-competent', note: '' },
        { personId: '2017', outcome: 'attended', note: '' },
      ]);
    });

    it(`at ${width} px: takes 30 typed employee numbers, each with Enter, as a badge reader types them`, async () => {
      await page.setViewportSize(viewportOf(width));
      const topic = 'Guard checks, line 3, late shift';
      await startSession(topic);
      // The finder keeps the focus after each one: no tap between people, only reading the next number and typing it.
      await tap(page.getByTestId('finder'));
      for (const person of CREW) {
        steps.think += 1;
        await typeInto(page.getByTestId('finder'), person.id);
        await page.getByTestId('finder').press('Enter');
        steps.keystroke += 1;
        await expect.poll(() => page.getByTestId('session-notice').innerText()).toBe(`${person.name} added.`);
        expect(await page.getByTestId('finder').evaluate((el) => el === document.activeElement)).toBe(true);
      }
      await expect.poll(() => page.getByTestId('attendee-count').innerText()).toBe('30 attendees');
      // Adding someone twice is said, and changes nothing.
      await page.getByTestId('finder').fill('2001');
      await page.getByTestId('finder').press('Enter');
      await expect.poll(() => page.getByTestId('session-notice').innerText()).toBe('Crew Member 01 is already on the list.');
      const record = await signOffWithExceptions(topic, width);
      expect(record.attendees.map((a) => a.personId)).toEqual(CREW.map((p) => p.id));
      // Under two minutes by typed numbers; with a badge reader each number and Enter is one scan.
      expect(secondsFor(steps)).toBeLessThan(120);
      const numberKeys = CREW.reduce((n, p) => n + p.id.length + 1, 0);
      const scanned = { ...steps, keystroke: steps.keystroke - numberKeys, scan: steps.scan + CREW.length };
      expect(secondsFor(scanned)).toBeLessThan(secondsFor(steps));
      if (width !== 1280) return;
      console.log(`30-person sign-off, modelled (${JSON.stringify(OPERATOR_SECONDS)} s per step): typed numbers ${secondsFor(steps).toFixed(0)} s, badge scans ${secondsFor(scanned).toFixed(0)} s`);
      effort.typed = secondsFor(steps);
      effort.scanned = secondsFor(scanned);
      // npm run bench runs this test for its table (bench/effort-run.ts).
      if (process.env.SIGNOFF_EFFORT_FILE) await writeFile(process.env.SIGNOFF_EFFORT_FILE, JSON.stringify(effort));
    });
  }
});
