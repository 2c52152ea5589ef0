import { expose } from 'comlink';
import { CATALOG_URL, CONTENT_CACHE, moduleKey, variantsFor, type Catalog, type TrainingModule } from '../shared/module.ts';
import type { SearchApi } from '../shared/search.ts';
import { SearchIndex } from './search-index.ts';
import { structureProblem } from '../shared/module-limits.ts';

const index = new SearchIndex();
let catalog: Catalog = { format: 1, version: '', modules: [] };

/** Full-text search over the modules saved on this device, off the main thread, with no network. */
const api: SearchApi = {
  async refresh() {
    const cache = await caches.open(CONTENT_CACHE);
    const response = (await cache.match(CATALOG_URL)) ?? (await fetch(CATALOG_URL));
    catalog = (await response.json()) as Catalog;
    index.clear();
    let indexed = 0;
    for (const entry of catalog.modules) {
      const saved = await cache.match(entry.url);
      if (!saved) continue;
      // A damaged or oversized module is left out of search; every other module is still found.
      try {
        const module = (await saved.json()) as TrainingModule;
        if (structureProblem(module.sections)) continue;
        index.addModule(module);
        indexed++;
      } catch {
        continue;
      }
    }
    return indexed;
  },
  async search(query, lang, limit = 8) {
    const shown = new Set(variantsFor(catalog, lang).map(moduleKey));
    return index.search(query, limit, (hit) => shown.has(moduleKey(hit)));
  },
};

expose(api);
