/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import type { PrecacheEntry } from 'workbox-precaching';
import { CATALOG_URL, CONTENT_CACHE, CONTENT_PREFIX, type Catalog } from '../shared/module.ts';
import type { PageToWorker, WorkerToPage } from '../shared/messages.ts';
import { BACKGROUND_SYNC_TAG } from '../shared/sync/status.ts';
import { openLearningDb } from '../device/learning-db.ts';
import { syncRunner } from '../device/sync-runner.ts';
import { planContent } from './content-plan.ts';

/** Background Sync's event; not yet in TypeScript's webworker library. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

/** How long a catalog request may wait for the network before the saved copy answers. */
const CATALOG_TIMEOUT_MS = 4000;
/** Module downloads in flight at once: enough to hide the link's latency, few enough to share it. */
const PARALLEL_DOWNLOADS = 3;

// The app shell: precached at install, served from cache, updated only with a new build.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
clientsClaim();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/content\//, /^\/api\//] }));

// Published content is catalog-driven: never precached, saved by syncContent() below.
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname === CATALOG_URL, ({ request }) => catalogFromNetworkOrCache(request));
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith(CONTENT_PREFIX), ({ request }) => contentFromCacheOrNetwork(request));

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as PageToWorker;
  if (message?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (message?.type === 'SYNC_CONTENT') event.waitUntil(syncContent());
});

// Queued learning records go out from here when the page is gone: the browser fires `sync` once it is online.
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag === BACKGROUND_SYNC_TAG) event.waitUntil(sendOutbox());
}) as EventListener);

async function sendOutbox(): Promise<void> {
  const db = await openLearningDb();
  try {
    const outcome = await syncRunner(db)();
    // Rejecting asks the browser to fire `sync` again later, with its own backoff.
    if (!outcome.ok && outcome.error.retryable) throw outcome.error;
  } finally {
    db.close();
  }
}

async function catalogFromNetworkOrCache(request: Request): Promise<Response> {
  const cache = await caches.open(CONTENT_CACHE);
  const network = fetch(request).then((res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res;
  });
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, CATALOG_TIMEOUT_MS));
  const first = await Promise.race([network, timeout]).catch(() => undefined);
  if (first) return first;
  const cached = await cache.match(CATALOG_URL);
  return cached ?? network;
}

/** Module and media URLs are content-hashed, so a cached copy is always the right one. */
async function contentFromCacheOrNetwork(request: Request): Promise<Response> {
  const cache = await caches.open(CONTENT_CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  return cached ?? fetch(request);
}

let running: Promise<void> | null = null;

/** Brings the device's saved modules in line with the server's catalog. One run at a time. */
function syncContent(): Promise<void> {
  running ??= downloadCatalogContent().catch(async (err: unknown) => {
    await broadcast({ type: 'CONTENT_FAILED', reason: err instanceof Error ? err.message : String(err) });
  }).finally(() => { running = null; });
  return running;
}

async function downloadCatalogContent(): Promise<void> {
  const response = await fetch(CATALOG_URL, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`catalog: HTTP ${response.status}`);
  const catalog = (await response.clone().json()) as Catalog;
  const cache = await caches.open(CONTENT_CACHE);
  const cached = (await cache.keys()).map((r) => new URL(r.url).pathname);
  const plan = planContent(catalog, cached);
  const total = catalog.modules.length;
  const savedModules = () => total - catalog.modules.filter((m) => plan.download.includes(m.url)).length;

  let saved = savedModules();
  const queue = [...plan.download];
  const failures: string[] = [];
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      try {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        await cache.put(url, res);
        if (catalog.modules.some((m) => m.url === url)) await broadcast({ type: 'CONTENT_PROGRESS', saved: ++saved, total });
      } catch (err) {
        failures.push(`${url}: ${(err as Error).message}`);
      }
    }
  }));
  // The catalog is saved last, and only once everything it lists is on the device.
  if (failures.length) throw new Error(`${failures.length} download(s) failed`);
  await Promise.all(plan.remove.map((url) => cache.delete(url)));
  await cache.put(CATALOG_URL, response);
  await broadcast({ type: 'CONTENT_UPDATED', saved, total, downloaded: plan.download.length, removed: plan.remove.length });
}

async function broadcast(message: WorkerToPage): Promise<void> {
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  clients.forEach((c) => c.postMessage(message));
}
