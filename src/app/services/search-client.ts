import { wrap, type Remote } from 'comlink';
import type { SearchApi } from '../../shared/search.ts';

declare const __SEARCH_WORKER_URL__: string;

let api: Remote<SearchApi> | null = null;

/**
 * The search worker, started on first use so it costs nothing until someone searches.
 * `scriptUrl` comes from the app (services/script-url.ts): imported here, it would become a chunk of its own.
 */
export function searchWorker(scriptUrl: (url: string) => string): Remote<SearchApi> {
  api ??= wrap<SearchApi>(new Worker(scriptUrl(__SEARCH_WORKER_URL__), { name: 'search' }));
  return api;
}
