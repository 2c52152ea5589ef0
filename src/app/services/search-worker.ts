import { scriptUrl } from './script-url.ts';

declare const __SEARCH_WORKER_URL__: string;

/** The search worker's thread; search/search-client.ts talks to it. */
export const startSearchWorker = (): Worker => new Worker(scriptUrl(__SEARCH_WORKER_URL__), { name: 'search' });
