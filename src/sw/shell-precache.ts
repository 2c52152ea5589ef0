import { contentHash } from '../shared/catalog-update.ts';
import { groupNeeded, type DeviceNeeds } from '../shared/device-needs.ts';
import { inParallel } from './in-parallel.ts';

declare const self: ServiceWorkerGlobalScope;

/** Shell entries fetched at once: enough to hide the line's latency, few enough to share it. */
const PARALLEL = 4;

/**
 * A precache entry as build/build.ts writes it (through workbox-build's
 * injectManifest): `revision` for a file whose name does not change with its
 * content (index.html: its contentHash), `group` for which devices
 * keep it (groupNeeded).
 */
export interface ShellEntry {
  url: string;
  revision?: string | null;
  group?: string;
}

/**
 * Workbox's names, so a worker of an earlier build (which used
 * workbox-precaching) hands over a cache this one reads as its own.
 */
const cacheName = () => `workbox-precache-v2-${self.registration.scope}`;
const REVISION_PARAM = '__WB_REVISION__';

/**
 * The app shell's precache: what workbox-precaching did for us, without its
 * weight (the worker, on every device's first visit at 8 KB/s, went from
 * 9.4 to 6.3 KiB brotli when this replaced it). An entry is
 * saved under a key that names its revision, so a saved key is final; the
 * install fetches several entries at once (Workbox fetched one after another,
 * GoogleChrome/workbox#2880, which on a 500 ms line took eight seconds), and
 * a device keeps only the entries its needs call for: kiosk screens on
 * kiosks, a language's strings where someone reads it. An entry a device
 * does not keep is still served, from the network, and never deleted as
 * outdated.
 */
export function shellPrecache(entries: ShellEntry[]) {
  const absolute = (url: string) => new URL(url, self.location.href).href;
  const keyOf = (e: ShellEntry) => {
    const key = new URL(e.url, self.location.href);
    if (e.revision) key.searchParams.set(REVISION_PARAM, e.revision);
    return key.href;
  };
  const list = entries.map((e) => ({ url: absolute(e.url), key: keyOf(e), group: e.group, revision: e.revision ?? null }));
  const keys = new Map(list.map((e) => [e.url, e.key]));
  const shellPage = absolute('/index.html');
  /**
   * What `needs` calls for, revalidations first: each is a round trip for a
   * few bytes (a 304), which the downloads behind it hide; last, one would be
   * a round trip of its own after the line has gone quiet.
   */
  const kept = (needs: DeviceNeeds) => {
    const wanted = list.filter((e) => groupNeeded(e.group, needs));
    return [...wanted.filter((e) => e.revision), ...wanted.filter((e) => !e.revision)];
  };

  /**
   * A revisioned entry as the HTTP cache holds it (the shell the page has
   * just loaded, as "/"), if that copy is this revision: no request at all.
   * Otherwise the server is asked ('no-cache'), so a stale copy is never saved.
   */
  const fetchRevision = async (url: string, revision: string) => {
    const cached = await fetch(url, { cache: 'force-cache', credentials: 'same-origin' }).catch(() => null);
    if (cached?.ok && (await contentHash(new Uint8Array(await cached.clone().arrayBuffer()))) === revision) return cached;
    return fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  };

  /** Saves every entry `needs` calls for that is not saved yet. */
  const save = async (needs: DeviceNeeds) => {
    const cache = await caches.open(cacheName());
    await inParallel(kept(needs), PARALLEL, async ({ url, key, revision }) => {
      if (await cache.match(key)) return;
      // Hashed names may come from the HTTP cache as they are: a name is one content.
      const response = revision ? await fetchRevision(url === shellPage ? absolute('/') : url, revision) : await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(key, response);
    });
  };

  return {
    /** The cache key of a URL in the shell, or undefined: for the fetch handler. */
    cacheKeyFor: (url: string) => keys.get(url),
    /** Answers with the entry saved under `cacheKey`; from the network for an entry this device does not keep. */
    async respond(request: Request, cacheKey: string): Promise<Response> {
      return (await (await caches.open(cacheName())).match(cacheKey)) ?? fetch(request);
    },
    /** For the install event: what this build needs on this device. */
    install: save,
    /** After the device's needs changed: saves what they now call for and drops what they no longer do. */
    async keep(needs: DeviceNeeds): Promise<void> {
      await save(needs);
      const wanted = new Set(kept(needs).map((e) => e.key));
      const cache = await caches.open(cacheName());
      await Promise.all(list.filter((e) => !wanted.has(e.key)).map((e) => cache.delete(e.key)));
    },
    /** For the activate event: drops entries of earlier builds. */
    async activate(): Promise<void> {
      const cache = await caches.open(cacheName());
      const current = new Set(keys.values());
      await Promise.all((await cache.keys()).filter((r) => !current.has(r.url)).map((r) => cache.delete(r)));
    },
  };
}
