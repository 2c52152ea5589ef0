import { wrap, type Remote } from 'comlink';
import type { SearchApi } from '../../shared/search.ts';
import { scriptUrl } from './script-url.ts';

declare const __SEARCH_WORKER_URL__: string;

let api: Remote<SearchApi> | null = null;

/** The search worker, started on first use so it costs nothing until someone searches. */
export function searchWorker(): Remote<SearchApi> {
  api ??= wrap<SearchApi>(new Worker(scriptUrl(__SEARCH_WORKER_URL__), { name: 'search' }));
  return api;
}
