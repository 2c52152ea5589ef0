import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../src/server/demo-site.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { LearningRecord } from '../../src/shared/sync/records.ts';
import { storedRecords } from '../../harness/stack.ts';

/** A small phone, a common phone, the kiosk, a laptop: the widths every screen is tested at. */
export const WIDTHS = [360, 412, 1280, 1366] as const;
/** A viewport of that width, as tall as such a screen shows. */
export const viewportOf = (width: number) => ({ width, height: width < 800 ? 860 : 800 });

/** Calls the admin API of a test server. */
export async function adminApi<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1/admin${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Enrolls the page's browser as a kiosk of the demo site with a fresh code, as an admin's link would, and waits for the sign-in screen. */
export async function enrollKiosk(page: Page, base: string, adminToken: string, label = 'e2e kiosk'): Promise<void> {
  const { code } = await adminApi<{ code: string }>(base, adminToken, 'POST', `/sites/${DEMO.siteId}/enrollment-codes`, { label });
  await page.goto(`${base}/#enroll=${code}`);
  await page.getByTestId('sign-in').waitFor({ timeout: 60_000 });
}

/** A new page in `context` enrolled as a demo kiosk, every module saved, the sync state shown, `learner` signed in. */
export async function signedInKiosk(context: BrowserContext, base: string, adminToken: string, learner: string): Promise<Page> {
  const page = await context.newPage();
  await enrollKiosk(page, base, adminToken);
  await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
  await page.getByTestId('sync-state').waitFor();
  await signIn(page, learner, DEMO.pin);
  return page;
}

/**
 * The ids of every result the kiosk made, from its own history (the outbox only holds what is
 * unsent). Learning events are kept in no history on the kiosk.
 */
export async function resultsMadeOn(page: Page): Promise<string[]> {
  const stores = await Promise.all((['attempts', 'completions', 'checkpoints'] as const).map((s) => storedRecords<LearningRecord>(page, s)));
  return stores.flat().map((r) => r.id);
}

/** Signs in on the kiosk the way a worker does: number (or badge scan) and Enter, then the PIN or passphrase and Enter. */
export async function signIn(page: Page, id: string, secret: string, as: 'learner' | 'supervisor' = 'learner'): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.waitFor();
  if (as === 'supervisor') await form.getByRole('button', { name: /supervisor|leidinggevende/i }).click();
  await page.locator('#employee').fill(id);
  await page.locator('#employee').press('Enter');
  await page.locator('#secret').fill(secret);
  await page.locator('#secret').press('Enter');
  await page.getByTestId('session').waitFor();
}

/** Switch user: one tap, and the page starts afresh at the sign-in screen. */
export async function switchUser(page: Page): Promise<void> {
  await page.getByTestId('switch-user').click();
  await page.getByTestId('sign-in').waitFor();
}

/** Opens a published module, reads it to the end and picks every right answer in its quiz, without sending them. */
export async function answerQuiz(page: Page, contentDir: string, entry: Catalog['modules'][number]): Promise<void> {
  const module = JSON.parse(await readFile(join(contentDir, entry.url.replace('/content/', '')), 'utf8')) as TrainingModule;
  await page.evaluate((url) => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }, `/m/${module.id}`);
  await page.getByRole('button', { name: /Take the quiz|Next section/ }).first().waitFor();
  for (let s = 0; s < module.sections.length - 1; s++) await page.getByRole('button', { name: /Next section/ }).click();
  await page.getByRole('button', { name: /Take the quiz/ }).click();
  await page.getByTestId('quiz').waitFor();
  for (const [qi, q] of module.quiz.questions.entries()) {
    for (const ci of q.correct) await page.locator(`[data-question="${qi}"]`).getByLabel(q.choices[ci]!, { exact: true }).check();
  }
}

/** Opens a published module, reads it to the end and passes its quiz: checkpoints, an attempt and a completion. */
export async function passModule(page: Page, contentDir: string, entry: Catalog['modules'][number]): Promise<void> {
  await answerQuiz(page, contentDir, entry);
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await page.getByTestId('result').waitFor();
  await expect.poll(() => page.getByTestId('result').getAttribute('data-passed')).toBe('true');
}

/**
 * Records every status a module card shows on a page load (window.cardStatuses)
 * and every warning the status line shows on any load (kept in sessionStorage),
 * so a test can prove a state was never shown.
 */
export async function watchKioskStatus(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { cardStatuses: typeof seen }).cardStatuses = seen;
    new MutationObserver(() => {
      for (const card of document.querySelectorAll('[data-module][data-status]')) {
        const list = (seen[card.getAttribute('data-module')!] ??= []);
        const status = card.getAttribute('data-status')!;
        if (list.at(-1) !== status) list.push(status);
      }
      const warnings = new Set(JSON.parse(sessionStorage.getItem('statusWarnings') ?? '[]') as string[]);
      for (const pill of document.querySelectorAll('.status .pill-warn')) warnings.add(pill.textContent ?? '');
      sessionStorage.setItem('statusWarnings', JSON.stringify([...warnings]));
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
  });
}

/** Every warning the status line has shown in this tab since watchKioskStatus. */
export function statusWarnings(page: Page): Promise<string[]> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('statusWarnings') ?? '[]') as string[]);
}
