import { needsTag, SAVED_FOR_HEADER, type DeviceNeeds } from '../../shared/device-needs.ts';
import { CATALOG_URL, CONTENT_CACHE, type Catalog } from '../../shared/module.ts';

/**
 * Once a service worker controls the page, the catalog the device has saved
 * is the one to show: it is there at once, online or not, and the worker's
 * sync is the one request that checks the server for a newer one. Before
 * that (the first visit), it comes from the network, unless the worker has
 * just said it saved one (`preferSaved`).
 */
export async function loadCatalog(preferSaved = Boolean(navigator.serviceWorker?.controller)): Promise<Catalog> {
  const saved = preferSaved ? await cachedResponse(CATALOG_URL) : undefined;
  if (saved) return (await saved.json()) as Catalog;
  try {
    const res = await fetch(CATALOG_URL);
    if (res.ok) return (await res.json()) as Catalog;
  } catch {
    // Offline without a service worker: fall through to the cache.
  }
  const cached = await cachedResponse(CATALOG_URL);
  if (!cached) throw new Error('catalog unavailable');
  return (await cached.json()) as Catalog;
}

/**
 * URLs of the catalog's modules that are saved on this device for `needs`.
 * None until the service worker has saved a catalog for these needs: it does
 * so last, once the app and every module they call for are saved, so a
 * module saved before then, or for the device's earlier needs (before a
 * kiosk enrolled, before a language joined), does not mean it works offline.
 */
export async function savedModuleUrls(catalog: Catalog, needs: DeviceNeeds): Promise<Set<string>> {
  if (!('caches' in self)) return new Set();
  const cache = await caches.open(CONTENT_CACHE);
  if ((await cache.match(CATALOG_URL))?.headers.get(SAVED_FOR_HEADER) !== needsTag(needs)) return new Set();
  const saved = await Promise.all(catalog.modules.map(async (m) => ((await cache.match(m.url)) ? m.url : null)));
  return new Set(saved.filter((u): u is string => u !== null));
}

async function cachedResponse(url: string): Promise<Response | undefined> {
  if (!('caches' in self)) return undefined;
  return (await caches.open(CONTENT_CACHE)).match(url);
}
