import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { encodeBody } from '../src/device/sync-transport.ts';
import { createApi } from '../src/server/api/api-router.ts';
import { createAppServer } from '../src/server/app-server.ts';
import type { Stores } from '../src/server/store/stores.ts';
import type { CompletionRecord, DeviceRecord, LearningRecord } from '../src/shared/sync/records.ts';
import { syncRequest, toWire } from '../src/shared/sync/wire.ts';
import { credentialDigest, fileKeys, summarize as summarizeRecords, writeRecordsFile } from '../src/shared/sync/records-file.ts';
import { MAX_RECORDS_PER_BATCH } from '../src/shared/sync/limits.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followUpRecords, shiftOfRecords } from '../harness/records.ts';
import { publishedCourse } from '../harness/published-course.ts';
import { STORE_KINDS } from '../harness/stores.ts';
import { ROOT } from '../src/node/paths.ts';
import { publish } from '../src/publisher/publish.ts';
import { DEMO, seedDemoSite } from '../src/server/demo-site.ts';
import { modulesFile, siteLanguages } from '../src/server/modules-file.ts';
import { enroll, siteWithKiosk } from '../harness/sites.ts';
import { summarize, type Summary } from './stats.ts';

const BATCH = 50;

/**
 * The same completion as an xAPI statement, as an LRS-backed course would send
 * it: actor account, verb, activity with its definition, result, context with
 * the course version and platform, timestamp and statement id.
 */
