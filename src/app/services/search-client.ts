import { wrap, type Remote } from 'comlink';
import type { SearchApi, SearchHit } from '../../shared/search.ts';
import { noteSearchMiss } from '../../device/learning-events.ts';
import type { Learning } from '../learning.ts';
import { scriptUrl } from './script-url.ts';

declare const __SEARCH_WORKER_URL__: string;

let api: Remote<SearchApi> | null = null;
let indexedFor: string | null = null;

/** The search worker, started on first use so it costs nothing until someone searches. */
function searchWorker(): Remote<SearchApi> {
  api ??= wrap<SearchApi>(new Worker(scriptUrl(__SEARCH_WORKER_URL__), { name: 'search' }));
  return api;
}

/**
 * Searches the saved modules, indexing them again first when the saved content
 * changed. A search that finds nothing is noted for L&D (it shows what
 * content is missing), as a learning event of whoever is signed in.
 */
export async function search(contentVersion: string, query: string, lang: string, learning: Learning | null): Promise<SearchHit[]> {
  const worker = searchWorker();
  if (indexedFor !== contentVersion) {
    await worker.refresh();
    indexedFor = contentVersion;
  }
  const hits = await worker.search(query, lang);
  if (!hits.length && learning) await noteSearchMiss(learning.db, learning.learnerId, query);
  return hits;
}
