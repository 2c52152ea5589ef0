import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { asSent, LrsProcess } from '../../harness/lrs-process.ts';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { AttemptRecord, DeviceRecord } from '../../src/shared/sync/records.ts';
import type { Statement } from '../../src/server/xapi/statement.ts';
import { until } from '../helpers/until.ts';
import { siteApi, useApiServer } from '../helpers/site-api.ts';
import { startForwarding } from '../../src/server/xapi/forwarder.ts';
import { moduleVersion } from '../../src/node/module-archive.ts';

const ADMIN = 'admin-token-for-lrs-round-trip-1';
const PASSPHRASE = 'correct horse battery';
const LRS_PORT = 18_911;
const LEARNERS = ['1001', '1002', '1003', '1004', '1005'];

interface StatementResult { statements: Statement[]; more: string }

/**
 * Our statements through a real LRS (Learning Locker's xapi-statements, in
 * its own process): posted in batches, read back the same; a replay is
 * taken as a repeat, a changed statement under the same id is refused.
 */
describe('xAPI statements at a real LRS', () => {
  const kind = STORE_KINDS[0]!;
  const now = Date.UTC(2026, 11, 3, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-lrs-trip-'));
  const contentDir = join(scratch, 'published');
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir, publicUrl: 'https://training.plant.example' });
  const { api, json, enrollKiosk, sync, stamp, unsignedSignoff, sign } = siteApi(() => env.base, ADMIN, () => now);
  const lrs = new LrsProcess(LRS_PORT);
  const ours: Statement[] = [];
  let lockoutHash = '';

  const toLrs = (statements: unknown[]) => fetch(lrs.statementsUrl, { method: 'POST', headers: { ...lrs.headers, 'Content-Type': 'application/json' }, body: JSON.stringify(statements) });
  beforeAll(async () => {
    await lrs.start();
    expect((await publish({ sourceDir: FIXTURE_COURSE, outDir: contentDir, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    const lockout = (JSON.parse(readFileSync(join(contentDir, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === 'lockout-tagout' && m.lang === 'en')!;
    lockoutHash = lockout.hash;
    const module = JSON.parse(readFileSync(join(contentDir, lockout.url.replace('/content/', '')), 'utf8')) as TrainingModule;
    await api('PUT', '/api/v1/admin/sites/plant-a', { name: 'Plant A', lang: 'en' });
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [...LEARNERS.map((id) => person(id)), person('9001', { supervisor: true })] });
    await api('PUT', '/api/v1/admin/people/9001/passphrase', { passphrase: PASSPHRASE });
    const kiosk = await enrollKiosk('plant-a');
    const key = module.quiz.questions.map((q) => q.correct);
    const records: DeviceRecord[] = [];
    for (const [i, learnerId] of LEARNERS.entries()) {
      const about = { learnerId, moduleId: 'lockout-tagout', lang: 'en', moduleHash: lockout.hash };
      // A wrong first try for some, then a pass, its completion, a reading checkpoint and a follow-up answer.
      if (i % 2) records.push({ ...stamp(kiosk.deviceId), ...about, kind: 'attempt', answers: key.map(() => [9]), correct: 0, total: key.length, score: 0, passed: false });
      const passed: AttemptRecord = { ...stamp(kiosk.deviceId), ...about, kind: 'attempt', answers: key, correct: key.length, total: key.length, score: 100, passed: true };
      records.push(
        { ...stamp(kiosk.deviceId), ...about, kind: 'checkpoint', section: i % module.sections.length },
        passed,
        { ...stamp(kiosk.deviceId), ...about, kind: 'completion', attemptId: passed.id, score: 100 },
        { ...stamp(kiosk.deviceId), ...about, kind: 'review', question: i % key.length, correct: i !== 2 },
      );
    }
    records.push(await sign(unsignedSignoff(kiosk.deviceId, '9001', LEARNERS), kiosk, PASSPHRASE));
    const { body } = await sync(kiosk, records);
    expect(body.rejected).toEqual([]);
    for (let next = '/api/v1/xapi/statements?ascending=true&limit=7'; next;) {
      const page = await json<StatementResult>(api('GET', next));
      ours.push(...page.statements.map(asSent));
      next = page.more;
    }
  });
  afterAll(async () => {
    await lrs.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.skipIf(!kind.available)('takes every statement in batches, and gives back the same ones', async () => {
    expect(ours.length).toBeGreaterThan(40);
    for (let i = 0; i < ours.length; i += 20) {
      const res = await toLrs(ours.slice(i, i + 20));
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toEqual(ours.slice(i, i + 20).map((s) => s.id));
    }
    const back = new Map((await lrs.statements<Statement>()).map((s) => [s.id, asSent(s)]));
    expect([...back.keys()].sort()).toEqual(ours.map((s) => s.id).sort());
    for (const s of ours) expect(back.get(s.id), s.id).toEqual(s);
  });

  it.skipIf(!kind.available)('takes a replay as a repeat, and refuses a changed statement under the same id with 409', async () => {
    expect((await toLrs(ours.slice(0, 20))).status).toBe(200);
    const passed = ours.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/passed' && s.result?.score?.max === 100)!;
    const changed = { ...passed, result: { ...passed.result, score: { scaled: 0.5, raw: 50, min: 0, max: 100 } } };
    const res = await toLrs([changed]);
    expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([409, `${passed.id} is conflicting`]);
    expect((await lrs.statements<Statement>()).length).toBe(ours.length);
  });

  it.skipIf(!kind.available)('forwards the outbox, keeping aside with the LRS\'s reason the one record it will not take', async () => {
    // Two new readings; the LRS already holds a different statement under the first one's id.
    const kiosk = await enrollKiosk('plant-a');
    const readings = LEARNERS.slice(0, 2).map((learnerId): DeviceRecord => ({ ...stamp(kiosk.deviceId), learnerId, moduleId: 'lockout-tagout', lang: 'en', moduleHash: lockoutHash, kind: 'checkpoint', section: 0 }));
    expect((await sync(kiosk, readings)).body.acked).toHaveLength(2);
    const fresh = (await json<StatementResult>(api('GET', '/api/v1/xapi/statements?limit=2'))).statements.map(asSent);
    const taken = fresh.find((s) => s.actor.account.name === '1001')!;
    expect((await toLrs([{ ...taken, result: { extensions: { 'https://training.plant.example/xapi/extensions/section': 9 } } }])).status).toBe(200);

    // Every record this file stored is in the outbox: most are repeats at the LRS, one conflicts, one is new.
    const forwarding = startForwarding({
      stores: env.stores, target: async () => ({ lrs: { endpoint: `http://127.0.0.1:${LRS_PORT}/xAPI`, key: 'test', secret: 'test' }, homePage: 'https://training.plant.example' }),
      versionOf: (id, lang, hash) => moduleVersion(contentDir, id, lang, hash), claimer: 'test-forwarder', batch: 50,
    });
    try {
      await until(async () => (await env.stores.xapi.status()).waiting === 0, 60);
    } finally {
      await forwarding.stop();
    }
    const status = await env.stores.xapi.status();
    expect([status.waiting, status.conflicts, status.refused]).toEqual([0, 1, 0]);
    expect(status.latest[0]!.reason).toBe(`the LRS holds a different statement under the same id (409): ${taken.id} is conflicting`);
    expect(status.lastSent!.statements).toBeGreaterThan(0);
    const back = new Map((await lrs.statements<Statement>()).map((s) => [s.id, asSent(s)]));
    expect(back.get(fresh.find((s) => s.id !== taken.id)!.id)).toEqual(fresh.find((s) => s.id !== taken.id));
    expect(back.size).toBe(ours.length + 2);
  });
});

