import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { ProgressRecord } from '../../src/shared/learning-records.ts';
import { cachedContentUrls, collectPageErrors, storedRecords } from '../../harness/stack.ts';
import { useStack } from './use-stack.ts';

/**
 * The product's promise, in one real browser: visit once online, then learn
 * and pass with the network switched off and the server gone.
 */
describe('offline kiosk, end to end', () => {
  const env = useStack();
  let context: BrowserContext;
  let page: Page;
  let catalog: Catalog;
  let pageErrors: string[];

  const moduleCount = () => new Set(catalog.modules.map((m) => m.id)).size;
  const savedText = (n: number) => `${n} of ${moduleCount()} modules saved on this device`;
  const published = async (id: string, lang = 'en'): Promise<TrainingModule> => {
    const entry = catalog.modules.find((m) => m.id === id && m.lang === lang)!;
    return JSON.parse(await readFile(join(env.stack.content, entry.url.replace('/content/', '')), 'utf8')) as TrainingModule;
  };
  const cachedUrls = () => cachedContentUrls(page);

  beforeAll(async () => {
    catalog = JSON.parse(await readFile(join(env.stack.content, 'catalog.json'), 'utf8')) as Catalog;
    context = await env.browser.newContext({ locale: 'en-GB' });
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });

  it('first visit online: shows the home screen, activates the service worker and saves every module', async () => {
    await page.goto(env.stack.base);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Online');
    await page.getByTestId('saved-count').getByText(savedText(moduleCount())).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const cached = await cachedUrls();
    for (const m of catalog.modules) expect(cached).toContain(m.url);
  });

  it('offline, with the server gone: reloads, searches, reads with resume, and passes a quiz', async () => {
    await env.stack.stop();
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('connection').getByText('Offline').waitFor();
    await page.getByTestId('saved-count').getByText(savedText(moduleCount())).waitFor();

    // Full-text search runs in the worker, over the saved modules only.
    await page.getByLabel('Search all saved modules').fill('the lockout steps');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('search-results').locator('li').first().textContent()).toContain('The six steps');

    const loto = await published('lockout-tagout');
    await page.locator('[data-module="lockout-tagout"] a').click();
    await page.getByTestId('reader').waitFor();
    await page.getByRole('button', { name: /Next section/ }).click();
    await page.getByRole('button', { name: /Next section/ }).click();
    await expect.poll(() => page.getByTestId('reader').getAttribute('data-section')).toBe('2');

    // The reader resumes where the learner left off, across reloads: once the position is stored, reload.
    await expect.poll(async () => (await storedRecords<ProgressRecord>(page, 'progress')).find((p) => p.moduleId === 'lockout-tagout')?.section).toBe(2);
    await page.reload();
    await expect.poll(() => page.getByTestId('reader').getAttribute('data-section')).toBe('2');
    await expect.poll(() => page.getByText(loto.sections[2]!.title, { exact: true }).count()).toBeGreaterThan(0);

    for (let s = 2; s < loto.sections.length - 1; s++) await page.getByRole('button', { name: /Next section/ }).click();
    await page.getByRole('button', { name: /Take the quiz/ }).click();
    await page.getByTestId('quiz').waitFor();

    // First two wrong answers (below the pass mark), to see a fail with explanations and a retry.
    const answer = async (wrongFirst: boolean) => {
      for (const [qi, q] of loto.quiz.questions.entries()) {
        const question = page.locator(`[data-question="${qi}"]`);
        const picks = qi < 2 && wrongFirst ? [q.choices.findIndex((_, i) => !q.correct.includes(i))] : q.correct;
        for (const ci of picks) await question.getByLabel(q.choices[ci]!, { exact: true }).check();
      }
      await page.getByRole('button', { name: 'Check my answers' }).click();
      await page.getByTestId('result').waitFor();
    };
    await answer(true);
    await expect.poll(() => page.getByTestId('result').getAttribute('data-passed')).toBe('false');
    await expect.poll(() => page.getByTestId('result').textContent()).toContain(loto.quiz.questions[0]!.explanation);
    await page.getByRole('link', { name: 'Try the quiz again' }).click();
    await page.getByTestId('quiz').waitFor();
    await answer(false);
    await expect.poll(() => page.getByTestId('result').getAttribute('data-passed')).toBe('true');
    await expect.poll(() => page.getByTestId('result').textContent()).toContain('Passed with 100%');
  });

  it('is still passed after another offline reload', async () => {
    await page.goto(`${env.stack.base}/`);
    await expect.poll(() => page.locator('[data-module="lockout-tagout"]').getAttribute('data-status')).toBe('passed');
    await expect.poll(() => page.locator('[data-module="lockout-tagout"]').textContent()).toContain('Passed');
    await expect.poll(() => page.locator('[data-module="fire-extinguishers"]').getAttribute('data-status')).toBe('not-started');
    expect(await storedRecords(page, 'completions')).toHaveLength(1);
  });

  it('republishing one module makes the kiosk download that one module, inside one update request', async () => {
    const file = join(env.stack.source, '05-fire-extinguishers.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Most fires start small', 'Almost every fire starts small'));
    await env.stack.publish();
    const next = JSON.parse(await readFile(join(env.stack.content, 'catalog.json'), 'utf8')) as Catalog;
    const changed = next.modules.filter((m) => !catalog.modules.some((o) => o.url === m.url));
    expect(changed.map((m) => m.id)).toEqual(['fire-extinguishers']);

    await env.stack.start();
    env.stack.requests.length = 0;
    await context.setOffline(false);
    await page.reload();
    await expect.poll(cachedUrls, { timeout: 30_000 }).toContain(changed[0]!.url);
    await expect.poll(cachedUrls).not.toContain(catalog.modules.find((m) => m.id === 'fire-extinguishers')!.url);

    // The catalog's changes with the changed module inline: no per-file request, no whole catalog.
    const contentRequests = env.stack.requests.filter((p) => p.startsWith('/content/'));
    expect(contentRequests[0]).toBe(`/content/update?since=${catalog.version}`);
    // Any later check starts from the new catalog (and gets a 304).
    expect(contentRequests.slice(1).filter((p) => p !== `/content/update?since=${next.version}`)).toEqual([]);
    await page.getByTestId('saved-count').getByText(savedText(moduleCount())).waitFor();
    catalog = next;
  });

  it('ran without a CSP violation or an uncaught error', () => {
    expect(pageErrors).toEqual([]);
  });
});
