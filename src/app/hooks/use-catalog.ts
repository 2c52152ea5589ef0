import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Catalog } from '../../shared/module.ts';
import { loadCatalog, savedModuleUrls } from '../services/content.ts';

export interface CatalogState {
  catalog: Catalog | null;
  /** The catalog could be read neither from the network nor from this device. */
  failed: boolean;
  /** Module URLs saved on this device. */
  saved: Set<string>;
  /** Reads the catalog again; `justSaved` after the service worker stored a new one. */
  refresh(justSaved?: boolean): Promise<void>;
}

/** The catalog, read once after the first render and again whenever `refresh` is called. */
export function useCatalog(): CatalogState {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [failed, setFailed] = useState(false);
  const [saved, setSaved] = useState<Set<string>>(new Set());
  const refresh = useCallback(async (justSaved?: boolean) => {
    try {
      const next = await loadCatalog(justSaved);
      setCatalog(next);
      setSaved(await savedModuleUrls(next));
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => { void refresh(); }, []);
  return { catalog, failed, saved, refresh };
}
