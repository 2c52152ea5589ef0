import type { Sql } from './sql.ts';

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
  {
    version: 2,
    name: 'sites, people, devices, sign-offs',
    statements: [
      // One counter per change stream; an UPDATE … RETURNING on its row serialises writers, so revisions commit in order.
      'CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)',
      "INSERT INTO counters (name, value) VALUES ('roster', 0)",
      `CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        lang TEXT NOT NULL,
        idle_seconds INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        rev BIGINT NOT NULL
      )`,
      `CREATE TABLE people (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites (id),
        name TEXT NOT NULL,
        lang TEXT NOT NULL,
        roles TEXT NOT NULL,
        supervisor INTEGER NOT NULL,
        badge TEXT UNIQUE,
        pin TEXT,
        passphrase TEXT,
        removed INTEGER NOT NULL,
        rev BIGINT NOT NULL
      )`,
      'CREATE INDEX people_site_rev ON people (site_id, rev)',
      `CREATE TABLE assignments (
        site_id TEXT NOT NULL REFERENCES sites (id),
        target TEXT NOT NULL,
        module_id TEXT NOT NULL,
        due TEXT NOT NULL,
        removed INTEGER NOT NULL,
        rev BIGINT NOT NULL,
        PRIMARY KEY (site_id, target, module_id)
      )`,
      'CREATE INDEX assignments_site_rev ON assignments (site_id, rev)',
      `CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites (id),
        label TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        enrolled_at BIGINT NOT NULL,
        revoked_at BIGINT,
        revoked_reason TEXT,
        last_contact_at BIGINT,
        reported_queued INTEGER
      )`,
      `CREATE TABLE device_pending (
        device_id TEXT NOT NULL,
        learner_id TEXT NOT NULL,
        module_id TEXT NOT NULL,
        PRIMARY KEY (device_id, learner_id, module_id)
      )`,
      `CREATE TABLE enrollment_codes (
        code_hash TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites (id),
        label TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT,
        device_id TEXT
      )`,
      `CREATE TABLE signoffs (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_seq BIGINT NOT NULL,
        device_at BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        supervisor_id TEXT NOT NULL,
        session_type TEXT NOT NULL,
        session_date TEXT NOT NULL,
        topic TEXT NOT NULL,
        body TEXT NOT NULL
      )`,
      'CREATE INDEX signoffs_site_date ON signoffs (site_id, session_date)',
      `CREATE TABLE signoff_attendees (
        signoff_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        note TEXT NOT NULL,
        PRIMARY KEY (signoff_id, person_id)
      )`,
      'CREATE INDEX signoff_attendees_person ON signoff_attendees (person_id)',
      `CREATE TABLE pin_changes (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_at BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        supervisor_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        body TEXT NOT NULL
      )`,
      'CREATE INDEX learning_records_received ON learning_records (kind, received_at)',
    ],
  },
  {
    version: 3,
    name: 'supervisor signing keys, re-enrollment codes',
    statements: [
      // The key a supervisor's proofs are checked with; derived from the passphrase, never sent to a kiosk.
      'ALTER TABLE people ADD COLUMN signing_key TEXT',
      // A code made to enroll one known device again (after a revocation or a reset); NULL for a new kiosk only.
      'ALTER TABLE enrollment_codes ADD COLUMN for_device TEXT',
    ],
  },
  {
    version: 4,
    name: 'L&D console: accounts, sessions, audit log, drafts',
    statements: [
      `CREATE TABLE console_users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        sites TEXT,
        password_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        disabled_at BIGINT
      )`,
      // Only a digest of the cookie's token is kept: a copy of the database signs nobody in.
      `CREATE TABLE console_sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES console_users (id),
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        revoked_at BIGINT
      )`,
      'CREATE INDEX console_sessions_user ON console_sessions (user_id)',
      `CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        user_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL
      )`,
      'CREATE INDEX audit_log_at ON audit_log (at)',
      // Quiz results per module join attempts to the completions that cite them.
      'CREATE INDEX learning_records_attempt ON learning_records (attempt_id)',
      `CREATE TABLE drafts (
        author_id TEXT NOT NULL,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (author_id, name)
      )`,
    ],
  },
  {
    version: 5,
    name: 'campaigns, first days',
    statements: [
      // Kept whole as JSON: a campaign is read and written as one thing, and kiosks get it whole.
      `CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        rev BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'ALTER TABLE people ADD COLUMN first_day TEXT',
      // Reports read a campaign's events by subject and kind.
      'CREATE INDEX learning_records_subject ON learning_records (kind, module_id, learner_id)',
    ],
  },
  {
    version: 6,
    name: 'sign-in addresses by account',
    statements: [
      // Every sign-in asks where this account signed in before; refused sign-ins fill the log, so that must not be a scan.
      'CREATE INDEX audit_log_target ON audit_log (target, action, at)',
    ],
  },
  {
    version: 7,
    name: 'sites\' time zones',
    statements: [
      // Reports count a site's days in its own calendar, as its kiosks do; NULL: UTC.
      'ALTER TABLE sites ADD COLUMN time_zone TEXT',
    ],
  },
  {
    version: 8,
    name: 'outcome figures',
    statements: [
      // A site's own monthly figures L&D upload (Kirkpatrick's results level); not learning records.
      `CREATE TABLE outcome_figures (
        site_id TEXT NOT NULL REFERENCES sites (id),
        measure TEXT NOT NULL,
        month TEXT NOT NULL,
        count BIGINT NOT NULL,
        uploaded_at BIGINT NOT NULL,
        PRIMARY KEY (site_id, measure, month)
      )`,
    ],
  },
  {
    version: 9,
    name: 'short codes',
    statements: [
      // A QR poster's code: where it opens and where the poster hangs. Retired codes stay, so their scans keep a placement.
      `CREATE TABLE short_codes (
        code TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites (id),
        module_id TEXT NOT NULL,
        section INTEGER,
        placement TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        created_by TEXT NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        rev BIGINT NOT NULL
      )`,
      'CREATE INDEX short_codes_site ON short_codes (site_id, rev)',
    ],
  },
  {
    version: 10,
    name: 'workers\' own phones',
    statements: [
      // A one-time link for one person's phone is an enrollment code bound to that person; the device it enrolls records for them alone.
      'ALTER TABLE enrollment_codes ADD COLUMN learner_id TEXT',
      'ALTER TABLE devices ADD COLUMN learner_id TEXT',
    ],
  },
  {
    version: 11,
    name: 'records in the order they were stored',
    statements: [
      // The xAPI statement feed pages through records as the server stored them (store/stored-order.ts).
      'CREATE INDEX learning_records_stored ON learning_records (received_at, id)',
      'CREATE INDEX signoffs_stored ON signoffs (received_at, id)',
    ],
  },
  {
    version: 12,
    name: 'the outbox towards a learning record store',
    statements: [
      // One row per record to say to an LRS (store/xapi-outbox-store.ts): leased by one forwarder at a time.
      `CREATE TABLE xapi_outbox (
        record_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_at BIGINT NOT NULL,
        claimed_by TEXT,
        claimed_until BIGINT,
        reason TEXT NOT NULL DEFAULT '',
        settled_at BIGINT
      )`,
      'CREATE INDEX xapi_outbox_due ON xapi_outbox (state, next_at, received_at)',
      // The last batch the LRS took and the last failure, for the console and /healthz.
      'CREATE TABLE xapi_forwarding (name TEXT PRIMARY KEY, at BIGINT NOT NULL, detail TEXT NOT NULL)',
      // What was stored before there was an outbox is forwarded too, oldest first.
      "INSERT INTO xapi_outbox (record_id, source, received_at, state, attempts, next_at) SELECT id, 'record', received_at, 'waiting', 0, 0 FROM learning_records WHERE kind <> 'event'",
      "INSERT INTO xapi_outbox (record_id, source, received_at, state, attempts, next_at) SELECT id, 'signoff', received_at, 'waiting', 0, 0 FROM signoffs",
    ],
  },
  {
    version: 13,
    name: 'the LRS an admin sets in the console',
    statements: [
      // One row at most; the environment's LRS_* take precedence over it (src/server/start.ts).
      `CREATE TABLE lrs_settings (
        id INTEGER PRIMARY KEY,
        endpoint TEXT NOT NULL,
        lrs_key TEXT NOT NULL,
        secret TEXT NOT NULL,
        home_page TEXT NOT NULL,
        changed_at BIGINT NOT NULL,
        changed_by TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 14,
    name: 'the key that signs modules files',
    statements: [
      // One key for every instance, made on first use (store/signing-key-store.ts); kiosks get its public half when they enroll.
      `CREATE TABLE signing_keys (
        id TEXT PRIMARY KEY,
        private_pem TEXT NOT NULL,
        public_jwk TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 15,
    name: 'an imported draft keeps its import report',
    statements: [
      // JSON (shared/console/import-report.ts); null for a draft written in the console.
      'ALTER TABLE drafts ADD COLUMN import_report TEXT',
    ],
  },
];

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** The migrations a database at these versions still needs, in order. */
export function pendingMigrations(applied: readonly number[], all: readonly Migration[] = MIGRATIONS): Migration[] {
  const done = new Set(applied);
  return [...all].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
}

/**
 * The one migration runner, for both databases: what is missing is applied
 * in order, each version in its own transaction with its schema_migrations
 * row, so a crash leaves the database at a version, never between two.
 */
export async function migrate(sql: Sql, all: readonly Migration[] = MIGRATIONS, now = Date.now()): Promise<void> {
  await sql.run(MIGRATIONS_TABLE);
  const applied = (await sql.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version));
  for (const migration of pendingMigrations(applied, all)) {
    try {
      await sql.tx(async (q) => {
        for (const statement of migration.statements) await q.run(statement);
        await q.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, now]);
      });
    } catch (err) {
      throw new Error(`Migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`);
    }
  }
}
