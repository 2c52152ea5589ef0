/** Messages between the page and the service worker. */
export type PageToWorker =
  | { type: 'SYNC_CONTENT' }
  | { type: 'SKIP_WAITING' };

export type WorkerToPage =
  | { type: 'CONTENT_PROGRESS'; saved: number; total: number }
  | { type: 'CONTENT_UPDATED'; saved: number; total: number }
  | { type: 'CONTENT_FAILED'; reason: string };
