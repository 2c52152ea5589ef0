/** Why the last sync did not go through; the app words each one in the learner's language. */
export type SyncFailureCode =
  | 'offline'      // no answer from the network at all
  | 'timeout'      // the server took too long
  | 'server'       // 5xx: the server could not store the batch; nothing was acknowledged
  | 'refused'      // 401/403: this device's credential is missing or not accepted
  | 'revoked'      // 403: an administrator revoked this kiosk's enrollment; its records stay on it
  | 'not-set-up'   // the device has no credential yet
  | 'bad-request'; // 4xx: the server could not read the batch at all

export interface SyncFailure {
  code: SyncFailureCode;
  /** The server's or the browser's own words, for support. */
  detail: string;
  at: number;
}

/** What the device remembers about its syncing, kept next to the outbox. */
export interface SyncStatus {
  lastSuccessAt: number | null;
  lastFailure: SyncFailure | null;
  /** Failures since the last success; drives the backoff. */
  failures: number;
}

export const INITIAL_SYNC_STATUS: SyncStatus = { lastSuccessAt: null, lastFailure: null, failures: 0 };

/** The name page and service worker use to tell each other the outbox changed. */
export const SYNC_CHANNEL = 'lowband-sync';
/** Web Lock held while a batch is in flight: one sender per device at a time. */
export const SYNC_LOCK = 'lowband-sync';
/** Background Sync tag: the service worker sends the outbox even after the tab is closed. */
export const BACKGROUND_SYNC_TAG = 'lowband-outbox';
