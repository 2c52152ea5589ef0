import { join } from 'node:path';
import { openPostgresStores } from './postgres-store.ts';
import { openSqliteStores } from './sqlite-store.ts';
import type { Stores } from './stores.ts';

/** PostgreSQL when DATABASE_URL is set (in DATABASE_SCHEMA if given), otherwise the embedded SQLite file under the data directory. */
export async function openStores(env: { DATABASE_URL?: string; DATABASE_SCHEMA?: string }, dataDir: string): Promise<{ stores: Stores; where: string }> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const schema = env.DATABASE_SCHEMA || undefined;
    const stores = await openPostgresStores({ connectionString: env.DATABASE_URL, schema });
    return { stores, where: `PostgreSQL at ${url.host}${url.pathname}${schema ? `, schema ${schema}` : ''}` };
  }
  const file = join(dataDir, 'records.sqlite');
  return { stores: await openSqliteStores(file), where: `SQLite file ${file}` };
}
