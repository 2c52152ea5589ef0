import { CATALOG_URL, CONTENT_PREFIX, type Catalog, type CatalogEntry } from '../shared/module.ts';

export interface ContentPlan {
  /** URLs listed by the catalog that this device does not hold yet. */
  download: string[];
  /** Cached URLs that the catalog no longer lists. */
  remove: string[];
}

/**
 * Decides what the device must fetch and drop to keep `kept` (the catalog's
 * entries it needs, by default all). Module and media URLs are content-hashed,
 * so a republished module is a new URL: only that one file is downloaded,
 * and its old version is removed.
 */
export function planContent(catalog: Catalog, cached: readonly string[], kept: readonly CatalogEntry[] = catalog.modules): ContentPlan {
  const wanted = new Set<string>();
  for (const m of kept) {
    wanted.add(m.url);
    for (const media of m.media) wanted.add(media);
  }
  const have = new Set(cached);
  return {
    download: [...wanted].filter((u) => !have.has(u)),
    remove: cached.filter((u) => u !== CATALOG_URL && u.startsWith(CONTENT_PREFIX) && !wanted.has(u)),
  };
}
