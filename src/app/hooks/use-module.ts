import { useEffect, useState } from 'preact/hooks';
import type { CatalogEntry, TrainingModule } from '../../shared/module.ts';

export type ModuleState =
  | { kind: 'loading' }
  | { kind: 'ready'; module: TrainingModule; entry: CatalogEntry }
  | { kind: 'unavailable' };

export type ModuleLoader = (entry: CatalogEntry) => Promise<TrainingModule>;

/**
 * Loads one module version; the caller decides when to move to a newer one.
 * The loader comes from the app (services/content.ts): importing it here would
 * split the catalog code into a chunk of its own, one more first-render request.
 */
export function useModule(entry: CatalogEntry | undefined, loadModule: ModuleLoader): ModuleState {
  const [state, setState] = useState<ModuleState>({ kind: 'loading' });
  useEffect(() => {
    if (!entry) return;
    let live = true;
    loadModule(entry)
      .then((module) => live && setState({ kind: 'ready', module, entry }))
      .catch(() => live && setState({ kind: 'unavailable' }));
    return () => { live = false; };
  }, [entry?.url]);
  return state;
}

/**
 * Remembers the catalog entry a screen opened, so a republished module does not
 * swap text under the learner's eyes. `latest` is set when a newer version exists.
 */
export function usePinnedEntry(current: CatalogEntry | undefined): { pinned: CatalogEntry | undefined; latest: CatalogEntry | undefined; switchToLatest(): void } {
  const [pinned, setPinned] = useState(current);
  useEffect(() => {
    if (!pinned || pinned.id !== current?.id || pinned.lang !== current.lang) setPinned(current);
  }, [current?.id, current?.lang, current?.url]);
  const latest = pinned && current && current.url !== pinned.url ? current : undefined;
  return { pinned, latest, switchToLatest: () => setPinned(current) };
}
