/** Messages between the page and the service worker. */
export type PageToWorker =
  | { type: 'SYNC_CONTENT' }
  | { type: 'SKIP_WAITING' }
  /** From a page the active worker does not control yet (it loaded while the worker was installing). */
  | { type: 'CLAIM' };

export type WorkerToPage =
  | { type: 'CONTENT_PROGRESS'; saved: number; total: number }
  | { type: 'CONTENT_UPDATED'; saved: number; total: number }
  | { type: 'CONTENT_FAILED'; reason: string };
