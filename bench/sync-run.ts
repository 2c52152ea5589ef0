/**
 * npm run bench:sync — the sync figures alone, without the browser runs:
 * upload bytes per completion (ours vs xAPI) and ingest throughput on SQLite
 * and, when reachable, PostgreSQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../src/server/store/postgres-store.ts';
import { openSqliteStore } from '../src/server/store/sqlite-store.ts';
import { ingestThroughput, wireBytesPerCompletion } from './sync-figures.ts';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface SyncFigures {
  wire: Awaited<ReturnType<typeof wireBytesPerCompletion>>;
  ingest: { sqlite: number[]; postgres: number[] | null };
}

export async function measureSync(rounds = 3): Promise<SyncFigures> {
  const wire = await wireBytesPerCompletion();
  const sqlite: number[] = [];
  let postgres: number[] | null = [];
  for (let i = 0; i < rounds; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'lowband-bench-'));
    const store = openSqliteStore(join(dir, 'records.sqlite'));
    sqlite.push(await ingestThroughput(store));
    await store.close();
    await rm(dir, { recursive: true, force: true });
    if (postgres) {
      const schema = `bench_${process.pid}_${i}`;
      try {
        const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
        postgres.push(await ingestThroughput(store));
        await store.close();
      } catch (err) {
        console.warn(`PostgreSQL not measured (${POSTGRES_URL}): ${(err as Error).message}`);
        postgres = null;
      } finally {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect().then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    }
  }
  return { wire, ingest: { sqlite, postgres } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureSync();
  const { ours, xapiGzip, xapiRaw, xapiAlone } = figures.wire;
  const r = (n: number) => n.toFixed(1);
  console.log(`upload per completion, batch of 50 (gzip, as sent): median ${r(ours.median)} B (${r(ours.min)} – ${r(ours.max)}), target ≤ 60 B: ${ours.median <= 60 ? 'meets target' : 'MISSES target'}`);
  console.log(`same completions as xAPI statements: ${r(xapiRaw.median)} B each minified, ${r(xapiAlone.median)} B each gzipped alone, ${r(xapiGzip.median)} B each in a gzipped batch of 50`);
  const rate = (runs: number[] | null) => (runs ? `${Math.round(Math.min(...runs))}–${Math.round(Math.max(...runs))} records/s (median ${Math.round([...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!)})` : 'not measured');
  console.log(`ingest over HTTP, 200-record batches, 2 senders: SQLite ${rate(figures.ingest.sqlite)}; PostgreSQL ${rate(figures.ingest.postgres)}`);
}
