import { PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { inParallel } from './in-parallel.ts';

/** Shell entries fetched at once: enough to hide the line's latency, few enough to share it. */
const PARALLEL = 4;

/**
 * The app shell's precache. Workbox's controller keeps the cache keys,
 * revisions, routing and clean-up; the install is ours, because Workbox
 * fetches one entry after another (GoogleChrome/workbox#2880), which on a
 * 500 ms line took eight seconds of a first visit. Here several go at once.
 */
export function shellPrecache(entries: (string | PrecacheEntry)[]) {
  const controller = new PrecacheController();
  controller.addToCacheList(entries);
  // Revisioned entries (index.html, the manifest, the icon) are revalidated with the server; hashed ones may come from the HTTP cache.
  const revisioned = new Set(entries.flatMap((e) => (typeof e !== 'string' && e.revision ? [new URL(e.url, self.location.href).href] : [])));
  const shellPage = new URL('/index.html', self.location.href).href;

  return {
    route: new PrecacheRoute(controller),
    handlerFor: (url: string) => controller.createHandlerBoundToURL(url),
    /** For the install event. */
    async install(event: ExtendableEvent): Promise<void> {
      const cache = await caches.open(controller.strategy.cacheName);
      await inParallel([...controller.getURLsToCacheKeys()], PARALLEL, async ([url, cacheKey]) => {
        // A cache key names one revision of one URL, so an entry an earlier build saved is final.
        if (await cache.match(cacheKey)) return;
        // 'no-cache' asks the server every time, so a stale copy is never saved, but a copy the page
        // has just loaded costs a 304 instead of a second download. The page loaded the shell as "/".
        const from = url === shellPage ? new URL('/', url).href : url;
        const request = new Request(from, { integrity: controller.getIntegrityForCacheKey(cacheKey), cache: revisioned.has(url) ? 'no-cache' : 'default', credentials: 'same-origin' });
        await Promise.all(controller.strategy.handleAll({ event, request, params: { cacheKey } }));
      });
    },
    /** For the activate event: drops entries of earlier builds. */
    activate: (event: ExtendableEvent) => controller.activate(event),
  };
}
