import type { TrainingModule } from '../../shared/module.ts';
import { recordFromBody } from '../store/record-store.ts';
import type { StoredBody, StoredOrderQuery } from '../store/stored-order.ts';
import type { StoreSet } from '../store/stores.ts';
import type { Statement } from './statement.ts';
import { statementsOf, type StatementSetting, type StatementSource } from './statements-of.ts';

/**
 * Statements in the order their records were stored, a page at a time, as
 * xAPI's statement resource pages them. A record says one statement or
 * several (a sign-off one per attendee), so a page may end inside a record:
 * the cursor names the record and how many of its statements were given.
 */
export interface FeedCursor {
  receivedAt: number;
  id: string;
  skip: number;
}

export interface FeedQuery {
  since: number | null;
  until: number | null;
  ascending: boolean;
  limit: number;
  cursor: FeedCursor | null;
}

export const encodeFeedCursor = (c: FeedCursor): string => `${c.receivedAt}_${c.id}_${c.skip}`;

export function decodeFeedCursor(text: string): FeedCursor | null {
  const m = /^(\d{1,16})_([0-9a-f-]{36})_(\d{1,6})$/.exec(text);
  return m ? { receivedAt: Number(m[1]), id: m[2]!, skip: Number(m[3]) } : null;
}

/** The exact module version a record names (src/node/module-archive.ts), or null. */
export type VersionLookup = (id: string, lang: string, hash: string) => Promise<TrainingModule | null>;

/** One read per module version for a page or a batch: its records mostly name the same few. */
export function onceEach(versionOf: VersionLookup): VersionLookup {
  const read = new Map<string, Promise<TrainingModule | null>>();
  return (id, lang, hash) => {
    const key = `${id} ${lang} ${hash}`;
    if (!read.has(key)) read.set(key, versionOf(id, lang, hash));
    return read.get(key)!;
  };
}

/** A stored record's statements, from its canonical body and the module version it names (a sign-off names none). */
export async function statementsOfBody(body: string, versionOf: VersionLookup, setting: StatementSetting): Promise<Statement[]> {
  const record = recordFromBody(body) as StatementSource;
  return statementsOf(record, record.kind === 'signoff' ? null : await versionOf(record.moduleId, record.lang, record.moduleHash), setting);
}

export async function statementPage(
  stores: Pick<StoreSet, 'records' | 'credentials'>, versionOf: VersionLookup, setting: StatementSetting, q: FeedQuery,
): Promise<{ statements: Statement[]; next: FeedCursor | null }> {
  // Each record says at least one statement (a sign-off has attendees, an attempt its result), so limit + 1 records of each kind are enough.
  const fetch: StoredOrderQuery = { from: q.cursor, since: q.since, until: q.until, ascending: q.ascending, limit: q.limit + 1 };
  const pages = await Promise.all([stores.records.storedLearning(fetch), stores.credentials.storedSignoffs(fetch)]);
  const before = (a: StoredBody, b: StoredBody) => {
    const order = a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return q.ascending ? order < 0 : order > 0;
  };
  // A full page may go on past its last row: nothing after the earliest such row is known to be in order yet.
  const bound = pages.filter((p) => p.length === fetch.limit).map((p) => p.at(-1)!).reduce<StoredBody | null>((b, row) => (!b || before(row, b) ? row : b), null);
  const rows = pages.flat().sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).filter((r) => !bound || before(r, bound));

  const versions = onceEach(versionOf);
  const statements: Statement[] = [];
  for (const row of rows) {
    const said = await statementsOfBody(row.body, versions, setting);
    const first = q.cursor && q.cursor.id === row.id && q.cursor.receivedAt === row.receivedAt ? q.cursor.skip : 0;
    for (let k = first; k < said.length; k++) {
      if (statements.length === q.limit) return { statements, next: { receivedAt: row.receivedAt, id: row.id, skip: k } };
      statements.push({ ...said[k]!, stored: new Date(row.receivedAt).toISOString() });
    }
  }
  return { statements, next: bound && { receivedAt: bound.receivedAt, id: bound.id, skip: 0 } };
}
