import type { LearningRecord, RecordKind } from '../../shared/sync/records.ts';

/** What happened to one record of a batch. */
export type IngestOutcome =
  | { id: string; status: 'stored' }
  /** Seen before with exactly this content: acknowledged again, stored once. */
  | { id: string; status: 'duplicate' }
  /** Seen before with different content: a bug or a forgery, never an overwrite. */
  | { id: string; status: 'conflict' };

/** A record as the server received it: the device's facts plus the canonical text compared on a repeat. */
export interface IncomingRecord {
  record: LearningRecord;
  /** Canonical JSON of the wire form: the same record sent twice has the same body. */
  body: string;
}

export interface CompletionQuery {
  learnerId?: string;
  moduleId?: string;
  /** Device time range, ms since the epoch, inclusive start, exclusive end. */
  from?: number;
  to?: number;
  limit: number;
  /** Opaque: from the previous page's `next`. */
  after?: string;
}

export interface CompletionRow {
  id: string;
  learnerId: string;
  moduleId: string;
  lang: string;
  moduleHash: string;
  score: number;
  attemptId: string;
  deviceId: string;
  deviceSeq: number;
  /** Device clock when the learner passed. */
  completedAt: number;
  /** Server clock when the record arrived. */
  receivedAt: number;
}

export interface CompletionPage {
  items: CompletionRow[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/**
 * Where learning records live on the server. Two implementations (SQLite and
 * PostgreSQL) pass the same test suite; everything above this interface is
 * the same for both.
 */
export interface RecordStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Stores a batch in one transaction, idempotently by record id, and returns
   * only after the transaction is durable: an ack may be sent the moment it resolves.
   */
  ingest(records: readonly IncomingRecord[], receivedAt: number): Promise<IngestOutcome[]>;
  completions(query: CompletionQuery): Promise<CompletionPage>;
  countByKind(): Promise<Record<RecordKind, number>>;
  /** Every stored record id; for tests and checks, not for serving. */
  allIds(): Promise<string[]>;
  /** The stored canonical bodies of these ids (at most one batch's worth), for checks that refer back to earlier records. */
  bodies(ids: readonly string[]): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/** Keyset cursor on (completedAt, id): stable under concurrent inserts, no OFFSET scans. */
export function encodeCursor(row: Pick<CompletionRow, 'completedAt' | 'id'>): string {
  return `${row.completedAt}_${row.id}`;
}

export function decodeCursor(cursor: string): { at: number; id: string } | null {
  const m = /^(\d{1,16})_([0-9a-f-]{36})$/.exec(cursor);
  return m ? { at: Number(m[1]), id: m[2]! } : null;
}
