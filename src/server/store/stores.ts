import { assignmentStore, type AssignmentStore } from './assignment-store.ts';
import { campaignStore, type CampaignStore } from './campaign-store.ts';
import { codeStore, type CodeStore } from './code-store.ts';
import { consoleStore, type ConsoleStore } from './console-store.ts';
import { credentialStore, type CredentialStore } from './credential-store.ts';
import { deviceStore, type DeviceStore } from './device-store.ts';
import { outcomeStore, type OutcomeStore } from './outcome-store.ts';
import { recordStore, type RecordStore } from './record-store.ts';
import { siteStore, type SiteStore } from './site-store.ts';
import type { Sql } from './sql.ts';
import { statusStore, type StatusStore } from './status-store.ts';
import { xapiOutboxStore, type XapiOutboxStore } from './xapi-outbox-store.ts';
import { signingKeyStore, type SigningKeyStore } from './signing-key-store.ts';

/** The stores, each owning its tables, all over one `Sql`. */
export interface StoreSet {
  records: RecordStore;
  sites: SiteStore;
  assignments: AssignmentStore;
  devices: DeviceStore;
  credentials: CredentialStore;
  status: StatusStore;
  console: ConsoleStore;
  campaigns: CampaignStore;
  outcomes: OutcomeStore;
  codes: CodeStore;
  xapi: XapiOutboxStore;
  keys: SigningKeyStore;
}

/** Everything the server keeps, on one database connection (SQLite) or pool (PostgreSQL). */
export interface Stores extends StoreSet {
  /**
   * One transaction across stores: every store method `body` calls joins it,
   * so its writes commit together or not at all (a sync batch does this).
   */
  transaction<T>(body: (stores: StoreSet) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a query: /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The stores over `sql`: written once, for SQLite and PostgreSQL alike (morango's way: one store, several databases). */
export function storesOver(sql: Sql): StoreSet {
  const records = recordStore(sql);
  const assignments = assignmentStore(sql);
  const campaigns = campaignStore(sql);
  const codes = codeStore(sql);
  return {
    records,
    sites: siteStore(sql, records, campaigns, codes),
    campaigns,
    assignments,
    devices: deviceStore(sql, assignments),
    credentials: credentialStore(sql),
    status: statusStore(sql, records),
    console: consoleStore(sql),
    outcomes: outcomeStore(sql),
    codes,
    xapi: xapiOutboxStore(sql),
    keys: signingKeyStore(sql),
  };
}

/** A database's stores, with a transaction across them, a health check and a way to close it. */
export function openedStores(sql: Sql, close: () => Promise<void>): Stores {
  return {
    ...storesOver(sql),
    transaction: (body) => sql.tx((q) => body(storesOver(q))),
    ping: async () => void await sql.all('SELECT 1'),
    close,
  };
}
