import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/server/api/api-router.ts';
import { CONFLICT_REASON } from '../../src/server/api/sync-api.ts';
import { createAppServer } from '../../src/server/app-server.ts';
import type { RecordStore } from '../../src/server/store/record-store.ts';
import type { Sql } from '../../src/server/store/sql.ts';
import type { Stores } from '../../src/server/store/stores.ts';
import { MAX_REQUEST_BODY_BYTES } from '../../src/shared/sync/limits.ts';
import type { CompletionRecord, LearningRecord } from '../../src/shared/sync/records.ts';
import { syncRequest, toWire, type SyncResponse } from '../../src/shared/sync/wire.ts';
import { wireRecordChecker } from '../../src/server/api/wire-schema.ts';
import { shiftOfRecords } from '../../harness/records.ts';
import { publishedCourse, type PublishedCourse } from '../../harness/published-course.ts';
import { enroll, siteWithKiosk } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { allIds, countByKind } from '../helpers/record-queries.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const NOW = Date.UTC(2026, 10, 23, 12, 0);

/**
 * The sync API as production runs it: with its content folder, so every
 * record goes through the plausibility checks (a version published here, a
 * passed attempt behind each completion, a learner on the site's roster).
 */
describe.each(STORE_KINDS)('sync API on $name', (kind) => {
  let course: PublishedCourse;
  /** A device's shift of records for the versions published here. */
  const shift = (options: Omit<Parameters<typeof shiftOfRecords>[0], 'modules'>) => shiftOfRecords({ ...options, modules: course.modules });
  let stores: Stores;
  let store: RecordStore;
  let db: Sql;
  let server: Server;
  let base = '';
  let dispose: () => Promise<void>;
  let reopen: () => Promise<Stores>;
  /** Each kiosk id of these tests, enrolled at one site whose roster holds the shift's learners. */
  const tokens = new Map<string, string>();
  const tokenFor = async (deviceId: string) => {
    if (!tokens.has(deviceId)) tokens.set(deviceId, tokens.size ? await enroll(stores, 'plant', deviceId, NOW) : await siteWithKiosk(stores, { siteId: 'plant', deviceId, now: NOW }));
    return tokens.get(deviceId)!;
  };

  beforeAll(async () => {
    if (!kind.available) return;
    course = await publishedCourse();
    ({ stores, store, db, dispose, reopen } = await kind.open());
    await tokenFor('kiosk-x');
    server = createAppServer({ distDir: '/nonexistent', contentDir: course.contentDir, api: createApi({ stores, adminToken: ADMIN_TOKEN, now: () => NOW, contentDir: course.contentDir }) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (!kind.available) return;
    await new Promise((resolve) => server.close(resolve));
    await stores.close();
    await dispose();
  });

  const post = async (body: BodyInit, headers: Record<string, string> = {}, deviceId = 'kiosk-x') => fetch(`${base}/api/v1/sync`, {
    method: 'POST', body, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenFor(deviceId)}`, ...headers },
  });
  const send = async (deviceId: string, records: LearningRecord[]) => {
    const res = await post(gzipSync(JSON.stringify(syncRequest(deviceId, records))), { 'Content-Encoding': 'gzip' }, deviceId);
    expect(res.status).toBe(200);
    return (await res.json()) as SyncResponse;
  };
  const admin = (path: string) => fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });

  it.skipIf(!kind.available)('stores a batch once, acknowledges a re-sent batch, and rejects a reused id with other content', async () => {
    const records = shift({ deviceId: 'kiosk-a', count: 60, seed: 1, kinds: 'mixed' });
    const first = await send('kiosk-a', records);
    expect(first).toEqual({ acked: records.map((r) => r.id), rejected: [] });
    const again = await send('kiosk-a', records);
    expect(again.acked).toEqual(records.map((r) => r.id));
    expect(await countByKind(db)).toEqual({ completion: 20, attempt: 20, checkpoint: 20 });

    const original = records.find((r): r is CompletionRecord => r.kind === 'completion')!;
    // The same id, a second later: content the plausibility checks pass, and not what was stored.
    const forged = { ...original, at: original.at + 1000 };
    const conflict = await send('kiosk-a', [forged]);
    expect(conflict).toEqual({ acked: [], rejected: [{ index: 0, id: original.id, reason: CONFLICT_REASON }] });
    const [stored] = (await store.completions({ limit: 1000 })).items.filter((c) => c.id === original.id);
    expect(stored?.score).toBe(original.score);
    // The same id from another device is a conflict too, not a duplicate.
    expect((await send('kiosk-b', [original])).rejected[0]?.reason).toBe(CONFLICT_REASON);
  });

  it.skipIf(!kind.available)('answers every record: valid ones acked, bad ones rejected with the field named', async () => {
    // Three passes: a checkpoint, a passed attempt and a completion each. The second completion's clock is a
    // month ahead, the third's score is 140; then two things that are no records at all.
    const records = shift({ deviceId: 'kiosk-v', count: 9, seed: 3, kinds: 'mixed' });
    const [late, badScore] = [records[5]!, records[8]!] as CompletionRecord[];
    expect([late!.kind, badScore!.kind]).toEqual(['completion', 'completion']);
    const body = syncRequest('kiosk-v', records);
    body.records[5]![3] = NOW + 30 * 24 * 3600 * 1000;
    body.records[8]![9] = 140;
    (body.records as unknown[]).push(['x', 'nope'], 'not a record');
    const res = await post(JSON.stringify(body), {}, 'kiosk-v');
    const answer = (await res.json()) as SyncResponse;
    expect(answer.acked).toEqual(records.filter((r) => r !== late && r !== badScore).map((r) => r.id));
    expect(answer.rejected.map((r) => [r.index, r.id])).toEqual([[5, late!.id], [8, badScore!.id], [9, null], [10, null]]);
    expect(answer.rejected[0]!.reason).toMatch(/^at: must be at most/);
    expect(answer.rejected[1]!.reason).toBe('score: must be at most 100');
    expect(answer.rejected[2]!.reason).toMatch(/^kind:/);
  });

  it.skipIf(!kind.available)('refuses requests it cannot trust or read, with a clear 4xx', async () => {
    const valid = JSON.stringify(syncRequest('kiosk-x', shift({ deviceId: 'kiosk-x', count: 1, seed: 4 })));
    const cases: [Promise<Response>, number, RegExp][] = [
      [fetch(`${base}/api/v1/sync`, { method: 'POST', body: valid, headers: { 'Content-Type': 'application/json' } }), 401, /device credential/],
      [post(valid, { Authorization: 'Bearer wrong-token-000000000000' }), 401, /not known here/],
      [post(valid, {}, 'kiosk-a'), 403, /belongs to device kiosk-a, not kiosk-x/],
      [post(valid, { 'Content-Type': 'text/plain' }), 415, /Content-Type must be application\/json/],
      [post(valid, { 'Content-Encoding': 'br' }), 415, /Content-Encoding "br"/],
      [post('{"v":1,'), 400, /not valid JSON/],
      [post(Buffer.from('not gzip at all'), { 'Content-Encoding': 'gzip' }), 400, /not valid gzip/],
      [post('x'.repeat(MAX_REQUEST_BODY_BYTES + 1)), 413, /limit/],
      [post(gzipSync(Buffer.alloc(10 * 1024 * 1024, 32)), { 'Content-Encoding': 'gzip' }), 413, /inflates/],
      [post(JSON.stringify({ v: 2, device: 'k', records: [] })), 400, /^Bad sync request: v:/],
      [post(JSON.stringify({ v: 1, device: 'k', records: [] })), 400, /records: must not be empty/],
      [post(JSON.stringify({ v: 1, device: 'bad device id!', records: [[]] })), 400, /device:/],
      [fetch(`${base}/api/v1/sync`, { headers: { Authorization: `Bearer ${await tokenFor('kiosk-x')}` } }), 405, /takes POST/],
      [admin('/api/v1/nothing'), 404, /No API/],
      [fetch(`${base}/api/v1/completions`, { headers: { Authorization: `Bearer ${await tokenFor('kiosk-x')}` } }), 401, /admin token/],
      [admin('/api/v1/completions?limit=0'), 400, /^limit:/],
      [admin('/api/v1/completions?from=yesterday'), 400, /^from:/],
      [admin('/api/v1/completions?learner=a&colour=red'), 400, /Unknown parameter "colour"/],
    ];
    for (const [response, status, message] of cases) {
      const res = await response;
      const body = (await res.json()) as { error: string };
      expect([res.status, body.error]).toEqual([status, expect.stringMatching(message)]);
    }
  });

  it.skipIf(!kind.available)('pages through completions by learner, module and time, and exports them as CSV', async () => {
    const records = shift({ deviceId: 'kiosk-p', count: 360, seed: 5, start: Date.UTC(2026, 9, 1), kinds: 'mixed' });
    for (let i = 0; i < records.length; i += 120) await send('kiosk-p', records.slice(i, i + 120));
    const mine = records.filter((r): r is CompletionRecord => r.kind === 'completion' && r.at < Date.UTC(2026, 10, 1));
    const seen: string[] = [];
    for (let next: string | null = ''; next !== null;) {
      const res = await admin(`/api/v1/completions?from=2026-10-01&to=2026-11-01&limit=7${next ? `&after=${next}` : ''}`);
      const page = (await res.json()) as { items: { id: string }[]; next: string | null };
      seen.push(...page.items.map((i) => i.id));
      next = page.next;
    }
    expect(seen).toEqual(mine.map((r) => r.id));

    const learner = records[0]!.learnerId;
    const byLearner = (await (await admin(`/api/v1/completions?learner=${learner}&module=${records[0]!.moduleId}`)).json()) as { items: { learnerId: string; moduleId: string }[] };
    expect(byLearner.items.length).toBeGreaterThan(0);
    expect(byLearner.items.every((i) => i.learnerId === learner && i.moduleId === records[0]!.moduleId)).toBe(true);

    const csv = await admin('/api/v1/completions.csv?from=2026-10-01&to=2026-11-01');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('learner_id,module_id,language,module_version,score_percent,completed_at,received_at,device_id,device_seq,completion_id,attempt_id');
    expect(lines.slice(1).map((l) => l.split(',')[9])).toEqual(mine.map((r) => r.id));
    expect(lines[1]!.split(',')[5]).toBe(new Date(mine[0]!.at).toISOString());
  });

  it.skipIf(!kind.available)('survives hostile bodies: never a 5xx, never a record that breaks the schema', async () => {
    const valid = syncRequest('kiosk-f', shift({ deviceId: 'kiosk-f', count: 4, seed: 6, kinds: 'mixed' }));
    const mutated = fc.record({ index: fc.nat(3), field: fc.nat(12), value: fc.jsonValue() }).map(({ index, field, value }) => {
      const copy = structuredClone(valid);
      (copy.records[index] as unknown[])[field] = value;
      return JSON.stringify(copy);
    });
    const body = fc.oneof(
      mutated,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => JSON.stringify({ v: 1, device: 'kiosk-f', records: [v] })),
      fc.string().map((s) => `{"v":1,"device":"kiosk-f","records":[${s}]}`),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    );
    await fc.assert(fc.asyncProperty(body, fc.boolean(), async (payload, gzip) => {
      const res = await post(gzip ? gzipSync(payload) : payload, gzip ? { 'Content-Encoding': 'gzip' } : {}, 'kiosk-f');
      expect(res.status).toBeLessThan(500);
      await res.arrayBuffer();
    }), { numRuns: 150, seed: 42 });
    const check = wireRecordChecker(NOW);
    const stored = (await store.completions({ limit: 1000 })).items;
    // Some mutations leave a batch valid: the fuzz stored records of its own, so the check below reads rows it made.
    expect(stored.filter((row) => row.deviceId === 'kiosk-f').length).toBeGreaterThan(0);
    for (const row of stored) {
      const wire = toWire({ kind: 'completion', id: row.id, deviceId: row.deviceId, seq: row.deviceSeq, at: row.completedAt, learnerId: row.learnerId, moduleId: row.moduleId, lang: row.lang, moduleHash: row.moduleHash, attemptId: row.attemptId, score: row.score });
      expect(check(wire)).toMatchObject({ ok: true });
    }
  });
  it.skipIf(!kind.available)('stores a batch all or nothing: when the last write of the batch fails, none of its records is kept or acknowledged', async () => {
    const records = shift({ deviceId: 'kiosk-t', count: 12, seed: 9, kinds: 'mixed' });
    const body = () => JSON.stringify(syncRequest('kiosk-t', records, { queued: records.length, pending: [] }));
    // The device's contact report is written last, in the same transaction: take its table away.
    await db.run('ALTER TABLE device_pending RENAME TO device_pending_gone');
    try {
      const res = await post(body(), {}, 'kiosk-t');
      expect(res.status).toBeGreaterThanOrEqual(500);
      const held = new Set(await allIds(db));
      expect(records.filter((r) => held.has(r.id))).toEqual([]);
    } finally {
      await db.run('ALTER TABLE device_pending_gone RENAME TO device_pending');
    }
    const res = await post(body(), {}, 'kiosk-t');
    expect(res.status).toBe(200);
    expect(((await res.json()) as SyncResponse).acked.sort()).toEqual(records.map((r) => r.id).sort());
  });

  it.skipIf(!kind.available)('keeps what it acknowledged across a restart of the store (last: the server keeps the closed one)', async () => {
    const records = shift({ deviceId: 'kiosk-r', count: 30, seed: 2, kinds: 'mixed' }).filter((r) => r.kind !== 'checkpoint');
    await send('kiosk-r', records);
    await stores.close();
    stores = await reopen();
    store = stores.records;
    // Read through the reopened store's own new connection, not one that lived through the restart.
    const kept = (await store.completions({ limit: 1000 })).items.filter((row) => row.deviceId === 'kiosk-r');
    expect(kept.map((row) => row.id).sort()).toEqual(records.filter((r) => r.kind === 'completion').map((r) => r.id).sort());
  });

});
