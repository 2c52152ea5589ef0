/**
 * Bounds that the device and the server agree on. The device sizes its batches
 * to fit, the server refuses anything beyond them.
 */
export const SYNC_URL = '/api/v1/sync';
export const COMPLETIONS_URL = '/api/v1/completions';
export const COMPLETIONS_CSV_URL = '/api/v1/completions.csv';

export const MAX_RECORDS_PER_BATCH = 200;
/** Uncompressed JSON of one batch. The device stays under it; the server refuses more. */
export const MAX_BATCH_JSON_BYTES = 64 * 1024;
/** What the server accepts on the wire, before decompression. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

export const MAX_ID_LENGTH = 64;
export const MAX_QUESTIONS = 50;
export const MAX_CHOICES = 10;
export const MAX_SECTIONS = 500;
/** Earliest credible device clock: before this, the clock is wrong, not the training. */
export const EARLIEST_RECORD_AT = Date.UTC(2024, 0, 1);
/** How far a device clock may run ahead of the server's before a record is refused. */
export const MAX_CLOCK_AHEAD_MS = 48 * 3600 * 1000;
export const MAX_ATTENDEES = 100;
/** Completions a device lists as still queued in one sync request. */
export const MAX_PENDING_REPORTED = 500;
