import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { publish } from '../../src/publisher/publish.ts';
import { createAppServer } from '../../src/server/app-server.ts';
import { INLINE_BROTLI_BYTES } from '../../src/shared/catalog-update.ts';
import type { WorkerToPage } from '../../src/shared/messages.ts';
import { CATALOG_URL, CONTENT_CACHE, type Catalog } from '../../src/shared/module.ts';
import { syncContent } from '../../src/sw/content-sync.ts';
import { ROOT } from '../../src/node/paths.ts';
import { moduleSource } from '../../harness/module-source.ts';
import { useTempDirs } from '../helpers/temp.ts';

/** Cache Storage as far as content sync uses it, in memory: the one fake here; the server is real. */
class MemoryCache {
  readonly entries = new Map<string, string>();
  async match(url: string): Promise<Response | undefined> {
    const body = this.entries.get(new URL(url, ORIGIN).pathname);
    return body === undefined ? undefined : new Response(body);
  }
  async put(url: string, response: Response): Promise<void> {
    this.entries.set(new URL(url, ORIGIN).pathname, await response.text());
  }
  async delete(url: string): Promise<boolean> {
    return this.entries.delete(new URL(url, ORIGIN).pathname);
  }
  async keys(): Promise<{ url: string }[]> {
    return [...this.entries.keys()].map((path) => ({ url: `${ORIGIN}${path}` }));
  }
}

const ORIGIN = 'http://kiosk.test';
/** The code under test gets a fetch stub with relative URLs; the stub itself needs the real one. */
const realFetch = globalThis.fetch;
const budgetsFile = join(ROOT, 'budgets.json');
const tempDir = useTempDirs();
let cache: MemoryCache;
let requests: string[];
/** What the browser's HTTP cache holds, by path: the page's copy of the catalog on a first visit. */
let httpCache: Map<string, string>;
let source: string;
let content: string;
let server: ReturnType<typeof createAppServer>;
/** Lets a test tamper with what the server sends. */
let rewrite: (path: string, body: string) => string;

beforeEach(async () => {
  source = await tempDir();
  content = await tempDir();
  for (const id of ['a', 'b', 'c']) await writeFile(join(source, `${id}.md`), moduleSource({ id: `id: ${id}` }, `## ${id}\n\nText of ${id}.\n`));
  await republish();
  server = createAppServer({ distDir: await tempDir(), contentDir: content });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cache = new MemoryCache();
  requests = [];
  httpCache = new Map();
  rewrite = (_path, body) => body;
  vi.stubGlobal('caches', { open: async (name: string) => (name === CONTENT_CACHE ? cache : new MemoryCache()) });
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (init?.cache === 'only-if-cached') {
      // What only the HTTP cache may answer fails when it holds nothing, as in a browser.
      const held = httpCache.get(url);
      if (held === undefined) throw new TypeError('Failed to fetch');
      return new Response(held);
    }
    requests.push(url);
    const res = await realFetch(`${base}${url}`, init);
    if (res.status !== 200) return res;
    return new Response(rewrite(url, await res.text()), { status: 200, headers: res.headers });
  });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await new Promise((r) => server.close(r));
});

async function republish(): Promise<Catalog> {
  const result = await publish({ sourceDir: source, outDir: content, budgetsFile });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.catalog!;
}

const published = async (url: string) => readFile(join(content, url.replace('/content/', '')), 'utf8');
const savedCatalog = async () => JSON.parse(cache.entries.get(CATALOG_URL)!) as Catalog;

