/**
 * npm run bench:sync — the sync figures alone, without the browser runs:
 * upload bytes per completion (ours vs xAPI) and ingest throughput on SQLite
 * and, when reachable, PostgreSQL.
 */
import { STORE_KINDS } from '../harness/stores.ts';
import { demoModulesFile, ingestThroughput, usbBytesPerRecord, wireBytesPerCompletion, wireBytesPerReview } from './sync-figures.ts';
import { summarize } from './stats.ts';

export interface SyncFigures {
  wire: Awaited<ReturnType<typeof wireBytesPerCompletion>>;
  followUps: Awaited<ReturnType<typeof wireBytesPerReview>>;
  /** Records carried on a USB stick; absent in results measured before there were records files. */
  usb?: Awaited<ReturnType<typeof usbBytesPerRecord>>;
  /** The demo site's modules file; absent in results measured before there were modules files. */
  modulesFile?: Awaited<ReturnType<typeof demoModulesFile>>;
  /** Records per second by store; null where the store is not reachable (PostgreSQL). */
  ingest: { sqlite: number[]; postgres: number[] | null };
}

/** Each round ingests into a fresh store (a new SQLite file, a new PostgreSQL schema), made and dropped by the test helpers. */
export async function measureSync(rounds = 5): Promise<SyncFigures> {
  const wire = await wireBytesPerCompletion();
  const followUps = await wireBytesPerReview();
  const usb = await usbBytesPerRecord();
  const modules = await demoModulesFile();
  const ingest: SyncFigures['ingest'] = { sqlite: [], postgres: null };
  for (const kind of STORE_KINDS.filter((k) => k.available)) {
    const rates: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const { stores, dispose } = await kind.open();
      try {
        rates.push(await ingestThroughput(stores));
      } finally {
        await stores.close();
        await dispose();
      }
    }
    ingest[kind.name] = rates;
  }
  return { wire, followUps, usb, modulesFile: modules, ingest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureSync();
  const { ours, xapiGzip, xapiRaw, xapiAlone } = figures.wire;
  const r = (n: number) => n.toFixed(1);
  console.log(`upload per completion, batch of 50 (gzip, as sent): median ${r(ours.median)} B (${r(ours.min)} – ${r(ours.max)}), target ≤ 60 B: ${ours.median <= 60 ? 'meets target' : 'MISSES target'}`);
  console.log(`same completions as xAPI statements: ${r(xapiRaw.median)} B each minified, ${r(xapiAlone.median)} B each gzipped alone, ${r(xapiGzip.median)} B each in a gzipped batch of 50`);
  const { reviews, withEvents } = figures.followUps;
  console.log(`upload per follow-up review, batch of 50: median ${r(reviews.median)} B (${r(reviews.min)} – ${r(reviews.max)}); with dwell events between them: ${r(withEvents.median)} B per record`);
  const { completions, mixedFile, mixedSync } = figures.usb!;
  console.log(`records file for a USB stick: ${r(completions.median)} B per completion (the same 50 as above); 1,000 mixed records: ${r(mixedFile.median)} B each in a file, ${r(mixedSync.median)} B each synced in batches of 200`);
  const m = figures.modulesFile!;
  console.log(`modules file for the demo site (${m.langs.join(', ')}): ${(m.bytes / 1024).toFixed(2)} KiB, ${m.modules} modules with their images`);
  const rate = (runs: number[] | null) => {
    if (!runs) return 'not measured';
    const { median, min, max } = summarize(runs);
    return `median ${Math.round(median)} records/s (${Math.round(min)}–${Math.round(max)} over ${runs.length} rounds), target ≥ 5,000: ${median >= 5000 ? 'meets target' : 'MISSES target'}`;
  };
  console.log('ingest over HTTP with the plausibility checks on (a published course), 200-record batches, 2 senders:');
  console.log(`  SQLite ${rate(figures.ingest.sqlite)}`);
  console.log(`  PostgreSQL ${rate(figures.ingest.postgres)}`);
}
