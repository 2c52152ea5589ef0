import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrations.ts';
import { sqliteSql, type Sql } from './sql.ts';
import { openedStores, type Stores } from './stores.ts';

/**
 * The embedded default: one SQLite file, WAL journal, synchronous=FULL so a
 * committed batch survives a power cut before its ack leaves the server.
 */
export function openSqliteDatabase(file: string): { sql: Sql; close(): Promise<void> } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return { sql: sqliteSql(db), close: async () => void db.close() };
}

export async function openSqliteStores(file: string): Promise<Stores> {
  const { sql, close } = openSqliteDatabase(file);
  await migrate(sql);
  return openedStores(sql, close);
}
