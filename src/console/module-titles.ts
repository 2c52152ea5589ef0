import { useEffect, useState } from 'preact/hooks';
import { CATALOG_URL, type CatalogEntry } from '../shared/module.ts';

type Titled = Pick<CatalogEntry, 'id' | 'lang' | 'title'>;

/** Each module's title in the console's language where it has one, else in its first: names, not ids. */
export function moduleTitles(modules: readonly Titled[], lang = document.documentElement.lang): Map<string, string> {
  const titles = new Map<string, string>();
  for (const m of modules) if (!titles.has(m.id) || m.lang === lang) titles.set(m.id, m.title);
  return titles;
}

/**
 * The published modules' titles, from the catalog every kiosk reads: a page
 * that only reports (a viewer may not read content) still names modules by
 * title. A module no longer published keeps its id.
 */
export function usePublishedTitles(): Map<string, string> {
  const [catalog, setCatalog] = useState<readonly Titled[]>([]);
  useEffect(() => {
    let live = true;
    fetch(CATALOG_URL).then((r) => (r.ok ? r.json() : { modules: [] })).then((c: { modules: Titled[] }) => live && setCatalog(c.modules), () => undefined);
    return () => { live = false; };
  }, []);
  return moduleTitles(catalog);
}
