import type Database from 'better-sqlite3';
import type pg from 'pg';

export type SqlValue = string | number | null;

/**
 * The little SQL both databases share: `?` placeholders, rows as objects.
 * Stores written against it run unchanged on SQLite and PostgreSQL.
 */
export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * One transaction around `body`. On SQLite the body must await nothing but
   * its own queries: they resolve as microtasks, so no other request's
   * statements can run on the shared connection before COMMIT. Inside a
   * transaction, `tx` joins it: a store method that needs one works the same
   * alone and as part of a larger one (a whole sync batch, say).
   */
  tx<T>(body: (sql: Sql) => Promise<T>): Promise<T>;
}

/** `?, ?, ?` for a list of values: the one dynamic part of an IN (…) both dialects accept. */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

export function sqliteSql(db: Database.Database): Sql {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const queries: Omit<Sql, 'tx'> = {
    dialect: 'sqlite',
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      const stmt = prepared(sql);
      if (stmt.reader) return stmt.all(...params) as T[];
      stmt.run(...params);
      return [];
    },
    async run(sql, params = []) {
      const stmt = prepared(sql);
      return stmt.reader ? stmt.all(...params).length : stmt.run(...params).changes;
    },
  };
  const joined: Sql = { ...queries, tx: (body) => body(joined) };
  return {
    ...queries,
    async tx(body) {
      if (db.inTransaction) throw new Error('a SQLite transaction is already open on this connection');
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await body(joined);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
  };
}

const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export function postgresSql(pool: pg.Pool): Sql {
  const over = (client: pg.Pool | pg.PoolClient): Omit<Sql, 'tx'> => ({
    dialect: 'postgres',
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query(numbered(sql), params as SqlValue[])).rows as T[];
    },
    async run(sql, params = []) {
      return (await client.query(numbered(sql), params as SqlValue[])).rowCount ?? 0;
    },
  });
  const self: Sql = {
    ...over(pool),
    async tx(body) {
      const client = await pool.connect();
      const inner: Sql = { ...over(client), tx: (nested) => nested(inner) };
      try {
        await client.query('BEGIN');
        const result = await body(inner);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
  return self;
}
