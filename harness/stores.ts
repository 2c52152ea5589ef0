import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresDatabase, openPostgresStores } from '../src/server/store/postgres-store.ts';
import type { RecordStore } from '../src/server/store/record-store.ts';
import { openSqliteDatabase, openSqliteStores } from '../src/server/store/sqlite-store.ts';
import type { Sql } from '../src/server/store/sql.ts';
import type { Stores } from '../src/server/store/stores.ts';

/** CI's PostgreSQL; override with TEST_DATABASE_URL. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether the PostgreSQL run happens. Without a server it is skipped with a
 * message, unless REQUIRE_POSTGRES is set (CI), where a missing server fails.
 */
export const postgresAvailable: boolean = await (async () => {
  const ok = await postgresReachable();
  if (!ok && process.env.REQUIRE_POSTGRES) throw new Error(`REQUIRE_POSTGRES is set but PostgreSQL is not reachable at ${POSTGRES_URL}`);
  if (!ok) console.warn(`PostgreSQL is not reachable at ${POSTGRES_URL}: skipping the PostgreSQL runs (set TEST_DATABASE_URL to point at one).`);
  return ok;
})();

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /**
   * Fresh, empty stores (`store` is their record store), a way to open them
   * again, a second connection `db` for tests to look at the tables directly,
   * and a way to drop it all.
   */
  open(): Promise<{ stores: Stores; store: RecordStore; db: Sql; reopen(): Promise<Stores>; dispose(): Promise<void> }>;
}

let counter = 0;

export const STORE_KINDS: StoreKind[] = [
  {
    name: 'sqlite',
    available: true,
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'lowband-store-'));
      const file = join(dir, 'records.sqlite');
      const stores = await openSqliteStores(file);
      const db = openSqliteDatabase(file);
      return {
        stores, store: stores.records, db: db.sql, reopen: () => openSqliteStores(file),
        async dispose() {
          await db.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async open() {
      const schema = `test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
      const open = () => openPostgresStores({ connectionString: POSTGRES_URL, schema, poolSize: 4 });
      const stores = await open();
      const db = openPostgresDatabase({ connectionString: POSTGRES_URL, schema, poolSize: 1 });
      return {
        stores,
        store: stores.records,
        db: db.sql,
        reopen: open,
        async dispose() {
          await db.close();
          const client = new pg.Client({ connectionString: POSTGRES_URL });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
          await client.end();
        },
      };
    },
  },
];
