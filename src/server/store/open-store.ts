import { join } from 'node:path';
import { openPostgresStore } from './postgres-store.ts';
import type { RecordStore } from './record-store.ts';
import { openSqliteStore } from './sqlite-store.ts';

/** PostgreSQL when DATABASE_URL is set (in DATABASE_SCHEMA if given), otherwise the embedded SQLite file under the data directory. */
export async function openRecordStore(env: { DATABASE_URL?: string; DATABASE_SCHEMA?: string }, dataDir: string): Promise<{ store: RecordStore; where: string }> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const schema = env.DATABASE_SCHEMA || undefined;
    const store = await openPostgresStore({ connectionString: env.DATABASE_URL, schema });
    return { store, where: `PostgreSQL at ${url.host}${url.pathname}${schema ? `, schema ${schema}` : ''}` };
  }
  const file = join(dataDir, 'records.sqlite');
  return { store: openSqliteStore(file), where: `SQLite file ${file}` };
}