describe('content sync (service worker)', () => {
  it('saves a new device everything from one update, reporting each module, and the catalog last', async () => {
    const reports: WorkerToPage[] = [];
    const catalog = await syncContent(async (m) => { reports.push(m); });
    expect(requests).toEqual(['/content/update']);
    expect(await savedCatalog()).toEqual(catalog);
    for (const m of catalog.modules) expect(cache.entries.get(m.url)).toBe(await published(m.url));
    expect(reports).toEqual(catalog.modules.map((m, i) => ({ type: 'CONTENT_PROGRESS', saved: i + 1, total: 3, url: m.url })));
  });

  it('on a first visit takes the catalog the page loaded and asks only for the modules, the catalog\'s changes since included', async () => {
    const loaded = await republish();
    httpCache.set(CATALOG_URL, JSON.stringify(loaded));
    const catalog = await syncContent(async () => undefined);
    expect(requests).toEqual([`/content/update?known=${loaded.version}`]);
    expect(await savedCatalog()).toEqual(catalog);
    for (const m of catalog.modules) expect(cache.entries.get(m.url)).toBe(await published(m.url));
    // The update did not bring the catalog a second time: its first line lists no entries.
    const update = (await (await realFetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/content/update?known=${loaded.version}`)).text()).split('\n');
    expect(JSON.parse(update[0]!)).toMatchObject({ since: loaded.version, modules: [], inline: 3 });

    // A page that loaded the catalog just before a republish: the update brings the change, and every module.
    cache.entries.clear();
    await writeFile(join(source, 'b.md'), moduleSource({ id: 'id: b' }, '## b\n\nNew text of b.\n'));
    const after = await republish();
    requests = [];
    await syncContent(async () => undefined);
    expect(requests).toEqual([`/content/update?known=${loaded.version}`]);
    expect(await savedCatalog()).toEqual(after);
    for (const m of after.modules) expect(cache.entries.get(m.url)).toBe(await published(m.url));
  });

  it('gets a republished module inline, drops the old one, and asks nothing more when current', async () => {
    const before = await syncContent(async () => undefined);
    await writeFile(join(source, 'b.md'), moduleSource({ id: 'id: b' }, '## b\n\nNew text of b.\n'));
    const after = await republish();
    requests = [];
    await syncContent(async () => undefined);
    expect(requests).toEqual([`/content/update?since=${before.version}`]);
    expect(await savedCatalog()).toEqual(after);
    expect(cache.entries.has(before.modules[1]!.url)).toBe(false);
    expect(cache.entries.get(after.modules[1]!.url)).toBe(await published(after.modules[1]!.url));

    requests = [];
    expect(await syncContent(async () => undefined)).toEqual(after);
    expect(requests).toEqual([`/content/update?since=${after.version}`]);
  });

  it('after a 304, fetches a module the browser evicted and reports it saved', async () => {
    const catalog = await syncContent(async () => undefined);
    const evicted = catalog.modules[2]!.url;
    cache.entries.delete(evicted);
    requests = [];
    const reports: WorkerToPage[] = [];
    await syncContent(async (m) => { reports.push(m); });
    expect(requests).toEqual([`/content/update?since=${catalog.version}`, evicted]);
    expect(reports).toEqual([{ type: 'CONTENT_PROGRESS', saved: 3, total: 3, url: evicted }]);
  });

  it('keeps the modules that arrived whole, refuses a damaged one, and saves no catalog', async () => {
    rewrite = (_path, body) => body.replace('Text of b.', 'Text of B.');
    await expect(syncContent(async () => undefined)).rejects.toThrow(/modules\/b\.en\.[0-9a-f]{12}\.json arrived damaged/);
    expect(cache.entries.has(CATALOG_URL)).toBe(false);
    expect([...cache.entries.keys()].filter((k) => k.includes('/a.en.'))).toHaveLength(1);
    expect([...cache.entries.keys()].filter((k) => k.includes('/b.en.'))).toHaveLength(0);

    rewrite = (_path, body) => body;
    const catalog = await syncContent(async () => undefined);
    expect(await savedCatalog()).toEqual(catalog);
  });

  it('asks for the whole catalog when the changes do not add up to the version the server names', async () => {
    const before = await syncContent(async () => undefined);
    await writeFile(join(source, 'c.md'), moduleSource({ id: 'id: c' }, '## c\n\nNew text of c.\n'));
    const after = await republish();
    // The device's saved catalog differs from the one its version names (as after a botched restore).
    cache.entries.set(CATALOG_URL, JSON.stringify({ ...before, modules: before.modules.slice(1) }));
    requests = [];
    await syncContent(async () => undefined);
    expect(requests).toEqual([`/content/update?since=${before.version}`, '/content/update']);
    expect(await savedCatalog()).toEqual(after);
  });

  it('fetches file by file what does not travel inline', async () => {
    // Six modules of about 3 KiB brotli each (incompressible text) are more than the inline limit.
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const filler = Array.from({ length: 40 }, () => randomBytes(80).toString('base64')).join('\n\n');
      await writeFile(join(source, `${id}.md`), moduleSource({ id: `id: ${id}` }, `## ${id}\n\n${filler}\n`));
    }
    const catalog = await republish();
    expect(catalog.modules.reduce((n, m) => n + m.br, 0)).toBeGreaterThan(INLINE_BROTLI_BYTES);
    await syncContent(async () => undefined);
    expect(requests[0]).toBe('/content/update');
    expect(requests.slice(1).length).toBeGreaterThan(0);
    expect(requests.slice(1).every((r) => r.startsWith('/content/modules/'))).toBe(true);
    for (const m of catalog.modules) expect(cache.entries.get(m.url)).toBe(await published(m.url));
  });
});
