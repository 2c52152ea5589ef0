import pg from 'pg';
import { migrate } from './migrations.ts';
import { postgresSql, type Sql } from './sql.ts';
import { openedStores, type Stores } from './stores.ts';

export interface PostgresOptions {
  connectionString: string;
  /** Schema to create and use; tests give each run its own. */
  schema?: string;
  poolSize?: number;
}

/** Any constant both instances agree on: the key of the advisory lock that migrations hold. */
const MIGRATION_LOCK = 7_164_202;

export function openPostgresDatabase(options: PostgresOptions): { pool: pg.Pool; sql: Sql; close(): Promise<void> } {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  pool.on('error', (err) => console.error('PostgreSQL connection error:', err.message));
  return { pool, sql: postgresSql(pool), close: () => pool.end() };
}

/**
 * For many sites: PostgreSQL (or a Postgres-compatible database) from
 * DATABASE_URL. Several server instances may start at once on one database:
 * each waits for the advisory lock, so the first applies what is missing and
 * the others find it done. The only PostgreSQL-specific part of the stores.
 */
export async function openPostgresStores(options: PostgresOptions): Promise<Stores> {
  const { pool, sql, close } = openPostgresDatabase(options);
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    if (options.schema) await lock.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(options.schema)}`);
    await migrate(sql);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
  return openedStores(sql, close);
}
