import type { RecordStore } from './record-store.ts';
import type { SiteStore } from './site-store.ts';

/** Everything the server keeps, on one database connection (SQLite) or pool (PostgreSQL). */
export interface Stores {
  records: RecordStore;
  sites: SiteStore;
  /** Resolves when the database answers a query: /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
