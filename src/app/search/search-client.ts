import { wrap, type Remote } from 'comlink';
import type { SearchApi, SearchHit } from '../../shared/search.ts';
import type { Learning } from '../learning.ts';

/**
 * Search as a file of its own, with comlink: a device that keeps the whole
 * library downloads and saves it; a worker's linked phone, which keeps only
 * its learner's few modules, neither (build/build.ts marks its files
 * "library"). What it needs from the bundle every device has comes in as an
 * argument: imported here, it would be split into chunks of its own.
 */
type Lazy = Pick<typeof import('../after-first-render.ts'), 'startSearchWorker' | 'noteSearchMiss'>;

let api: Remote<SearchApi> | null = null;
let indexedFor: string | null = null;

/**
 * Searches the saved modules, indexing them again first when the saved content
 * changed. A search that finds nothing is noted for L&D (it shows what
 * content is missing), as a learning event of whoever is signed in. The
 * worker starts on first use, so it costs nothing until someone searches.
 */
export async function search(lazy: Lazy, contentVersion: string, query: string, lang: string, learning: Learning | null): Promise<SearchHit[]> {
  api ??= wrap<SearchApi>(lazy.startSearchWorker());
  if (indexedFor !== contentVersion) {
    await api.refresh();
    indexedFor = contentVersion;
  }
  const hits = await api.search(query, lang);
  if (!hits.length && learning) await lazy.noteSearchMiss(learning.db, learning.learnerId, query);
  return hits;
}
