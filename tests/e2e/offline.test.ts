import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { ProgressRecord } from '../../src/shared/progress.ts';
import { cachedContentUrls, collectUncaught, storedRecords } from '../../harness/stack.ts';
import { useStack } from './use-stack.ts';

/**
 * The product's promise, in one real browser: visit once online, then learn
 * and pass with the network switched off and the server gone. Each test opens
 * its own browser context and makes its own first visit, so any one of them
 * runs alone and in any order.
 */
describe('offline kiosk, end to end', () => {
  const env = useStack();

  const readCatalog = async () => JSON.parse(await readFile(join(env.stack.content, 'catalog.json'), 'utf8')) as Catalog;
  const savedText = (catalog: Catalog) => {
    const n = new Set(catalog.modules.map((m) => m.id)).size;
    return `${n} of ${n} modules saved on this device`;
  };
  const published = async (catalog: Catalog, id: string, lang = 'en'): Promise<TrainingModule> => {
    const entry = catalog.modules.find((m) => m.id === id && m.lang === lang)!;
    return JSON.parse(await readFile(join(env.stack.content, entry.url.replace('/content/', '')), 'utf8')) as TrainingModule;
  };

  /** A fresh device's first visit online, until every module is saved and the service worker controls the page. */
  async function firstVisit(): Promise<{ context: BrowserContext; page: Page; catalog: Catalog; pageErrors: string[] }> {
    const catalog = await readCatalog();
    const context = await env.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const pageErrors = collectUncaught(page);
    await page.goto(env.stack.base);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Online');
    await page.getByTestId('saved-count').getByText(savedText(catalog)).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    return { context, page, catalog, pageErrors };
  }

  it('first visit online: shows the home screen, activates the service worker and saves what an English reader\'s own device needs', async () => {
    const { context, page, catalog, pageErrors } = await firstVisit();
    // Every module has an English variant in the demo course: those are saved, the Dutch and Polish ones are not.
    const english = catalog.modules.filter((m) => m.lang === 'en').map((m) => m.url);
    expect(english.length).toBe(new Set(catalog.modules.map((m) => m.id)).size);
    expect(await cachedContentUrls(page)).toEqual([...english, '/content/catalog.json'].sort());
    await page.getByTestId('saved-count').getByText(`${savedText(catalog)} (English)`).waitFor();
    // Search, but neither the kiosk's screens nor another language's strings: only kiosks and readers of those keep them.
    const shell = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((n) => n.includes('precache'));
      return (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)))).flat();
    });
    const precache = JSON.parse(await readFile(join(env.stack.dist, '.precache.json'), 'utf8')) as { url: string; group?: string }[];
    expect(precache.filter((e) => e.group).length).toBeGreaterThan(0);
    expect(shell.sort()).toEqual(precache.filter((e) => !e.group || e.group === 'library').map((e) => e.url).sort());
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('offline, with the server gone: reloads, searches, reads with resume, passes a quiz, and is still passed after another reload', async () => {
    const { context, page, catalog, pageErrors } = await firstVisit();
    await env.stack.stop();
    try {
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('connection').getByText('Offline').waitFor();
      await page.getByTestId('saved-count').getByText(savedText(catalog)).waitFor();

      // Full-text search runs in the worker, over the saved modules only.
      await page.getByLabel('Search all saved modules').fill('the lockout steps');
      await page.getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => page.getByTestId('search-results').locator('li').first().textContent()).toContain('Job aid: The six steps');
      // A job aid's hit opens it on its own (tests/e2e/posters.test.ts reads one from a poster).
      expect(await page.getByTestId('search-results').locator('li a').first().getAttribute('href')).toMatch(/^\/m\/lockout-tagout\/aid\/\d+$/);

      const loto = await published(catalog, 'lockout-tagout');
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

      await page.goto(`${env.stack.base}/`);
      await expect.poll(() => page.locator('[data-module="lockout-tagout"]').getAttribute('data-status')).toBe('passed');
      await expect.poll(() => page.locator('[data-module="lockout-tagout"]').textContent()).toContain('Passed');
      await expect.poll(() => page.locator('[data-module="fire-extinguishers"]').getAttribute('data-status')).toBe('not-started');
      expect(await storedRecords(page, 'completions')).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
      await env.stack.start();
    }
  });

  it('keeps its list offline while what new needs call for is not saved yet, and counts it saved only once it is', async () => {
    const { context, page, catalog, pageErrors } = await firstVisit();
    const n = new Set(catalog.modules.map((m) => m.id)).size;
    let serverDown = false;
    try {
      // A Dutch reader's device: the Dutch variants replace the English ones.
      await page.getByLabel('Language').selectOption('nl');
      await page.getByTestId('saved-count').getByText(`${n} van ${n} modules opgeslagen op dit apparaat (Nederlands)`).waitFor({ timeout: 30_000 });
      // Back to English with the server gone: the English variants cannot come yet.
      await env.stack.stop();
      serverDown = true;
      await page.getByLabel('Taal').selectOption('en');
      await page.getByTestId('saved-count').getByText(/^0 of \d+ modules saved/).waitFor();
      await page.reload();
      // The modules are still listed, from the device, and still said to be unsaved for English.
      await expect.poll(() => page.locator('[data-module]').count()).toBe(n);
      await page.getByTestId('saved-count').getByText(/^0 of \d+ modules saved/).waitFor();
      await env.stack.start();
      serverDown = false;
      await page.reload();
      await page.getByTestId('saved-count').getByText(`${savedText(catalog)} (English)`).waitFor({ timeout: 30_000 });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
      if (serverDown) await env.stack.start();
    }
  });

  it('republishing one module makes the device download that one module, inside one update request', async () => {
    const { context, page, catalog, pageErrors } = await firstVisit();
    const file = join(env.stack.source, '05-fire-extinguishers.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Most fires start small', 'Almost every fire starts small'));
    await env.stack.publish();
    const next = await readCatalog();
    const changed = next.modules.filter((m) => !catalog.modules.some((o) => o.url === m.url));
    expect(changed.map((m) => m.id)).toEqual(['fire-extinguishers']);

    env.stack.requests.length = 0;
    await page.reload();
    await expect.poll(() => cachedContentUrls(page), { timeout: 30_000 }).toContain(changed[0]!.url);
    await expect.poll(() => cachedContentUrls(page)).not.toContain(catalog.modules.find((m) => m.id === 'fire-extinguishers')!.url);

    // The catalog's changes with the changed module inline: no per-file request, no whole catalog.
    const contentRequests = env.stack.requests.filter((p) => p.startsWith('/content/'));
    expect(contentRequests[0]).toBe(`/content/update?since=${catalog.version}&langs=en`);
    // Any later check starts from the new catalog (and gets a 304).
    expect(contentRequests.slice(1).filter((p) => p !== `/content/update?since=${next.version}&langs=en`)).toEqual([]);
    await page.getByTestId('saved-count').getByText(savedText(next)).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
