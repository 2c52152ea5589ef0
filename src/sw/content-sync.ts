import { applyCatalogUpdate, catalogVersion, contentHash, CONTENT_UPDATE_URL, inlineEntries, isCatalogVersion, type CatalogUpdate } from '../shared/catalog-update.ts';
import { needsTag, SAVED_FOR_HEADER, wantedModules, type DeviceNeeds } from '../shared/device-needs.ts';
import type { WorkerToPage } from '../shared/messages.ts';
import { CATALOG_URL, CONTENT_CACHE, type Catalog } from '../shared/module.ts';
import { planContent } from './content-plan.ts';
import { inParallel } from './in-parallel.ts';
import { englishCount } from '../shared/plural.ts';

/** File downloads in flight at once: enough to hide the link's latency, few enough to share it. */
const PARALLEL_DOWNLOADS = 3;

const json = (body: string, headers: Record<string, string> = {}) => new Response(body, { headers: { 'Content-Type': 'application/json', ...headers } });

export interface SyncOptions {
  /** What this device keeps (src/shared/device-needs.ts); null: every module published. */
  needs?: DeviceNeeds | null;
  /** Settles when the rest of what the device needs offline (the app itself) is saved; asked for once the modules are. */
  ready?: () => Promise<void>;
  /** Called as soon as the content update is asked for (on a first visit: once only the page's catalog is awaited). */
  requested?: () => void;
}

/**
 * Brings the device's saved modules in line with the server's catalog. One
 * request asks what changed since the saved catalog and brings the changed
 * modules this device keeps inline (src/shared/catalog-update.ts); whatever
 * it keeps and still lacks (media, modules past the inline limit, files lost
 * to eviction) follows file by file, and what it no longer keeps goes.
 * Modules are saved as they arrive, so one opened meanwhile is read from
 * here and never downloaded twice. The catalog is saved last, and only once
 * everything it needs is on the device and `ready()` has settled: the page
 * counts a module saved only beside a catalog saved for its own needs, so
 * "5 of 5 saved" never shows while the app itself is still downloading, nor
 * for what the device needed before. A run cut short is simply repeated by
 * the next one. Returns the catalog now saved.
 */
export async function syncContent(report: (message: WorkerToPage) => Promise<void>, { needs = null, ready, requested }: SyncOptions = {}): Promise<Catalog> {
  const langs = needs?.langs ?? null;
  const only = needs?.only ?? null;
  const cache = await caches.open(CONTENT_CACHE);
  const savedResponse = await cache.match(CATALOG_URL);
  const savedFor = savedResponse?.headers.get(SAVED_FOR_HEADER);
  const saved = (await savedResponse?.json()) as Catalog | undefined;
  const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  let catalog: Catalog | null = null;
  /** The entries of a catalog this device keeps. */
  const keptIn = (c: Catalog) => (langs ? wantedModules(c, langs, only) : c.modules);
  /** URLs of the modules it keeps, for progress: known once the catalog is. */
  let wanted: string[] = [];

  const keep = async (url: string, response: Response) => {
    await cache.put(url, response);
    have.add(url);
    if (!wanted.includes(url)) return;
    await report({ type: 'CONTENT_PROGRESS', saved: wanted.filter((u) => have.has(u)).length, total: wanted.length, url });
  };

  /**
   * One content update, read as it streams in: the catalog first, then each
   * inline module, saved as soon as its line is whole and its hash checks out.
   * False when the update does not add up from `base`. `holdsFiles` false:
   * the device holds none of `base`'s module files, only knows the catalog.
   */
  const receive = async (base: Catalog | null, holdsFiles = true): Promise<boolean> => {
    const query = [base && `${holdsFiles ? 'since' : 'known'}=${base.version}`, langs && `langs=${langs.join()}`, only && `only=${only.join()}`].filter(Boolean).join('&');
    const response = fetch(query ? `${CONTENT_UPDATE_URL}?${query}` : CONTENT_UPDATE_URL, {
      cache: 'no-store',
      headers: base && holdsFiles ? { 'If-None-Match': `"${base.version}"` } : {},
    });
    requested?.();
    const res = await response;
    if (base && res.status === 304) {
      catalog = base;
      return true;
    }
    if (!res.ok || !res.body) throw new Error(`content update: HTTP ${res.status}`);
    let update: CatalogUpdate | null = null;
    let inline: Catalog['modules'] = [];
    let index = 0;
    for await (const line of lines(res.body)) {
      if (!update) {
        update = JSON.parse(line) as CatalogUpdate;
        catalog = applyCatalogUpdate(base, update);
        if (!catalog || (await catalogVersion(catalog.modules)) !== update.version) return false;
        wanted = keptIn(catalog).map((m) => m.url);
        inline = inlineEntries(update, catalog, langs, holdsFiles, only);
        continue;
      }
      const entry = inline[index++];
      if (!entry) throw new Error('content update: more lines than modules');
      if ((await contentHash(line)) !== entry.hash) throw new Error(`content update: ${entry.url} arrived damaged`);
      await keep(entry.url, json(line));
    }
    if (!catalog) throw new Error('content update: empty answer');
    return true;
  };

  // A catalog saved before versions existed, or one the update does not lead on from, starts over.
  const base = saved?.version ? saved : null;
  let known: Catalog | null = null;
  if (!base) {
    const loading = pageCatalog();
    // The page's catalog is on its way, or here: the worker's other downloads can start beside it.
    requested?.();
    known = await loading;
  }
  const received = base ? await receive(base) : await receive(known, false);
  if (!received && !((base || known) && (await receive(null)))) throw new Error('content update: the catalog does not add up');
  const current = catalog!;
  // Also after a 304, when nothing streamed: what follows file by file is reported as it lands.
  const kept = keptIn(current);
  wanted = kept.map((m) => m.url);

  const plan = planContent(current, [...have], kept);
  const failures: string[] = [];
  await inParallel(plan.download, PARALLEL_DOWNLOADS, async (url) => {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await keep(url, res);
    } catch (err) {
      failures.push(`${url}: ${(err as Error).message}`);
    }
  });
  if (failures.length) throw new Error(`${englishCount(failures.length, 'download')} failed`);
  await Promise.all(plan.remove.map((url) => cache.delete(url)));
  await ready?.();
  const tag = needsTag(needs);
  if (current !== saved || savedFor !== tag) await cache.put(CATALOG_URL, json(JSON.stringify(current), { [SAVED_FOR_HEADER]: tag }));
  return current;
}

/**
 * The catalog the page has loaded to show its list, from the HTTP cache only
 * (Chromium waits for the page's download if it is under way): on a first
 * visit the update then need not bring the catalog a second time. Null when
 * the cache has none; the update brings it then.
 */
async function pageCatalog(): Promise<Catalog | null> {
  try {
    const res = await fetch(CATALOG_URL, { cache: 'only-if-cached', mode: 'same-origin' });
    const catalog = res.ok ? ((await res.json()) as Catalog) : null;
    return catalog && typeof catalog.version === 'string' && isCatalogVersion(catalog.version) ? catalog : null;
  } catch {
    return null;
  }
}

/** Splits a streamed body into lines as they arrive. */
export async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n')) {
        yield buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
      }
    }
    if (buffer) yield buffer;
  } finally {
    // Stops the download when the reader gives up early.
    await reader.cancel().catch(() => undefined);
  }
}
