import { wantedModules } from './device-needs.ts';
import { moduleKey, type Catalog, type CatalogEntry } from './module.ts';

/**
 * Where a device asks what changed since the catalog it holds
 * (`?since=<version>`), and gets it in one response: on a 64 kbit/s line every
 * response's headers cost a noticeable share of a republished module. With
 * `&langs=en,nl` only the modules a device reading those languages keeps
 * travel inline (src/shared/device-needs.ts); the catalog is always whole.
 *
 * A device that knows a catalog but holds none of its module files (a first
 * visit, whose page has just loaded the catalog) asks `?known=<version>`
 * instead: the catalog comes as changes since that one, which is usually
 * none, and every module it keeps comes inline.
 *
 * The response is lines of JSON. The first is a CatalogUpdate; each of the
 * next `inline` lines is the module file of `inlineEntries(...)[i]`, byte for byte.
 */
export const CONTENT_UPDATE_URL = '/content/update';

/**
 * Module files travel inline up to this many brotli bytes (about 2 s on the
 * line); the rest are fetched one file at a time. A dropped connection repeats
 * at most this much, and a first visit keeps its per-file progress.
 */
export const INLINE_BROTLI_BYTES = 16 * 1024;

export interface CatalogUpdate {
  /** The catalog version this update leads to. */
  version: string;
  /** The version it starts from; null means `modules` is the whole catalog. */
  since: string | null;
  /** Entries that are new or changed since `since`. */
  modules: CatalogEntry[];
  /** Keys (moduleKey) of entries that are gone. */
  removed: string[];
  /** Every key in catalog order, only when applying the rest would not give that order. */
  order?: string[];
  /** How many of the carried entries (see carried), from the first, have their file on the following lines. */
  inline: number;
}

/** Earlier catalogs the publisher keeps, so a device holding one gets a small update. */
export const CATALOG_HISTORY = 20;
/** Where, under the content directory, the catalog of a version is kept. */
export const historyFile = (version: string): string => `catalogs/${version}.json`;

export const isCatalogVersion = (v: string): boolean => /^[0-9a-f]{12}$/.test(v);

/**
 * First 12 hex digits of SHA-256: a module's content hash. The publisher names
 * module files with it and the service worker checks arriving modules against
 * it; WebCrypto, so both run this one function.
 */
export async function contentHash(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A catalog's version names its entries, in order: equal versions, equal catalogs. */
export function catalogVersion(modules: readonly CatalogEntry[]): Promise<string> {
  return contentHash(JSON.stringify(modules));
}

/**
 * The changed entries whose files an update may carry inline, in order: all
 * of them, or (langs given) only those a device reading `langs` keeps in `next`.
 */
export function carried(modules: readonly CatalogEntry[], next: Catalog, langs: readonly string[] | null, only: readonly string[] | null = null): CatalogEntry[] {
  if (!langs) return [...modules];
  const wanted = new Set(wantedModules(next, langs, only).map(moduleKey));
  return modules.filter((m) => wanted.has(moduleKey(m)));
}

/**
 * The entries whose files follow an update's first line, in order: of the
 * changed entries, or (`holdsFiles` false: the device holds none of the
 * base's files) of all entries, those the device keeps, up to `inline`.
 */
export function inlineEntries(update: CatalogUpdate, next: Catalog, langs: readonly string[] | null, holdsFiles = true, only: readonly string[] | null = null): CatalogEntry[] {
  return carried(holdsFiles ? update.modules : next.modules, next, langs, only).slice(0, update.inline);
}

/** What turns `base` into `next`; the whole of `next` when there is no base. `holdsFiles` as for inlineEntries. */
export function diffCatalogs(base: Catalog | null, next: Catalog, langs: readonly string[] | null = null, holdsFiles = true, only: readonly string[] | null = null): CatalogUpdate {
  const inline = (modules: readonly CatalogEntry[]) => inlineCount(carried(holdsFiles ? modules : next.modules, next, langs, only));
  if (!base) return { version: next.version, since: null, modules: next.modules, removed: [], inline: inline(next.modules) };
  const before = new Map(base.modules.map((m) => [moduleKey(m), JSON.stringify(m)]));
  const modules = next.modules.filter((m) => before.get(moduleKey(m)) !== JSON.stringify(m));
  const kept = new Set(next.modules.map(moduleKey));
  const removed = base.modules.map(moduleKey).filter((key) => !kept.has(key));
  const update: CatalogUpdate = { version: next.version, since: base.version, modules, removed, inline: inline(modules) };
  const order = next.modules.map(moduleKey);
  if (applyCatalogUpdate(base, update)!.modules.map(moduleKey).join() !== order.join()) update.order = order;
  return update;
}

function inlineCount(modules: readonly CatalogEntry[]): number {
  let bytes = 0;
  const fits = modules.findIndex((m) => (bytes += m.br) > INLINE_BROTLI_BYTES);
  return fits === -1 ? modules.length : fits;
}

/**
 * The catalog an update leads to, or null when it does not start from `base`.
 * Changed entries keep their place and new ones go last, unless the update
 * gives the order. Check the result against its version with catalogVersion.
 */
export function applyCatalogUpdate(base: Catalog | null, update: CatalogUpdate): Catalog | null {
  if (update.since === null) return { format: 1, version: update.version, modules: update.modules };
  if (base?.version !== update.since) return null;
  const changed = new Map(update.modules.map((m) => [moduleKey(m), m]));
  const removed = new Set(update.removed);
  const modules = base.modules.filter((m) => !removed.has(moduleKey(m))).map((m) => {
    const key = moduleKey(m);
    const next = changed.get(key) ?? m;
    changed.delete(key);
    return next;
  });
  modules.push(...changed.values());
  if (update.order) {
    const rank = new Map(update.order.map((key, i) => [key, i]));
    modules.sort((a, b) => (rank.get(moduleKey(a)) ?? Infinity) - (rank.get(moduleKey(b)) ?? Infinity));
  }
  return { format: 1, version: update.version, modules };
}
