import { PrecacheController, type PrecacheEntry } from 'workbox-precaching';
import { groupNeeded, type DeviceNeeds } from '../shared/device-needs.ts';
import { inParallel } from './in-parallel.ts';

/** Shell entries fetched at once: enough to hide the line's latency, few enough to share it. */
const PARALLEL = 4;

/** A precache entry as build/build.ts writes it: `group` says which devices keep it (groupNeeded). */
export type ShellEntry = PrecacheEntry & { group?: string };

/**
 * The app shell's precache. Workbox's controller keeps the cache keys,
 * revisions and clean-up; the install is ours, because Workbox fetches one
 * entry after another (GoogleChrome/workbox#2880), which on a 500 ms line
 * took eight seconds of a first visit, and because a device keeps only the
 * entries its needs call for: kiosk screens on kiosks, a language's strings
 * where someone reads it. Every entry is in the controller's list, so one a
 * device does not keep is still served (from the network) and never deleted
 * as outdated.
 */
export function shellPrecache(entries: ShellEntry[]) {
  const controller = new PrecacheController();
  controller.addToCacheList(entries);
  const absolute = (url: string) => new URL(url, self.location.href).href;
  const groups = new Map(entries.map((e) => [absolute(e.url), e.group]));
  // Revisioned entries (index.html, the manifest, the icon) are revalidated with the server; hashed ones may come from the HTTP cache.
  const revisioned = new Set(entries.flatMap((e) => (e.revision ? [absolute(e.url)] : [])));
  const shellPage = absolute('/index.html');
  const kept = (needs: DeviceNeeds) => [...controller.getURLsToCacheKeys()].filter(([url]) => groupNeeded(groups.get(url), needs));
  const open = () => caches.open(controller.strategy.cacheName);

  /** Saves every entry `needs` calls for that is not saved yet; an install saves through Workbox's strategy. */
  const save = async (needs: DeviceNeeds, event?: ExtendableEvent) => {
    const cache = await open();
    await inParallel(kept(needs), PARALLEL, async ([url, cacheKey]) => {
      // A cache key names one revision of one URL, so an entry an earlier build saved is final.
      if (await cache.match(cacheKey)) return;
      // 'no-cache' asks the server every time, so a stale copy is never saved, but a copy the page
      // has just loaded costs a 304 instead of a second download. The page loaded the shell as "/".
      const request = new Request(url === shellPage ? absolute('/') : url, {
        integrity: controller.getIntegrityForCacheKey(cacheKey), cache: revisioned.has(url) ? 'no-cache' : 'default', credentials: 'same-origin',
      });
      if (event) return void (await Promise.all(controller.strategy.handleAll({ event, request, params: { cacheKey } })));
      const response = await fetch(request);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(cacheKey, response);
    });
  };

  return {
    /** The cache key of a URL in the shell, or undefined: for the fetch handler. */
    cacheKeyFor: (url: string) => controller.getCacheKeyForURL(url),
    /** Answers `request` with the entry saved under `cacheKey`; from the network for an entry this device does not keep. */
    respond: (event: FetchEvent, request: Request, cacheKey: string) => controller.strategy.handle({ event, request, params: { cacheKey } }),
    /** For the install event: what this build needs on this device. */
    install: (event: ExtendableEvent, needs: DeviceNeeds) => save(needs, event),
    /** After the device's needs changed: saves what they now call for and drops what they no longer do. */
    async keep(needs: DeviceNeeds): Promise<void> {
      await save(needs);
      const cache = await open();
      const wanted = new Set(kept(needs).map(([, key]) => key));
      await Promise.all([...controller.getURLsToCacheKeys().values()].filter((key) => !wanted.has(key)).map((key) => cache.delete(key)));
    },
    /** For the activate event: drops entries of earlier builds. */
    activate: (event: ExtendableEvent) => controller.activate(event),
  };
}
