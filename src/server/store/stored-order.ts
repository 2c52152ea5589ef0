import type { Sql } from './sql.ts';

/**
 * Reading records in the order the server stored them, for feeds (the xAPI
 * statement resource): a keyset on (received_at, id), so a page is stable
 * while records keep arriving, and never an OFFSET scan.
 */
export interface StoredOrderQuery {
  /** Start at this record (inclusive): a page's cursor, or null for the first page. */
  from: { receivedAt: number; id: string } | null;
  /** Stored strictly after (ascending) this many ms since the epoch; null: no bound. */
  since: number | null;
  /** Stored at or before; null: no bound. */
  until: number | null;
  ascending: boolean;
  limit: number;
}

/** A stored record as its canonical body (store/record-store.ts, recordBody), and when it arrived. */
export interface StoredBody {
  id: string;
  receivedAt: number;
  body: string;
}

/** One table's page: `where` narrows it (a condition without values); the order and the bounds are the same everywhere. */
export async function storedPage(sql: Sql, table: 'learning_records' | 'signoffs', q: StoredOrderQuery, where?: string): Promise<StoredBody[]> {
  const conditions = where ? [where] : [];
  const values: (string | number)[] = [];
  if (q.since !== null) { conditions.push('received_at > ?'); values.push(q.since); }
  if (q.until !== null) { conditions.push('received_at <= ?'); values.push(q.until); }
  if (q.from) {
    const [later, inclusive] = q.ascending ? ['>', '>='] : ['<', '<='];
    conditions.push(`(received_at ${later} ? OR (received_at = ? AND id ${inclusive} ?))`);
    values.push(q.from.receivedAt, q.from.receivedAt, q.from.id);
  }
  const direction = q.ascending ? 'ASC' : 'DESC';
  const rows = await sql.all<{ id: string; received_at: unknown; body: string }>(
    `SELECT id, received_at, body FROM ${table}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY received_at ${direction}, id ${direction} LIMIT ?`, [...values, q.limit]);
  return rows.map((r) => ({ id: r.id, receivedAt: Number(r.received_at), body: r.body }));
}
