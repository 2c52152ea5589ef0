import type { RecordKind } from '../../src/shared/sync/records.ts';
import type { Sql } from '../../src/server/store/sql.ts';

/** How many learning records of each kind the database holds: for tests, straight from the table. */
export async function countByKind(sql: Sql): Promise<Partial<Record<RecordKind | 'event', number>>> {
  const counts: Partial<Record<RecordKind | 'event', number>> = { completion: 0, attempt: 0, checkpoint: 0 };
  for (const row of await sql.all<{ kind: RecordKind; n: unknown }>('SELECT kind, COUNT(*) AS n FROM learning_records GROUP BY kind')) counts[row.kind] = Number(row.n);
  return counts;
}

/** Every stored learning record's id, sorted; only those of `kinds` when given. */
export async function allIds(sql: Sql, kinds?: readonly string[]): Promise<string[]> {
  const where = kinds ? ` WHERE kind IN (${kinds.map(() => '?').join(', ')})` : '';
  return (await sql.all<{ id: string }>(`SELECT id FROM learning_records${where} ORDER BY id`, kinds ? [...kinds] : [])).map((r) => r.id);
}