export function xapiStatement(c: CompletionRecord): object {
  return {
    id: c.id,
    actor: { objectType: 'Agent', name: c.learnerId, account: { homePage: 'https://training.example.com', name: c.learnerId } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
    object: {
      objectType: 'Activity',
      id: `https://training.example.com/modules/${c.moduleId}`,
      definition: { type: 'http://adlnet.gov/expapi/activities/module', name: { [c.lang]: c.moduleId } },
    },
    result: { score: { scaled: c.score / 100, raw: c.score, min: 0, max: 100 }, success: true, completion: true },
    context: {
      registration: c.attemptId,
      platform: 'lowband-learn',
      language: c.lang,
      extensions: { 'https://training.example.com/xapi/module-version': c.moduleHash, 'https://training.example.com/xapi/device': c.deviceId },
    },
    timestamp: new Date(c.at).toISOString(),
  };
}

export interface WireFigures {
  /** Gzipped request body per completion, as the device sends it (CompressionStream). */
  ours: Summary;
  /** The same completions as xAPI statements in one gzipped batch. */
  xapiGzip: Summary;
  /** One xAPI statement, minified, not compressed. */
  xapiRaw: Summary;
  /** One xAPI statement gzipped on its own, as sent one request per statement. */
  xapiAlone: Summary;
}

/** Upload bytes per completion in batches of 50 realistic, varied completions, over several seeds. */
export async function wireBytesPerCompletion(seeds = [1, 2, 3, 4, 5]): Promise<WireFigures> {
  const ours: number[] = [];
  const xapiGzip: number[] = [];
  const xapiRaw: number[] = [];
  const xapiAlone: number[] = [];
  for (const seed of seeds) {
    const records = shiftOfRecords({ deviceId: `dev-${seed}7c1e0b2-49f3-4d8a-9b61-0c2f5e8a7d3${seed}`, count: BATCH, seed }) as CompletionRecord[];
    const { body } = await encodeBody(JSON.stringify(syncRequest(records[0]!.deviceId, records)));
    ours.push((body as ArrayBuffer).byteLength / BATCH);
    const statements = records.map(xapiStatement);
    xapiGzip.push(gzipSync(JSON.stringify(statements)).length / BATCH);
    xapiRaw.push(statements.reduce((sum, s) => sum + JSON.stringify(s).length, 0) / BATCH);
    xapiAlone.push(statements.reduce((sum, s) => sum + gzipSync(JSON.stringify(s)).length, 0) / BATCH);
  }
  return { ours: summarize(ours), xapiGzip: summarize(xapiGzip), xapiRaw: summarize(xapiRaw), xapiAlone: summarize(xapiAlone) };
}

/** Upload bytes per follow-up review record, and per record when dwell events travel with them, in batches of 50. */
export async function wireBytesPerReview(seeds = [1, 2, 3, 4, 5]): Promise<{ reviews: Summary; withEvents: Summary }> {
  const per = async (seed: number, events: boolean) => {
    const deviceId = `dev-${seed}7c1e0b2-49f3-4d8a-9b61-0c2f5e8a7d3${seed}`;
    const records = followUpRecords({ deviceId, count: BATCH, seed, events });
    const { body } = await encodeBody(JSON.stringify(syncRequest(deviceId, records)));
    return (body as ArrayBuffer).byteLength / BATCH;
  };
  const reviews: number[] = [];
  const withEvents: number[] = [];
  for (const seed of seeds) {
    reviews.push(await per(seed, false));
    withEvents.push(await per(seed, true));
  }
  return { reviews: summarize(reviews), withEvents: summarize(withEvents) };
}

export interface UsbFigures {
  /** The batch-of-50 completions of wireBytesPerCompletion, as one records file: bytes per completion. */
  completions: Summary;
  /** 1,000 mixed records as one records file, and as the device syncs them (batches of 200, gzip): bytes per record. */
  mixedFile: Summary;
  mixedSync: Summary;
}

/**
 * Bytes per record in a records file for a USB stick (shared/sync/records-file.ts:
 * manifest, sealed gzip, base64), against the same records on the network path.
 */
export async function usbBytesPerRecord(seeds = [1, 2, 3, 4, 5]): Promise<UsbFigures> {
  const keys = await fileKeys(await credentialDigest('a-bench-kiosk-credential'), 'dev-bench');
  const gzip = async (b: Uint8Array) => new Uint8Array((await encodeBody(new TextDecoder().decode(b))).body as ArrayBuffer);
  const fileBytes = async (records: DeviceRecord[]) => Buffer.byteLength(await writeRecordsFile({
    device: records[0]!.deviceId, label: 'Canteen kiosk', site: 'bench', savedAt: Date.UTC(2026, 10, 21), roster: null, lines: records.map((r) => JSON.stringify(toWire(r))), summary: summarizeRecords(records),
  }, keys, gzip));
  const completions: number[] = [];
  const mixedFile: number[] = [];
  const mixedSync: number[] = [];
  for (const seed of seeds) {
    const deviceId = `dev-${seed}7c1e0b2-49f3-4d8a-9b61-0c2f5e8a7d3${seed}`;
    completions.push((await fileBytes(shiftOfRecords({ deviceId, count: BATCH, seed }))) / BATCH);
    const mixed = shiftOfRecords({ deviceId, count: 1000, seed, kinds: 'mixed' });
    mixedFile.push((await fileBytes(mixed)) / mixed.length);
    let synced = 0;
    for (let i = 0; i < mixed.length; i += MAX_RECORDS_PER_BATCH) {
      synced += ((await encodeBody(JSON.stringify(syncRequest(deviceId, mixed.slice(i, i + MAX_RECORDS_PER_BATCH))))).body as ArrayBuffer).byteLength;
    }
    mixedSync.push(synced / mixed.length);
  }
  return { completions: summarize(completions), mixedFile: summarize(mixedFile), mixedSync: summarize(mixedSync) };
}

/**
 * The modules file the console makes for the demo site (every module in its
 * readers' languages, with images, signed), from the demo course published
 * afresh: its size on the stick, and what it holds.
 */
export async function demoModulesFile(): Promise<{ bytes: number; modules: number; langs: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'lowband-bench-modules-'));
  const { stores, dispose } = await STORE_KINDS[0]!.open();
  try {
    const published = await publish({ sourceDir: join(ROOT, 'content'), outDir: join(dir, 'published'), budgetsFile: join(ROOT, 'budgets.json') });
    if (!published.ok) throw new Error('the demo course did not publish');
    const now = Date.UTC(2026, 11, 5);
    await seedDemoSite(stores, join(ROOT, 'content/demo-roster.csv'), now);
    const site = await stores.sites.site(DEMO.siteId);
    const langs = siteLanguages(site, await stores.sites.people(site.id));
    const file = await modulesFile(join(dir, 'published'), site, langs, await stores.keys.contentKey(now), now);
    return { bytes: Buffer.byteLength(file.text), modules: file.modules, langs };
  } finally {
    await stores.close();
    await dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Records per second through the real sync endpoint (HTTP, gzip, schema
 * check, one durable transaction per batch), batches of 200 mixed records,
 * two kiosks sending at once.
 */
export async function ingestThroughput(stores: Stores, batches = 40): Promise<number> {
  // Production's path: the content folder given, so every record goes through the plausibility checks
  // (a version published here, a passed attempt behind each completion) against the versions it names.
  const course = await publishedCourse();
  const server: Server = createAppServer({ distDir: '/nonexistent', contentDir: course.contentDir, api: createApi({ stores, adminToken: 'x'.repeat(24), contentDir: course.contentDir }) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/sync`;
  // Two kiosks enrolled at one site whose roster holds the shift's learners, as in production.
  const kiosks = [`dev-bench-0-${Date.now()}`, `dev-bench-1-${Date.now()}`];
  const tokens = [await siteWithKiosk(stores, { siteId: 'bench', deviceId: kiosks[0]! }), await enroll(stores, 'bench', kiosks[1]!)];
  const bodies = Array.from({ length: batches }, (_, i) => {
    const deviceId = kiosks[i % 2]!;
    const records: LearningRecord[] = shiftOfRecords({ deviceId, count: 200, seed: 1000 + i, kinds: 'mixed', start: Date.now() - 86_400_000, modules: course.modules });
    return gzipSync(JSON.stringify(syncRequest(deviceId, records)));
  });
  const post = async (body: Buffer, token: string) => {
    const res = await fetch(url, { method: 'POST', body: new Uint8Array(body), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`);
    // Every record stored: a refused one would make the rate a rate of refusals.
    const answer = (await res.json()) as { acked: string[]; rejected: { reason: string }[] };
    if (answer.rejected.length) throw new Error(`ingest: ${answer.rejected.length} records refused, first: ${answer.rejected[0]!.reason}`);
  };
  const started = performance.now();
  // One sender per kiosk, each with its own batches.
  await Promise.all([0, 1].map(async (k) => { for (let i = k; i < bodies.length; i += 2) await post(bodies[i]!, tokens[k]!); }));
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => server.close(resolve));
  return (batches * 200) / seconds;
}
