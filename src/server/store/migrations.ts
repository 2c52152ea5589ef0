/**
 * Versioned schema changes, applied in order at start, each in its own
 * transaction together with its row in schema_migrations. One SQL text serves
 * SQLite and PostgreSQL (and Postgres-compatible distributed databases): plain
 * types, no sequences, no vendor functions. Append new versions; never edit
 * an applied one.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'learning records',
    statements: [
      `CREATE TABLE learning_records (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_seq BIGINT NOT NULL,
        device_at BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        learner_id TEXT NOT NULL,
        module_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        module_hash TEXT NOT NULL,
        score INTEGER,
        attempt_id TEXT,
        body TEXT NOT NULL
      )`,
      'CREATE INDEX learning_records_kind_at ON learning_records (kind, device_at, id)',
      'CREATE INDEX learning_records_learner ON learning_records (learner_id, kind)',
      'CREATE INDEX learning_records_module ON learning_records (module_id, kind)',
      'CREATE INDEX learning_records_device ON learning_records (device_id, device_seq)',
    ],
  },
];

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** The migrations a database at these versions still needs, in order. */
export function pendingMigrations(applied: readonly number[], all: readonly Migration[] = MIGRATIONS): Migration[] {
  const done = new Set(applied);
  return [...all].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
}
