import { join } from 'node:path';
import type { Stores } from './stores.ts';

/**
 * PostgreSQL when DATABASE_URL is set (in DATABASE_SCHEMA if given), otherwise the embedded SQLite file under the data directory.
 * Each driver is loaded only when it is the one used: the other would sit in the server's memory for nothing.
 */
export async function openStores(env: { DATABASE_URL?: string; DATABASE_SCHEMA?: string }, dataDir: string): Promise<{ stores: Stores; where: string }> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const schema = env.DATABASE_SCHEMA || undefined;
    const { openPostgresStores } = await import('./postgres-store.ts');
    const stores = await openPostgresStores({ connectionString: env.DATABASE_URL, schema });
    return { stores, where: `PostgreSQL at ${url.host}${url.pathname}${schema ? `, schema ${schema}` : ''}` };
  }
  const file = join(dataDir, 'records.sqlite');
  const { openSqliteStores } = await import('./sqlite-store.ts');
  return { stores: await openSqliteStores(file), where: `SQLite file ${file}` };
}
