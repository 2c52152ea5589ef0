/// <reference lib="webworker" />
import { deviceNeeds, sameNeeds, type DeviceNeeds } from '../shared/device-needs.ts';
import { CATALOG_URL, CONTENT_CACHE, CONTENT_PREFIX } from '../shared/module.ts';
import type { PageToWorker, WorkerToPage } from '../shared/messages.ts';
import { BACKGROUND_SYNC_TAG } from '../shared/sync/status.ts';
import { openCurrentLearningDb } from '../device/learning-db.ts';
import { syncRunner } from '../device/sync-runner.ts';
import { phoneNeeds } from '../device/roster-store.ts';
import { syncContent } from './content-sync.ts';
import { shellPrecache, type ShellEntry } from './shell-precache.ts';

/** Background Sync's event; not yet in TypeScript's webworker library. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: ShellEntry[] };

// The app shell: precached at install, served from cache, updated only with a new build.
const shell = shellPrecache(self.__WB_MANIFEST);
self.addEventListener('install', (event) => event.waitUntil(install()));
// Pages open when this worker activates are taken over at once: a first visit's page too, so what it opens next comes from the device.
self.addEventListener('activate', (event) => event.waitUntil(Promise.all([shell.activate(), self.clients.claim()])));

/** Page addresses whose navigations are the server's, not the app's. */
const SERVER_PAGES = /^\/(content|api|console)(\/|$)/;

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Published content is catalog-driven: never precached, saved by syncContent (content-sync.ts).
  if (url.pathname.startsWith(CONTENT_PREFIX)) return event.respondWith(contentFromCacheOrNetwork(request));
  const cacheKey = shell.cacheKeyFor(url.href);
  if (cacheKey) return event.respondWith(shell.respond(request, cacheKey));
  // Every other page address is the app's: the saved shell routes it in the browser.
  if (request.mode === 'navigate' && !SERVER_PAGES.test(url.pathname)) {
    const page = new URL('/index.html', url).href;
    event.respondWith(shell.respond(new Request(page), shell.cacheKeyFor(page)!));
  }
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as PageToWorker;
  if (message?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (message?.type === 'SYNC_CONTENT') event.waitUntil(syncContentOnce(message.needs));
  // clientsClaim() at activation misses a page whose navigation was under way at that moment.
  if (message?.type === 'CLAIM') event.waitUntil(self.clients.claim());
});

// Queued learning records go out from here when the page is gone: the browser fires `sync` once it is online.
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag === BACKGROUND_SYNC_TAG) event.waitUntil(sendOutbox());
}) as EventListener);

async function sendOutbox(): Promise<void> {
  const db = await openCurrentLearningDb();
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

/** Where the last page's word on this device's needs is kept, beside the content (outside /content/, which content sync tidies). */
const NEEDS_KEY = '/device-needs';

/**
 * What this device needs: what a page last said, or, before any page has
 * (the first install), a linked phone's as its database says (the page that
 * opened the phone's link registered no worker, so this one starts after
 * the link), else a learner's own device in the browser's language. A
 * language the app has no strings for shows English, and each module in its
 * first language, which is what saving that language saves too.
 */
async function savedNeeds(): Promise<DeviceNeeds> {
  const saved = await (await caches.open(CONTENT_CACHE)).match(NEEDS_KEY);
  if (saved) return (await saved.json()) as DeviceNeeds;
  return (await linkedPhoneNeeds()) ?? deviceNeeds(self.navigator.language.toLowerCase().split('-')[0]!, false);
}

async function linkedPhoneNeeds(): Promise<DeviceNeeds | null> {
  try {
    const db = await openCurrentLearningDb();
    try {
      return await phoneNeeds(db);
    } finally {
      db.close();
    }
  } catch {
    return null; // no database yet: not a linked phone
  }
}

/** Settles once this worker's shell is saved: at once for a worker that was installed before it started. */
let shellSaved: Promise<void> = Promise.resolve();

/**
 * On a first visit the modules are what the worker came for: their download
 * starts now, ahead of the shell's, instead of after activation. Ahead,
 * because Chromium lets a new worker have only a few requests on the line
 * while the page is still loading its own; the shell's files are mostly in
 * the HTTP cache by the time they are asked for. The page's SYNC_CONTENT
 * joins that run and keeps the worker alive until it ends.
 */
async function install(): Promise<void> {
  const needs = await savedNeeds();
  if (!(await (await caches.open(CONTENT_CACHE)).match(CATALOG_URL))) {
    await new Promise<void>((asked) => void syncContentOnce(undefined, asked).finally(asked));
  }
  shellSaved = shell.install(needs);
  await shellSaved;
}

let running: Promise<void> | null = null;
/** Needs that changed while a run was under way: one more run follows it. */
let changed = false;

/**
 * One content sync at a time; its outcome is shown to the learner in words.
 * "Saved" waits for the shell too: it means the device now works offline.
 */
async function syncContentOnce(needs?: DeviceNeeds, requested?: () => void): Promise<void> {
  if (needs && !sameNeeds(needs, await savedNeeds())) {
    await (await caches.open(CONTENT_CACHE)).put(NEEDS_KEY, new Response(JSON.stringify(needs)));
    // The catalog saved so far names the needs it was saved for, so pages with these needs no longer count it.
    changed = running !== null;
  }
  running ??= (async () => {
    try {
      do {
        changed = false;
        const now = await savedNeeds();
        // syncContent saves the catalog only once the shell this device needs is saved too.
        const { modules } = await syncContent(broadcast, { needs: now, ready: () => shellSaved.then(() => shell.keep(now)), requested });
        if (!changed) await broadcast({ type: 'CONTENT_UPDATED', saved: modules.length, total: modules.length, needs: now });
      } while (changed);
    } catch (err) {
      // The app these needs call for is saved even when the modules cannot be: a kiosk set up from a file, by a
      // laptop with no modules, gets them from a modules file later (app/kiosk/content-file.tsx), and must work offline meanwhile.
      await shellSaved.then(async () => shell.keep(await savedNeeds())).catch(() => undefined);
      await broadcast({ type: 'CONTENT_FAILED', reason: err instanceof Error ? err.message : String(err) });
    }
  })().finally(() => { running = null; });
  return running;
}

async function broadcast(message: WorkerToPage): Promise<void> {
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  clients.forEach((c) => c.postMessage(message));
}
