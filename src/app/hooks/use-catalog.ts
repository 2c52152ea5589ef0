import { useCallback, useEffect, useState } from 'preact/hooks';
import { sameNeeds, type DeviceNeeds } from '../../shared/device-needs.ts';
import type { Catalog } from '../../shared/module.ts';
import { loadCatalog, savedModuleUrls } from '../services/content.ts';

export interface CatalogState {
  catalog: Catalog | null;
  /** The catalog could be read neither from the network nor from this device. */
  failed: boolean;
  /** Reads the catalog again; `justSaved` after the service worker stored a new one. */
  refresh(justSaved?: boolean): Promise<void>;
}

/** The catalog, read once after the first render and again whenever `refresh` is called. */
export function useCatalog(): CatalogState {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [failed, setFailed] = useState(false);
  const refresh = useCallback(async (justSaved?: boolean) => {
    try {
      setCatalog(await loadCatalog(justSaved));
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => { void refresh(); }, []);
  return { catalog, failed, refresh };
}

/**
 * Module URLs of `catalog` saved on this device for its needs (what the page
 * told the service worker): null until both are known, read again whenever
 * either changes (a refreshed catalog is a new object).
 */
export function useSavedModules(catalog: Catalog | null, needs: DeviceNeeds | null): Set<string> | null {
  const [saved, setSaved] = useState<{ catalog: Catalog; needs: DeviceNeeds; urls: Set<string> } | null>(null);
  useEffect(() => {
    if (catalog && needs) void savedModuleUrls(catalog, needs).then((urls) => setSaved({ catalog, needs, urls }));
  }, [catalog, needs]);
  // What was read for another catalog version or other needs is not shown as this one's; the same ones
  // read again (a new object, the same content) keep what was read until the new reading arrives.
  return saved && catalog && needs && saved.catalog.version === catalog.version && sameNeeds(saved.needs, needs) ? saved.urls : null;
}
