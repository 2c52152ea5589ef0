import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import { campaignFromWire, type CampaignDefinition } from '../../src/shared/campaign/campaign.ts';
import type { CampaignReport } from '../../src/shared/campaign/report.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { AttemptRecord, CompletionRecord, DeviceRecord, EventRecord, ReviewRecord } from '../../src/shared/sync/records.ts';
import { seedSyntheticActivity, SYNTHETIC_SITES } from '../../src/server/synthetic-activity.ts';
import { siteApi, useApiServer } from '../helpers/site-api.ts';

const ADMIN = 'admin-token-for-campaign-tests-1';
const PASSWORD = 'a long enough password';
const DAY = 86_400_000;
const run = promisify(execFile);

/**
 * Campaigns through the real server: L&D define one in the console API, the
 * kiosks of its sites (only those) receive it in the roster delta, their
 * review and event records are checked and stored, and the report reduces
 * them to the funnel, the retention curve, item analysis and a pilot's
 * comparison, with the small-group rule.
 */
describe.each(STORE_KINDS)('campaigns on $name', (kind) => {
  const now = Date.UTC(2026, 11, 10, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-campaigns-'));
  const contentDir = join(scratch, 'published');
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir });
  const { api, enrollKiosk, roster, sync } = siteApi(() => env.base, ADMIN, () => now);
  let cookie = '';
  let lockout: Catalog['modules'][number];

  const consoleCall = (method: string, path: string, body?: unknown) => fetch(`${env.base}/api/v1/console${path}`, {
    method, headers: { Cookie: cookie, Origin: env.base, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const campaign = (over: Partial<CampaignDefinition> = {}): Omit<CampaignDefinition, 'id'> => ({
    name: 'Lockout week', start: { from: 'date', date: '2026-12-01' }, roles: ['maintenance'], nudgeAfterDays: 3, sites: ['plant-a'], pilot: true,
    steps: [
      { kind: 'teaser', day: 0, title: 'Your hands, your lock', text: 'Four minutes tomorrow.' },
      { kind: 'module', day: 1, moduleId: 'lockout-tagout' },
      { kind: 'follow-up', day: 8, moduleId: 'lockout-tagout' },
    ],
    ...over,
  });

  beforeAll(async () => {
    if (!kind.available) return;
    expect((await publish({ sourceDir: FIXTURE_COURSE, outDir: contentDir, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    lockout = (JSON.parse(readFileSync(join(contentDir, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === 'lockout-tagout' && m.lang === 'en')!;
    for (const id of ['plant-a', 'plant-b']) expect((await api('PUT', `/api/v1/admin/sites/${id}`, { name: id, lang: 'en' })).status).toBe(201);
    const crew = (prefix: number, n: number) => Array.from({ length: n }, (_, i) => person(String(prefix + i), { roles: ['maintenance'] }));
    expect((await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [...crew(1000, 6), person('1900', { roles: ['warehouse'] })] })).status).toBe(200);
    expect((await api('POST', '/api/v1/admin/sites/plant-b/roster', { people: crew(2000, 3) })).status).toBe(200);
    expect((await api('POST', '/api/v1/admin/console-users', { email: 'ld@plant.example', name: 'L&D', role: 'publisher', password: PASSWORD })).status).toBe(201);
    const res = await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'ld@plant.example', password: PASSWORD }) });
    cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const PASSED_AT = Date.UTC(2026, 11, 2, 10, 0);
  const moduleOf = (entry: Catalog['modules'][number]) => JSON.parse(readFileSync(join(contentDir, entry.url.replace('/content/', '')), 'utf8')) as TrainingModule;

  it.skipIf(!kind.available)('refuses a bad campaign with the field that is wrong, and keeps nothing of it', async () => {
    const bad = async (body: unknown) => {
      const res = await consoleCall('PUT', '/campaigns/lockout-week', body);
      return [res.status, ((await res.json()) as { error: string }).error];
    };
    expect(await bad(campaign({ steps: [{ kind: 'module', day: 400, moduleId: 'lockout-tagout' }] }))).toEqual([400, expect.stringMatching(/steps\[0\]\.day: must be at most 365/)]);
    expect(await bad(campaign({ steps: [{ kind: 'module', day: 1, moduleId: 'no-such-module' }] }))).toEqual([422, expect.stringMatching(/steps\[0\]\.moduleId: no module "no-such-module" is published/)]);
    expect(await bad(campaign({ steps: [{ kind: 'teaser', day: 0, title: 'T', text: 'x', image: '/content/media/not-there.svg' }] }))).toEqual([422, expect.stringMatching(/steps\[0\]\.image: \/content\/media\/not-there\.svg is not an image of a published module/)]);
    expect(await bad(campaign({ steps: [{ kind: 'teaser', day: 0, title: 'T', text: 'x', image: 'https://evil.example/x.png' }] }))).toEqual([400, expect.stringMatching(/steps\[0\]\.image: must be the address of a published image/)]);
    expect(await bad(campaign({ sites: ['plant-z'] }))).toEqual([422, expect.stringMatching(/sites\[0\]: there is no site "plant-z"/)]);
    expect(await bad(campaign({ steps: [{ kind: 'follow-up', day: 3, moduleId: 'lockout-tagout' }] }))).toEqual([400, expect.stringMatching(/a follow-up needs a module step/)]);
    // What a kiosk would parse and show: a site named twice, text that reorders itself or hides a character.
    expect(await bad(campaign({ sites: ['plant-a', 'plant-a'] }))).toEqual([400, expect.stringMatching(/sites: must name each site once/)]);
    expect(await bad(campaign({ sites: Array.from({ length: 501 }, (_, i) => `plant-${i}`) }))).toEqual([400, expect.stringMatching(/sites: may name at most 500 sites/)]);
    expect(await bad(campaign({ steps: [{ kind: 'teaser', day: 0, title: 'Safe', text: 'Press \u202Estop' }] }))).toEqual([400, expect.stringMatching(/steps\[0\]\.text: contains a direction-changing or control character \(U\+202E\)/)]);
    expect(await bad(campaign({ name: 'Lockout\u200b week' }))).toEqual([400, expect.stringMatching(/name: contains an invisible or direction-changing character \(U\+200B\)/)]);
    expect(((await (await consoleCall('GET', '/campaigns')).json()) as { campaigns: unknown[] }).campaigns).toEqual([]);
  });

  it.skipIf(!kind.available)('sends a campaign to the kiosks of its sites only, in the roster delta, then not again until it changes', async () => {
    expect((await consoleCall('PUT', '/campaigns/lockout-week', campaign())).status).toBe(201);
    const a = await enrollKiosk('plant-a');
    const b = await enrollKiosk('plant-b');
    const full = await roster(a.token);
    expect(full.campaigns!.map(campaignFromWire)).toEqual([{ id: 'lockout-week', name: 'Lockout week', start: { from: 'date', date: '2026-12-01' }, roles: ['maintenance'], nudgeAfterDays: 3, steps: campaign().steps }]);
    // Where it runs and that it is a pilot stay on the server.
    expect(JSON.stringify(full.campaigns)).not.toMatch(/plant-a|pilot/);
    expect((await roster(b.token)).campaigns).toEqual([]);
    expect((await roster(a.token, full.cursor)).campaigns).toBeNull();
    expect((await consoleCall('PUT', '/campaigns/lockout-week', campaign({ name: 'Lockout week, second run' }))).status).toBe(200);
    expect((await roster(a.token, full.cursor)).campaigns!.map((w) => w[1])).toEqual(['Lockout week, second run']);
    expect((await consoleCall('PUT', '/campaigns/lockout-week', campaign())).status).toBe(200);
  });

  it.skipIf(!kind.available)('stores follow-up reviews and learning events, and refuses malformed ones by field', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const ref = { moduleId: 'lockout-tagout', lang: 'en', moduleHash: lockout.hash };
    let seq = 1;
    const stamp = (at: number) => ({ id: uuidv7(), deviceId: kiosk.deviceId, seq: seq++, at });
    // 1000 passes the module (on the day the next test's learners do), then answers a follow-up.
    const rightAnswers = moduleOf(lockout).quiz.questions.map((q) => q.correct);
    const attempt: AttemptRecord = { ...stamp(PASSED_AT), kind: 'attempt', learnerId: '1000', ...ref, answers: rightAnswers, correct: rightAnswers.length, total: rightAnswers.length, score: 100, passed: true };
    const done: CompletionRecord = { ...stamp(PASSED_AT), kind: 'completion', learnerId: '1000', ...ref, attemptId: attempt.id, score: 100 };
    const review: ReviewRecord = { ...stamp(now - DAY), kind: 'review', learnerId: '1000', ...ref, question: 2, correct: true };
    const event: EventRecord = { ...stamp(now - DAY), kind: 'event', learnerId: '1000', type: 'search-miss', subject: '', part: 0, bucket: 0, text: 'arc flash' };
    const ok = await sync(kiosk, [attempt, done, review, event]);
    expect(ok.body).toEqual({ acked: [attempt.id, done.id, review.id, event.id], rejected: [] });
    const wrongType = { ...event, ...stamp(now), type: 'peeked' } as unknown as DeviceRecord;
    const wrongHash = { ...review, ...stamp(now), moduleHash: '000000000000' };
    const notOnRoster = { ...event, ...stamp(now), learnerId: '2000' };
    const refused = await sync(kiosk, [wrongType, wrongHash, notOnRoster]);
    expect(refused.body.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^type: must be one of delivered, teaser, opened, dwell, search-miss/),
      expect.stringMatching(/^moduleHash: 000000000000 is not a version of lockout-tagout/),
      'learnerId: 2000 is not on the roster of site plant-a',
    ]);
    // What a kiosk script could claim before: an answer to question 49 of a module with fewer, a review without a pass, events about nothing.
    const questions = moduleOf(lockout).quiz.questions.length + (moduleOf(lockout).followUp?.length ?? 0);
    const claims = await sync(kiosk, [
      { ...review, ...stamp(now), question: 48 },
      { ...review, ...stamp(now), learnerId: '1001' },
      { ...event, ...stamp(now), type: 'opened', subject: 'no-such-module', text: '' },
      { ...event, ...stamp(now), type: 'delivered', subject: 'not-our-campaign', text: '' },
      { ...event, ...stamp(now), subject: 'lockout-tagout' },
    ]);
    expect(claims.body.acked).toEqual([]);
    expect(claims.body.rejected.map((r) => r.reason)).toEqual([
      `question: lockout-tagout (en) version ${lockout.hash} has ${questions} follow-up questions, not a question 49`,
      'learnerId: 1001 has no completion of lockout-tagout here: follow-ups come after the module is passed',
      'subject: no module "no-such-module" is published on this server',
      'subject: no campaign "not-our-campaign" runs at this kiosk\'s site',
      'subject: a search names no module or campaign',
    ]);
  });

  it.skipIf(!kind.available)('reports the funnel, retention, item analysis, searches and the pilot, never counting fewer than 5 people', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const ref = { moduleId: 'lockout-tagout', lang: 'en', moduleHash: lockout.hash };
    const rightAnswers = moduleOf(lockout).quiz.questions.map((q) => q.correct);
    let seq = 100;
    const base = (learnerId: string, at: number) => ({ id: uuidv7(), deviceId: kiosk.deviceId, seq: seq++, at, learnerId });
    const passedAt = PASSED_AT;
    const records: DeviceRecord[] = [];
    // Five of six maintenance people take part; 1005 never signs in on a kiosk: the bounce.
    for (const id of ['1000', '1001', '1002', '1003', '1004']) {
      records.push({ ...base(id, passedAt - 3 * DAY), kind: 'event', type: 'delivered', subject: 'lockout-week', part: 0, bucket: 0, text: '' });
      records.push({ ...base(id, passedAt - 600_000), kind: 'event', type: 'opened', subject: 'lockout-tagout', part: 0, bucket: 0, text: '' });
      for (let s = 0; s < 6; s++) records.push({ ...base(id, passedAt - 500_000 + s), kind: 'checkpoint', ...ref, section: s });
      const attempt: AttemptRecord = { ...base(id, passedAt), kind: 'attempt', ...ref, answers: rightAnswers, correct: rightAnswers.length, total: rightAnswers.length, score: 100, passed: true };
      const done: CompletionRecord = { ...base(id, passedAt), kind: 'completion', ...ref, attemptId: attempt.id, score: 100 };
      records.push(attempt, done);
      records.push({ ...base(id, passedAt + 8 * DAY), kind: 'review', ...ref, question: 0, correct: id !== '1004' });
      records.push({ ...base(id, passedAt + DAY), kind: 'event', type: 'search-miss', subject: '', part: 0, bucket: 0, text: id === '1000' ? 'Arc flash ' : 'arc flash' });
    }
    const { body } = await sync(kiosk, records);
    expect(body.rejected).toEqual([]);

    const res = await consoleCall('GET', '/campaigns/lockout-week/report');
    expect(res.status).toBe(200);
    const report = (await res.json()) as CampaignReport;
    const [site] = report.sites;
    expect(site!.siteId).toBe('plant-a');
    const counts = Object.fromEntries(site!.funnel.map((r) => [r.step, 'people' in r.count ? r.count.people : 'fewer than 5']));
    expect(counts).toEqual({ assigned: 6, delivered: 5, opened: 5, read: 5, attempted: 5, passed: 5, retained7: 'fewer than 5', retained30: 0 });
    expect(site!.undelivered).toEqual({ fewerThan: 5 });
    expect(site!.funnel.find((r) => r.step === 'delivered')!.fromPrevious).toBe(83);
    // Five answers of this batch and 1000's answer of the test before (seven days after passing too): 5 of 6 right.
    expect(site!.retention[1]).toEqual({ from: 7, to: 14, people: { people: 5 }, answers: 6, correct: 83 });
    expect(report.items[0]).toMatchObject({ question: 0, attempts: 5, facility: 100, discrimination: null });
    expect(report.searches).toEqual([{ text: 'arc flash', people: { people: 5 } }]);
    // Plant B has the same roles without the campaign: too few people on either side to read anything into it.
    expect(report.pilot).toMatchObject({ verdict: 'too-small', pilot: { people: { people: 6 }, passed: { people: 5 } }, rest: { people: { fewerThan: 5 } } });
  });

  it.skipIf(!kind.available)('shows a site viewer the campaigns of their sites, and only their sites\' numbers', async () => {
    expect((await api('POST', '/api/v1/admin/console-users', { email: 'viewer.b@plant.example', name: 'Viewer B', role: 'viewer', sites: ['plant-b'], password: PASSWORD })).status).toBe(201);
    const res = await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'viewer.b@plant.example', password: PASSWORD }) });
    const viewer = res.headers.get('set-cookie')!.split(';')[0]!;
    const get = (path: string) => fetch(`${env.base}/api/v1/console${path}`, { headers: { Cookie: viewer } });
    expect(((await (await get('/campaigns')).json()) as { campaigns: unknown[] }).campaigns).toEqual([]);
    expect((await get('/campaigns/lockout-week/report')).status).toBe(404);
    expect((await fetch(`${env.base}/api/v1/console/campaigns/lockout-week`, { method: 'PUT', headers: { Cookie: viewer, Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify(campaign()) })).status).toBe(403);
  });

  it.skipIf(!kind.available)('prints the same report on the command line', async () => {
    const report = (await (await consoleCall('GET', '/campaigns/lockout-week/report')).json()) as CampaignReport;
    const { stdout } = await run('npx', ['tsx', 'src/admin/cli.ts', 'campaign', 'lockout-week', '--server', env.base], { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: ADMIN } });
    const passed = report.sites[0]!.funnel.find((r) => r.step === 'passed')!.count;
    expect(stdout).toContain(`plant-a (plant-a)\n  assigned                         6\n`);
    expect(stdout).toMatch(new RegExp(`passed\\s+${'people' in passed ? passed.people : 'fewer than 5'}\\s`));
    expect(stdout).toMatch(/knew it 7 days on\s+fewer than 5\n/);
    expect(stdout).toContain('searched, found nothing: "arc flash" (5 people)');
  });

  it.skipIf(!kind.available)('makes months of synthetic activity at two sites labelled synthetic, which the reports read like any other', async () => {
    const stored = await seedSyntheticActivity(env.stores, contentDir, 'lockout-week', now);
    expect(stored).toBeGreaterThan(500);
    const report = (await (await consoleCall('GET', '/campaigns/lockout-week/report')).json()) as CampaignReport;
    const north = report.sites.find((s) => s.siteId === SYNTHETIC_SITES[0].id)!;
    expect(north.synthetic).toBe(true);
    expect(report.sites.find((s) => s.siteId === 'plant-a')!.synthetic).toBe(false);
    const step = (name: string) => north.funnel.find((r) => r.step === name)!.count;
    expect(step('assigned')).toEqual({ people: 20 });
    expect(['delivered', 'opened', 'passed'].every((name) => 'people' in step(name) && (step(name) as { people: number }).people >= 5)).toBe(true);
    expect(north.retention.some((p) => p.correct !== null)).toBe(true);
    expect(report.items.every((i) => i.attempts >= 15)).toBe(true);
    expect(report.pilot?.verdict).toBe('too-small');
  });
});
