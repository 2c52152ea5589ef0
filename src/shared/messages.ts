import type { DeviceNeeds } from './device-needs.ts';

/** Messages between the page and the service worker. */
export type PageToWorker =
  /** Save what the device needs offline; `needs` replaces what the worker kept from the last page. */
  | { type: 'SYNC_CONTENT'; needs?: DeviceNeeds }
  | { type: 'SKIP_WAITING' }
  /** From a page the active worker does not control yet (it loaded while the worker was installing). */
  | { type: 'CLAIM' };

export type WorkerToPage =
  /** `url` has just been saved. */
  | { type: 'CONTENT_PROGRESS'; saved: number; total: number; url: string }
  /** A run for `needs` ended with everything they call for saved. */
  | { type: 'CONTENT_UPDATED'; saved: number; total: number; needs: DeviceNeeds }
  | { type: 'CONTENT_FAILED'; reason: string };
