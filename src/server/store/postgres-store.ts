import pg from 'pg';
import type { RecordKind } from '../../shared/sync/records.ts';
import { completionQuerySql, emptyCounts, INSERT_COLUMNS, insertValues, toPage, type CompletionDbRow } from './columns.ts';
import { MIGRATIONS, MIGRATIONS_TABLE, pendingMigrations } from './migrations.ts';
import type { CompletionQuery, IngestOutcome, RecordStore } from './record-store.ts';
import { siteStore } from './site-store.ts';
import { postgresSql } from './sql.ts';
import type { Stores } from './stores.ts';

export interface PostgresOptions {
  connectionString: string;
  /** Schema to create and use; tests give each run its own. */
  schema?: string;
  poolSize?: number;
}

/** For many sites: PostgreSQL (or a Postgres-compatible database) from DATABASE_URL. */
export async function openPostgresStores(options: PostgresOptions): Promise<Stores> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  pool.on('error', (err) => console.error('PostgreSQL connection error:', err.message));
  await migrate(pool, options.schema);
  const records = postgresRecordStore(pool);
  const ping = async () => void await pool.query('SELECT 1');
  return { records, sites: siteStore(postgresSql(pool)), ping, close: () => records.close() };
}

function postgresRecordStore(pool: pg.Pool): RecordStore {
  return {
    dialect: 'postgres',
    async ingest(records, receivedAt) {
      if (records.length === 0) return [];
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const values: unknown[] = [];
        const rows = records.map((incoming) => {
          const start = values.length;
          values.push(...insertValues(incoming, receivedAt));
          return `(${INSERT_COLUMNS.map((_, i) => `$${start + i + 1}`).join(', ')})`;
        });
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO learning_records (${INSERT_COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`, values);
        const stored = new Set(inserted.rows.map((r) => r.id));
        const repeats = records.filter((r) => !stored.has(r.record.id)).map((r) => r.record.id);
        const existing = new Map<string, string>();
        if (repeats.length) {
          const found = await client.query<{ id: string; body: string }>('SELECT id, body FROM learning_records WHERE id = ANY($1)', [repeats]);
          for (const row of found.rows) existing.set(row.id, row.body);
        }
        await client.query('COMMIT');
        // A batch may carry the same id twice: the first occurrence was stored, later ones repeat it.
        const seen = new Map<string, string>();
        return records.map(({ record: { id }, body }): IngestOutcome => {
          if (stored.has(id) && !seen.has(id)) { seen.set(id, body); return { id, status: 'stored' }; }
          const earlier = seen.get(id) ?? existing.get(id);
          return { id, status: earlier === body ? 'duplicate' : 'conflict' };
        });
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async completions(query: CompletionQuery) {
      const { sql, values } = completionQuerySql(query, (n) => `$${n}`);
      return toPage((await pool.query<CompletionDbRow>(sql, values)).rows, query.limit);
    },
    async countByKind() {
      const counts = emptyCounts();
      const result = await pool.query<{ kind: RecordKind; n: string }>('SELECT kind, COUNT(*) AS n FROM learning_records GROUP BY kind');
      for (const row of result.rows) counts[row.kind] = Number(row.n);
      return counts;
    },
    async allIds() {
      return (await pool.query<{ id: string }>('SELECT id FROM learning_records ORDER BY id')).rows.map((r) => r.id);
    },
    async bodies(ids) {
      if (!ids.length) return new Map();
      const result = await pool.query<{ id: string; body: string }>('SELECT id, body FROM learning_records WHERE id = ANY($1)', [[...ids]]);
      return new Map(result.rows.map((r) => [r.id, r.body]));
    },
    async close() {
      await pool.end();
    },
  };
}

/** Any constant both instances agree on: the key of the advisory lock that migrations hold. */
const MIGRATION_LOCK = 7_164_202;

/**
 * Several server instances may start at once on one database: each waits
 * for the lock, so the first applies what is missing and the others find it done.
 */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await client.query(MIGRATIONS_TABLE);
    const applied = (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
    for (const migration of pendingMigrations(applied, MIGRATIONS)) {
      try {
        await client.query('BEGIN');
        for (const statement of migration.statements) await client.query(statement);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`Migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
