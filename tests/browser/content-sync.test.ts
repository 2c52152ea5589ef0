import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkerToPage } from '../../src/shared/messages.ts';
import { CATALOG_URL, CONTENT_CACHE, type Catalog } from '../../src/shared/module.ts';
import { contentHash } from '../../src/shared/catalog-update.ts';
import { lines, syncContent } from '../../src/sw/content-sync.ts';
import { SAVED_FOR_HEADER, type DeviceNeeds } from '../../src/shared/device-needs.ts';

/**
 * The service worker's content sync, run in Chromium against the real server
 * (see content-server.ts): a real streamed update, real WebCrypto hashes and
 * real Cache Storage, as a kiosk's service worker has them.
 */
describe('content sync, in Chromium', () => {
  beforeEach(async () => {
    await caches.delete(CONTENT_CACHE);
  });

  /** Runs `body` with every fetch it makes recorded (and still made). */
  async function fetchesDuring(body: () => Promise<unknown>): Promise<string[]> {
    const asked: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      asked.push(String(input));
      return realFetch(input, init);
    };
    try {
      await body();
    } finally {
      globalThis.fetch = realFetch;
    }
    return asked;
  }

  const dutchDevice: DeviceNeeds = { langs: ['nl'], kiosk: false };
  const savedPaths = async () => (await (await caches.open(CONTENT_CACHE)).keys()).map((r) => new URL(r.url).pathname).sort();

  it('saves the whole catalog and every module on a first sync, reporting progress up to the total', async () => {
    const reports: WorkerToPage[] = [];
    const catalog = await syncContent(async (m) => void reports.push(m));
    expect(catalog.modules.length).toBeGreaterThan(5);
    const saved = await savedPaths();
    for (const m of catalog.modules) expect(saved).toContain(m.url);
    expect(saved).toContain(CATALOG_URL);
    const last = reports.filter((r) => r.type === 'CONTENT_PROGRESS').at(-1);
    expect(last).toMatchObject({ type: 'CONTENT_PROGRESS', saved: catalog.modules.length, total: catalog.modules.length });
    // Every saved module is byte for byte what its hash in the catalog says.
    const cache = await caches.open(CONTENT_CACHE);
    for (const m of catalog.modules) expect(await contentHash(await (await cache.match(m.url))!.text())).toBe(m.hash);
  });

  it('saves modules as they arrive, but the catalog (which makes them count as saved) only once the app shell is saved', async () => {
    let shellSaved!: () => void;
    const gate = new Promise<void>((resolve) => { shellSaved = resolve; });
    const reports: WorkerToPage[] = [];
    // The worker's install starts the shell's downloads once the modules' request is out.
    let requestedBeforeAnyReport: boolean | null = null;
    const sync = syncContent(async (m) => void reports.push(m), { ready: () => gate, requested: () => { requestedBeforeAnyReport ??= reports.length === 0; } });
    const all = (await (await fetch(CATALOG_URL)).json()) as Catalog;
    await expect.poll(savedPaths).toEqual(all.modules.map((m) => m.url).sort());
    expect(reports.map((r) => r.type === 'CONTENT_PROGRESS' && r.url).sort()).toEqual(all.modules.map((m) => m.url).sort());
    expect(requestedBeforeAnyReport).toBe(true);
    shellSaved();
    const catalog = await sync;
    expect(await savedPaths()).toEqual([...catalog.modules.map((m) => m.url), CATALOG_URL].sort());
  });

  it('keeps only the languages it is given: the variant in one of them, or a module\'s first where it has none', async () => {
    const all = (await (await fetch(CATALOG_URL)).json()) as Catalog;
    const ids = [...new Set(all.modules.map((m) => m.id))];
    const keptFor = (lang: string) => ids.map((id) => (all.modules.find((m) => m.id === id && m.lang === lang) ?? all.modules.find((m) => m.id === id))!.url);
    const dutch = keptFor('nl');
    const english = keptFor('en');
    expect(dutch.filter((u) => !english.includes(u)).length).toBeGreaterThan(0);
    expect(dutch.filter((u) => english.includes(u)).length).toBeGreaterThan(0);

    const asked = await fetchesDuring(() => syncContent(async () => undefined, { needs: dutchDevice }));
    expect(await savedPaths()).toEqual([...dutch, CATALOG_URL].sort());
    // One request to the server: the catalog came from the HTTP cache (this test loaded it, as the page
    // does), and the modules it keeps came inline without it; nothing else was asked for.
    expect(asked).toEqual([CATALOG_URL, `/content/update?known=${all.version}&langs=nl`]);
    const catalogLoads = performance.getEntriesByName(new URL(CATALOG_URL, location.href).href) as PerformanceResourceTiming[];
    expect(catalogLoads.slice(-2).map((e) => e.transferSize > 0)).toEqual([true, false]);

    // English joins (someone who reads it is on the roster): its variants are added.
    await syncContent(async () => undefined, { needs: { langs: ['en', 'nl'], kiosk: false } });
    expect(await savedPaths()).toEqual([...new Set([...dutch, ...english]), CATALOG_URL].sort());
    // And leaves again: the variants only English readers needed go.
    await syncContent(async () => undefined, { needs: dutchDevice });
    expect(await savedPaths()).toEqual([...dutch, CATALOG_URL].sort());
  });

  it('asks once and downloads nothing when the saved catalog is current', async () => {
    const first = await syncContent(async () => undefined);
    let again: Catalog | undefined;
    const asked = await fetchesDuring(async () => { again = await syncContent(async () => undefined); });
    expect(again?.version).toBe(first.version);
    expect(asked).toEqual([`/content/update?since=${first.version}`]);
  });

  it('saves the catalog for the needs it ran for, and a run for other needs downloads only what they add', async () => {
    const savedFor = async () => (await (await caches.open(CONTENT_CACHE)).match(CATALOG_URL))?.headers.get(SAVED_FOR_HEADER);
    const first = await syncContent(async () => undefined, { needs: dutchDevice });
    expect(await savedFor()).toBe('device:nl');
    // Enrolled as a kiosk whose people also read English: the catalog is current, only the English variants come.
    const kiosk: DeviceNeeds = { langs: ['en', 'nl'], kiosk: true };
    const asked = await fetchesDuring(() => syncContent(async () => undefined, { needs: kiosk }));
    expect(asked[0]).toBe(`/content/update?since=${first.version}&langs=en,nl`);
    const dutch = new Set(first.modules.filter((m) => m.lang === 'nl').map((m) => m.url));
    expect(asked.slice(1).filter((u) => dutch.has(u))).toEqual([]);
    expect(await savedFor()).toBe('kiosk:en,nl');
  });

  it('fetches a module the browser evicted, and only that one', async () => {
    const catalog = await syncContent(async () => undefined);
    const lost = catalog.modules[2]!.url;
    await (await caches.open(CONTENT_CACHE)).delete(lost);
    const asked = await fetchesDuring(() => syncContent(async () => undefined));
    expect(asked.filter((u) => !u.startsWith('/content/update'))).toEqual([lost]);
    expect(await savedPaths()).toContain(lost);
  });

  it('splits a streamed body into lines wherever the chunks are cut, even inside a character', async () => {
    const text = 'één\n{"a":"ł"}\n\nlast';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, cut));
          controller.enqueue(bytes.slice(cut));
          controller.close();
        },
      });
      const got: string[] = [];
      for await (const line of lines(body)) got.push(line);
      expect(got, `cut at ${cut}`).toEqual(['één', '{"a":"ł"}', '', 'last']);
    }
  });

  it('keeps the catalog of the last complete sync when the server is gone', async () => {
    const catalog = await syncContent(async () => undefined);
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    try {
      await expect(syncContent(async () => undefined)).rejects.toThrow();
    } finally {
      globalThis.fetch = realFetch;
    }
    const saved = (await (await (await caches.open(CONTENT_CACHE)).match(CATALOG_URL))!.json()) as Catalog;
    expect(saved.version).toBe(catalog.version);
  });
});
