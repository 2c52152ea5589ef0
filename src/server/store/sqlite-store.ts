import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordKind } from '../../shared/sync/records.ts';
import { completionQuerySql, emptyCounts, INSERT_COLUMNS, insertValues, toPage, type CompletionDbRow } from './columns.ts';
import { MIGRATIONS, MIGRATIONS_TABLE, pendingMigrations } from './migrations.ts';
import type { CompletionQuery, IncomingRecord, IngestOutcome, RecordStore } from './record-store.ts';
import { siteStore } from './site-store.ts';
import { sqliteSql } from './sql.ts';
import type { Stores } from './stores.ts';

/**
 * The embedded default: one SQLite file, WAL journal, synchronous=FULL so a
 * committed batch survives a power cut before its ack leaves the server.
 */
export function openSqliteStores(file: string): Stores {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const records = sqliteRecordStore(db);
  const ping = async () => void db.prepare('SELECT 1').get();
  return { records, sites: siteStore(sqliteSql(db)), ping, close: () => records.close() };
}

function sqliteRecordStore(db: Database.Database): RecordStore {

  const insert = db.prepare(`INSERT INTO learning_records (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`);
  const bodyOf = db.prepare<[string], { body: string }>('SELECT body FROM learning_records WHERE id = ?');
  const ingestBatch = db.transaction((records: readonly IncomingRecord[], receivedAt: number): IngestOutcome[] =>
    records.map((incoming) => {
      const id = incoming.record.id;
      if (insert.run(...insertValues(incoming, receivedAt)).changes === 1) return { id, status: 'stored' };
      return { id, status: bodyOf.get(id)?.body === incoming.body ? 'duplicate' : 'conflict' };
    }));

  return {
    dialect: 'sqlite',
    async ingest(records, receivedAt) {
      return ingestBatch.immediate(records, receivedAt);
    },
    async completions(query: CompletionQuery) {
      const { sql, values } = completionQuerySql(query, () => '?');
      return toPage(db.prepare<unknown[], CompletionDbRow>(sql).all(...values), query.limit);
    },
    async countByKind() {
      const counts = emptyCounts();
      for (const row of db.prepare<[], { kind: RecordKind; n: number }>('SELECT kind, COUNT(*) AS n FROM learning_records GROUP BY kind').all()) counts[row.kind] = row.n;
      return counts;
    },
    async allIds() {
      return db.prepare<[], { id: string }>('SELECT id FROM learning_records ORDER BY id').all().map((r) => r.id);
    },
    async bodies(ids) {
      if (!ids.length) return new Map();
      const rows = db.prepare<string[], { id: string; body: string }>(`SELECT id, body FROM learning_records WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids);
      return new Map(rows.map((r) => [r.id, r.body]));
    },
    async close() {
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec(MIGRATIONS_TABLE);
  const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version);
  for (const migration of pendingMigrations(applied, MIGRATIONS)) {
    db.transaction(() => {
      for (const statement of migration.statements) db.exec(statement);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    }).immediate();
  }
}
