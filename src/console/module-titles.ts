import { useEffect, useState } from 'preact/hooks';
import { CATALOG_URL, type CatalogEntry } from '../shared/module.ts';

type Titled = Pick<CatalogEntry, 'id' | 'lang' | 'title'>;

/** Each module's title in the console's language where it has one, else in its first: names, not ids. */
export function moduleTitles(modules: readonly Titled[], lang = document.documentElement.lang): Map<string, string> {
  const titles = new Map<string, string>();
  for (const m of modules) if (!titles.has(m.id) || m.lang === lang) titles.set(m.id, m.title);
  return titles;
}

/** The catalog every kiosk reads: what is published, for pages that may not read content (a viewer's, a site admin's). */
export function usePublishedCatalog(): readonly CatalogEntry[] {
  const [catalog, setCatalog] = useState<readonly CatalogEntry[]>([]);
  useEffect(() => {
    let live = true;
    fetch(CATALOG_URL).then((r) => (r.ok ? r.json() : { modules: [] })).then((c: { modules: CatalogEntry[] }) => live && setCatalog(c.modules), () => undefined);
    return () => { live = false; };
  }, []);
  return catalog;
}

/**
 * The published modules' titles: a page that only reports still names
 * modules by title. A module no longer published keeps its id.
 */
export function usePublishedTitles(): Map<string, string> {
  return moduleTitles(usePublishedCatalog());
}
