/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import type { PrecacheEntry } from 'workbox-precaching';
import { CATALOG_URL, CONTENT_CACHE, CONTENT_PREFIX } from '../shared/module.ts';
import type { PageToWorker, WorkerToPage } from '../shared/messages.ts';
import { BACKGROUND_SYNC_TAG } from '../shared/sync/status.ts';
import { openLearningDb } from '../device/learning-db.ts';
import { syncRunner } from '../device/sync-runner.ts';
import { syncContent } from './content-sync.ts';
import { shellPrecache } from './shell-precache.ts';

/** Background Sync's event; not yet in TypeScript's webworker library. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

// The app shell: precached at install, served from cache, updated only with a new build.
const shell = shellPrecache(self.__WB_MANIFEST);
self.addEventListener('install', (event) => event.waitUntil(install(event)));
self.addEventListener('activate', (event) => event.waitUntil(shell.activate(event)));
registerRoute(shell.route);
cleanupOutdatedCaches();
clientsClaim();
registerRoute(new NavigationRoute(shell.handlerFor('/index.html'), { denylist: [/^\/content\//, /^\/api\//, /^\/console(\/|$)/] }));

// Published content is catalog-driven: never precached, saved by syncContent (content-sync.ts).
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith(CONTENT_PREFIX), ({ request }) => contentFromCacheOrNetwork(request));

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as PageToWorker;
  if (message?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (message?.type === 'SYNC_CONTENT') event.waitUntil(syncContentOnce());
  // clientsClaim() at activation misses a page whose navigation was under way at that moment.
  if (message?.type === 'CLAIM') event.waitUntil(self.clients.claim());
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

/** Module and media URLs are content-hashed, so a cached copy is always the right one. */
async function contentFromCacheOrNetwork(request: Request): Promise<Response> {
  const cache = await caches.open(CONTENT_CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  return cached ?? fetch(request);
}

/** Settles once this worker's shell is saved: at once for a worker that was installed before it started. */
let shellSaved: Promise<void> = Promise.resolve();

/**
 * On a first visit the modules are what the worker came for: their download
 * starts now, beside the shell's, instead of after activation. The page's
 * SYNC_CONTENT joins that run and keeps the worker alive until it ends.
 */
async function install(event: ExtendableEvent): Promise<void> {
  shellSaved = shell.install(event);
  if (!(await (await caches.open(CONTENT_CACHE)).match(CATALOG_URL))) void syncContentOnce();
  await shellSaved;
}

let running: Promise<void> | null = null;

/**
 * One content sync at a time; its outcome is shown to the learner in words.
 * "Saved" waits for the shell too: it means the device now works offline.
 */
function syncContentOnce(): Promise<void> {
  running ??= (async () => {
    try {
      const { modules } = await syncContent(broadcast, shellSaved);
      await shellSaved;
      await broadcast({ type: 'CONTENT_UPDATED', saved: modules.length, total: modules.length });
    } catch (err) {
      await broadcast({ type: 'CONTENT_FAILED', reason: err instanceof Error ? err.message : String(err) });
    }
  })().finally(() => { running = null; });
  return running;
}

async function broadcast(message: WorkerToPage): Promise<void> {
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  clients.forEach((c) => c.postMessage(message));
}
