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
import type { QuizResult } from '../../src/shared/console/report.ts';
import type { PlacementReport, ShortCode } from '../../src/shared/console/posters.ts';
import { HIDDEN, isShown } from '../../src/shared/privacy-rule.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { AttemptRecord, CompletionRecord, DeviceRecord, EventRecord, ReviewRecord } from '../../src/shared/sync/records.ts';
import { seedSyntheticActivity, SYNTHETIC_SITES } from '../../src/server/synthetic-activity.ts';
import { consoleApi } from '../../src/server/console/console-api.ts';
import { SignInLimits } from '../../src/server/console/sign-in-limits.ts';
import { SITE_EXPORT_NAMES } from '../../src/server/console/site-exports.ts';
import { CONSOLE_API } from '../../src/shared/console/access.ts';
import { siteApi, useApiServer } from '../helpers/site-api.ts';
import { publishedVersions } from '../../src/node/published-index.ts';

const ADMIN = 'admin-token-for-campaign-tests-1';
const PASSWORD = 'a long enough password';
const SUPERVISOR_PASSPHRASE = 'correct horse battery';
const DAY = 86_400_000;
const run = promisify(execFile);

/**
 * Campaigns through the real server: L&D define one in the console API, the
 * kiosks of its sites (only those) receive it in the roster delta, their
 * review and event records are checked and stored, and the report reduces
 * them to the funnel, the retention curve, item analysis and a pilot's
 * comparison, with the privacy rule.
 */
describe.each(STORE_KINDS)('campaigns on $name', (kind) => {
  const now = Date.UTC(2026, 11, 10, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-campaigns-'));
  const contentDir = join(scratch, 'published');
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir });
  const { api, enrollKiosk, roster, sync, unsignedSignoff, sign } = siteApi(() => env.base, ADMIN, () => now);
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
    expect((await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [...crew(1000, 14), person('1900', { roles: ['warehouse'] }), person('9001', { supervisor: true })] })).status).toBe(200);
    expect((await api('PUT', '/api/v1/admin/people/9001/passphrase', { passphrase: SUPERVISOR_PASSPHRASE })).status).toBe(200);
    expect((await api('POST', '/api/v1/admin/sites/plant-b/roster', { people: crew(2000, 12) })).status).toBe(200);
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
    expect(await bad(campaign({ end: '2026-11-30' }))).toEqual([400, expect.stringMatching(/end: must be on or after the start date/)]);
    expect(await bad(campaign({ steps: [{ kind: 'follow-up', day: 3, moduleId: 'lockout-tagout' }] }))).toEqual([400, expect.stringMatching(/a follow-up needs a module step/)]);
    // What a kiosk would parse and show: a site named twice, text that reorders itself or hides a character.
    expect(await bad(campaign({ sites: ['plant-a', 'plant-a'] }))).toEqual([400, expect.stringMatching(/sites: must name each site once/)]);
    expect(await bad(campaign({ sites: Array.from({ length: 501 }, (_, i) => `plant-${i}`) }))).toEqual([400, expect.stringMatching(/sites: may name at most 500 sites/)]);
    expect(await bad(campaign({ steps: [{ kind: 'teaser', day: 0, title: 'Safe', text: 'Press \u202Estop' }] }))).toEqual([400, expect.stringMatching(/steps\[0\]\.text: contains a direction-changing or control character \(U\+202E\)/)]);
    // A translation is checked as the words it stands beside are, under a real language code.
    expect(await bad(campaign({ steps: [{ kind: 'teaser', day: 0, title: 'Safe', text: 'x', lang: 'en', translations: { nl: { title: 'Veilig', text: 'Druk \u202Estop' } } }] }))).toEqual([400, expect.stringMatching(/steps\[0\]\.translations\.nl\.text: contains a direction-changing or control character/)]);
    expect(await bad(campaign({ steps: [{ kind: 'teaser', day: 0, title: 'Safe', text: 'x', translations: { Dutch: { title: 'Veilig', text: 'x' } } }] }))).toEqual([400, expect.stringMatching(/steps\[0\]\.translations.*language code/)]);
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
      { ...event, ...stamp(now), type: 'useful', subject: 'lockout-tagout', bucket: 2, text: '' },
      { ...event, ...stamp(now), type: 'useful', subject: 'no-such-module', bucket: 1, text: '' },
    ]);
    expect(claims.body.acked).toEqual([]);
    expect(claims.body.rejected.map((r) => r.reason)).toEqual([
      `question: lockout-tagout (en) version ${lockout.hash} has ${questions} follow-up questions, not a question 49`,
      'learnerId: 1001 has no completion of lockout-tagout here: follow-ups come after the module is passed',
      'subject: no module "no-such-module" is published on this server',
      'subject: no campaign "not-our-campaign" runs at this kiosk\'s site',
      'subject: a search names no module or campaign',
      'bucket: "was this useful?" is 1 (yes) or 0 (not really)',
      'subject: no module "no-such-module" is published on this server',
    ]);
  });

  it.skipIf(!kind.available)('reports reach and learning inside the campaign window, each count through the privacy rule', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const ref = { moduleId: 'lockout-tagout', lang: 'en', moduleHash: lockout.hash };
    const questions = moduleOf(lockout).quiz.questions;
    const rightAnswers = questions.map((q) => q.correct);
    const wrongAnswers = questions.map((q) => [q.choices.findIndex((_, c) => !q.correct.includes(c))]);
    let seq = 100;
    const base = (learnerId: string, at: number) => ({ id: uuidv7(), deviceId: kiosk.deviceId, seq: seq++, at, learnerId });
    const event = (learnerId: string, at: number, type: EventRecord['type'], subject: string, text = ''): EventRecord => ({ ...base(learnerId, at), kind: 'event', type, subject, part: 0, bucket: 0, text });
    const quiz = (learnerId: string, at: number, pass: boolean): DeviceRecord[] => {
      const answers = pass ? rightAnswers : wrongAnswers;
      const attempt: AttemptRecord = { ...base(learnerId, at), kind: 'attempt', ...ref, answers, correct: pass ? answers.length : 0, total: answers.length, score: pass ? 100 : 0, passed: pass };
      return pass ? [attempt, { ...base(learnerId, at), kind: 'completion', ...ref, attemptId: attempt.id, score: 100 } satisfies CompletionRecord] : [attempt];
    };
    const records: DeviceRecord[] = [];
    // Eight of fourteen maintenance people go all the way; 1000 passed in the test before, on this day too.
    for (const id of ['1000', '1001', '1002', '1003', '1004', '1005', '1006', '1007']) {
      records.push(event(id, PASSED_AT - DAY, 'delivered', 'lockout-week'), event(id, PASSED_AT - 600_000, 'opened', 'lockout-tagout'));
      for (let s = 0; s < 6; s++) records.push({ ...base(id, PASSED_AT - 500_000 + s), kind: 'checkpoint', ...ref, section: s });
      if (id !== '1000') records.push(...quiz(id, PASSED_AT, true));
      // 1007 answers on a kiosk whose clock runs 20 hours ahead: the report dates it when the server received it, not tomorrow.
      const reviewAt = id === '1007' ? now + 20 * 3_600_000 : PASSED_AT + 7 * DAY + 3_600_000;
      records.push({ ...base(id, reviewAt), kind: 'review', ...ref, question: 0, correct: id !== '1007' });
      if (id <= '1005') records.push(event(id, PASSED_AT + DAY, 'search-miss', '', id === '1001' ? 'Arc flash ' : 'arc flash'));
    }
    records.push(event('1006', PASSED_AT + DAY, 'search-miss', '', 'is my supervisor watching this'));
    // "Was this useful?": five said yes, two not really.
    for (const [i, id] of ['1000', '1001', '1002', '1003', '1004', '1005', '1006'].entries()) records.push({ ...event(id, PASSED_AT + 60_000, 'useful', 'lockout-tagout'), bucket: i < 5 ? 1 : 0 });
    // 1009 takes the quiz without the campaign reaching them, and fails; 1008 passed in November, before the campaign.
    records.push(...quiz('1009', PASSED_AT, false));
    records.push(event('1008', Date.UTC(2026, 10, 25), 'opened', 'lockout-tagout'), ...quiz('1008', Date.UTC(2026, 10, 25, 1), true));
    const { body } = await sync(kiosk, records);
    expect(body.rejected).toEqual([]);

    const res = await consoleCall('GET', '/campaigns/lockout-week/report');
    expect(res.status).toBe(200);
    const report = (await res.json()) as CampaignReport;
    expect(report.window).toEqual({ from: '2026-12-01', to: '2026-12-10' });
    const [site] = report.sites;
    expect(site!.siteId).toBe('plant-a');
    // Cumulative: 1009 took the quiz but never opened it here, so the funnel does not count them; 1008's November pass is not the campaign's.
    const counts = Object.fromEntries(site!.funnel.map((r) => [r.step, isShown(r.count) ? r.count.people : 'hidden']));
    expect(counts).toEqual({ assigned: 14, delivered: 8, opened: 8, read: 8, attempted: 8, passed: 8 });
    expect(site!.funnel.find((r) => r.step === 'delivered')!.fromPrevious).toBe(57);
    expect(site!.undelivered).toEqual({ people: 6 });
    expect(site!.learning.passed).toEqual({ yes: { people: 8 }, of: { people: 9 }, percent: 89 });
    expect(site!.learning.retainedWeek).toEqual({ yes: { people: 7 }, of: { people: 8 }, percent: 88 });
    expect(site!.reaction).toEqual({ yes: { people: 5 }, of: { people: 7 }, percent: 71 });
    // 1000 answered twice in the week after passing: nine answers, eight right.
    expect(site!.retention[1]).toEqual({ from: 7, to: 14, people: { people: 8 }, answers: 9, correct: 89 });

    const pooled = report.pooled!;
    expect(pooled.items).toMatchObject({ version: moduleOf(lockout).version, lang: 'en', attempts: { people: 9 }, sitesLeftOut: 0 });
    // Eight right and one wrong: "one got it wrong" is about one person, so nothing about the question is shown.
    expect(pooled.items.questions[0]).toMatchObject({ facility: null, discrimination: null });
    expect(pooled.items.questions[0]!.choiceShares.every((share) => share === null)).toBe(true);
    // Six people on two kiosks typed "arc flash"; one person's sentence is never shown.
    expect(pooled.searches).toEqual([{ text: 'arc flash', people: { people: 6 } }]);
    // One site against one, and nobody at plant-b opened it: reach is shown for the pilot, the difference is not.
    const pilot = pooled.pilot!;
    expect([pilot.pilot.sites, pilot.rest.sites]).toEqual([1, 1]);
    expect(pilot.pilot.reach).toEqual({ yes: { people: 8 }, of: { people: 14 }, percent: 57, sitesCounted: 1 });
    expect(pilot.rest.reach.sitesCounted).toBe(0);
    expect(pilot.reach).toBeNull();
    expect(pilot.before.pilot.reach.sitesCounted).toBe(0);
  });

  it.skipIf(!kind.available)('credits nothing after an ended campaign\'s last day', async () => {
    expect((await consoleCall('PUT', '/campaigns/lockout-week', campaign({ end: '2026-12-08' }))).status).toBe(200);
    const ended = (await (await consoleCall('GET', '/campaigns/lockout-week/report')).json()) as CampaignReport;
    expect(ended.window).toEqual({ from: '2026-12-01', to: '2026-12-08' });
    // The passes of 2 December count; the follow-ups of 9 December came after its last day.
    expect(ended.sites[0]!.funnel.find((r) => r.step === 'passed')!.count).toEqual({ people: 8 });
    expect(ended.sites[0]!.retention[1]!.people).toEqual(HIDDEN);
    // Kiosks never hear of the end: only what they need to run it travels.
    const kiosk = await enrollKiosk('plant-a');
    expect(JSON.stringify((await roster(kiosk.token)).campaigns)).not.toContain('2026-12-08');
    expect((await consoleCall('PUT', '/campaigns/lockout-week', campaign())).status).toBe(200);
  });

  it.skipIf(!kind.available)('hides what a second campaign one person wider would reveal, and the site total a campaign could be subtracted from', async () => {
    // The same module for maintenance and the one warehouse worker: the difference would be 1900's own record.
    expect((await consoleCall('PUT', '/campaigns/lockout-all', campaign({ name: 'Lockout for all', roles: ['maintenance', 'warehouse'], pilot: false }))).status).toBe(201);
    const wide = (await (await consoleCall('GET', '/campaigns/lockout-all/report')).json()) as CampaignReport;
    const narrow = (await (await consoleCall('GET', '/campaigns/lockout-week/report')).json()) as CampaignReport;
    expect(wide.sites[0]!.funnel.map((r) => r.count)).toEqual([{ people: 15 }, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]);
    expect(wide.sites[0]!.learning.passed).toEqual({ yes: HIDDEN, of: HIDDEN, percent: null });
    expect(narrow.sites[0]!.funnel.find((r) => r.step === 'opened')!.count).toEqual({ people: 8 });
    // The site's quiz results are everyone on its roster: the maintenance campaign subtracted from them would give 1900's too.
    expect((await api('POST', '/api/v1/admin/console-users', { email: 'site.a@plant.example', name: 'Site A', role: 'site-admin', sites: ['plant-a'], password: PASSWORD })).status).toBe(201);
    const signIn = await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'site.a@plant.example', password: PASSWORD }) });
    const siteAdmin = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const asSiteAdmin = (path: string) => fetch(`${env.base}/api/v1/console${path}`, { headers: { Cookie: siteAdmin } });
    const quiz = (await (await asSiteAdmin('/sites/plant-a/quiz-results')).json()) as { modules: QuizResult[] };
    expect(quiz.modules).toEqual([{ moduleId: 'lockout-tagout', people: 16, tried: HIDDEN, passed: HIDDEN }]);
    expect(await (await asSiteAdmin('/sites/plant-a/export/quiz.csv')).text()).toBe('module_id,people_on_roster_ever,people_who_tried,people_who_passed\nlockout-tagout,16,not shown,not shown\n');
    expect((await consoleCall('DELETE', '/campaigns/lockout-all')).status).toBe(200);
    // A removed campaign's report was read: its groups still count.
    const after = (await (await asSiteAdmin('/sites/plant-a/quiz-results')).json()) as { modules: QuizResult[] };
    expect(after.modules[0]!.tried).toEqual(HIDDEN);
  });

  it.skipIf(!kind.available)('reads behaviour from the practical assessments supervisors signed off in the window', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const assessment = (date: string, sessionType: 'practical-assessment' | 'toolbox-talk', outcomes: [string, 'competent' | 'not-yet-competent'][]) => sign({
      ...unsignedSignoff(kiosk.deviceId, '9001', [], date), sessionType, topic: 'Lockout on press 4',
      attendees: outcomes.map(([personId, outcome]) => ({ personId, outcome, note: '' })),
    }, kiosk, SUPERVISOR_PASSPHRASE);
    const records = [
      // 1005–1008 were not yet competent in November, before the campaign: that is not the campaign's.
      await assessment('2026-11-20', 'practical-assessment', [['1005', 'competent'], ['1009', 'competent']]),
      await assessment('2026-12-05', 'practical-assessment', [['1000', 'competent'], ['1001', 'competent'], ['1002', 'competent'], ['1003', 'competent'], ['1004', 'competent']]),
      await assessment('2026-12-06', 'practical-assessment', [['1005', 'not-yet-competent'], ['1006', 'not-yet-competent'], ['1007', 'not-yet-competent'], ['1008', 'not-yet-competent']]),
      // A toolbox talk is not an assessment of what people do.
      await assessment('2026-12-06', 'toolbox-talk', [['1010', 'competent']]),
    ];
    expect((await sync(kiosk, records)).body.rejected).toEqual([]);
    const report = (await (await consoleCall('GET', '/campaigns/lockout-week/report')).json()) as CampaignReport;
    expect(report.sites[0]!.behaviour).toEqual({
      assessed: { yes: { people: 9 }, of: { people: 14 }, percent: 64 },
      competent: { yes: { people: 5 }, of: { people: 9 }, percent: 56 },
    });
  });

  it.skipIf(!kind.available)('keeps the sites\' own monthly figures L&D upload, all rows or none, and shows them beside the campaign', async () => {
    const upload = (site: string, csv: string, as = cookie) => fetch(`${env.base}/api/v1/console/sites/${site}/outcomes`, {
      method: 'POST', headers: { Cookie: as, Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ csv, fileName: `${site}.csv` }),
    });
    const bad = await upload('plant-a', 'month,measure,count\n2026-11,near-miss reports,4\n2026-13,near-miss reports,5\n');
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'Nothing stored: 1 problem in plant-a.csv.', errors: ['plant-a.csv:3: month: "2026-13" is not a month like 2026-09'] }]);
    expect((await upload('plant-z', 'month,measure,count\n2026-11,x,1\n')).status).toBe(404);
    expect((await upload('plant-a', 'month,measure,count\n2026-11,near-miss reports,4\n2026-12,near-miss reports,9\n')).status).toBe(200);
    expect((await upload('plant-b', 'month,measure,count\n2026-11,near-miss reports,5\n2026-12,near-miss reports,6\n')).status).toBe(200);
    // A month given again is replaced, not added.
    expect((await upload('plant-b', 'month,measure,count\n2026-12,near-miss reports,7\n')).status).toBe(200);
    const report = (await (await consoleCall('GET', '/campaigns/lockout-week/report')).json()) as CampaignReport;
    expect(report.pooled!.outcomes).toEqual([{ measure: 'near-miss reports', months: [
      { month: '2026-11', campaign: { count: 4, sites: 1 }, comparison: { count: 5, sites: 1 } },
      { month: '2026-12', campaign: { count: 9, sites: 1 }, comparison: { count: 7, sites: 1 } },
    ] }]);
    // L&D's to upload: a site admin may not.
    const signIn = await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'site.a@plant.example', password: PASSWORD }) });
    expect((await upload('plant-a', 'month,measure,count\n2026-11,near-miss reports,0\n', signIn.headers.get('set-cookie')!.split(';')[0]!)).status).toBe(403);
  });

  it.skipIf(!kind.available)('makes poster codes per site, sends them to that site\'s kiosks, and counts scans per placement under the privacy rule', async () => {
    const make = async (site: string, body: unknown, who = cookie) => {
      const res = await fetch(`${env.base}/api/v1/console/sites/${site}/codes`, { method: 'POST', headers: { Cookie: who, Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as ShortCode & { url: string; error?: string } };
    };
    const made = await make('plant-a', { moduleId: 'lockout-tagout', section: 3, placement: 'Press 4, left guard' });
    expect(made.status).toBe(201);
    const code = made.body.code;
    expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}$/);
    expect(made.body.url).toBe(`${env.base.toUpperCase()}/Q/${code}`);
    const other = (await make('plant-b', { moduleId: 'ppe-basics', section: null, placement: 'Canteen wall' })).body.code;
    // Bad input, each by its field; nothing made.
    expect(await make('plant-a', { moduleId: 'no-such-module', section: null, placement: 'x' })).toMatchObject({ status: 422, body: { error: expect.stringMatching(/moduleId: no module "no-such-module" is published/) } });
    expect(await make('plant-a', { moduleId: 'lockout-tagout', section: 40, placement: 'x' })).toMatchObject({ status: 422, body: { error: expect.stringMatching(/section: .* has \d+ sections, numbered from 0/) } });
    expect(await make('plant-a', { moduleId: 'lockout-tagout', section: 1, placement: 'x' })).toMatchObject({ status: 422, body: { error: expect.stringMatching(/section: "When you must lock out" is not a job aid: end its heading with \{job-aid\}/) } });
    expect(await make('plant-a', { moduleId: 'lockout-tagout', section: null, placement: ' ' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/placement: must not be empty/) } });
    expect(await make('plant-a', { moduleId: 'lockout-tagout', section: null, placement: 'Press \u202E4' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/placement: must not hold invisible or reordering characters/) } });
    // A site admin makes codes at their own site only, and cannot reach another site's.
    const siteAdmin = (await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'site.a@plant.example', password: PASSWORD }) })).headers.get('set-cookie')!.split(';')[0]!;
    expect((await make('plant-b', { moduleId: 'ppe-basics', section: null, placement: 'x' }, siteAdmin)).status).toBe(403);
    expect((await fetch(`${env.base}/api/v1/console/codes/${other}/retire`, { method: 'POST', headers: { Cookie: siteAdmin, Origin: env.base } })).status).toBe(404);
    expect((await fetch(`${env.base}/api/v1/console/codes/${other}/poster-a4.svg`, { headers: { Cookie: siteAdmin } })).status).toBe(404);
    const poster = await fetch(`${env.base}/api/v1/console/codes/${code}/poster-a6.svg`, { headers: { Cookie: siteAdmin } });
    expect([poster.status, poster.headers.get('content-type')]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    expect(await poster.text()).toContain('Zero energy before you touch it');
    const pdf = await fetch(`${env.base}/api/v1/console/codes/${code}/poster-a4.pdf`, { headers: { Cookie: siteAdmin } });
    expect([pdf.status, pdf.headers.get('content-type'), Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    expect((await fetch(`${env.base}/api/v1/console/codes/${code}/poster-a5.pdf`, { headers: { Cookie: siteAdmin } })).status).toBe(404);

    // The site's kiosks get its codes with the roster, and only when they change; the public lookup reads any case.
    const a = await enrollKiosk('plant-a');
    const full = await roster(a.token);
    expect(full.codes).toEqual([[code, 'lockout-tagout', 3]]);
    expect((await roster((await enrollKiosk('plant-b')).token)).codes).toEqual([[other, 'ppe-basics', -1]]);
    expect((await roster(a.token, full.cursor)).codes).toBeNull();
    expect(await (await fetch(`${env.base}/api/v1/codes/${code.toLowerCase()}`)).json()).toEqual({ code, moduleId: 'lockout-tagout', section: 3 });

    // Scans: five people (one twice) at plant-a; a scan of plant-b's code from plant-a is refused with its reason.
    let seq = 1;
    const scan = (learnerId: string, subject: string): EventRecord => ({ kind: 'event', id: uuidv7(), deviceId: a.deviceId, seq: seq++, at: now - 3600_000, learnerId, type: 'scanned', subject, part: 0, bucket: 0, text: '' });
    const scans = ['1000', '1001', '1002', '1003', '1004', '1004'].map((l) => scan(l, code));
    const wrongSite = scan('1005', other);
    const answer = await sync(a, [...scans, wrongSite]);
    expect(answer.body.acked).toEqual(scans.map((s) => s.id));
    expect(answer.body.rejected).toEqual([{ index: 6, id: wrongSite.id, reason: `subject: no poster code "${other}" was made for this kiosk's site` }]);
    const report = async () => (await (await fetch(`${env.base}/api/v1/console/sites/plant-a/placements`, { headers: { Cookie: cookie } })).json()) as PlacementReport;
    const row = (await report()).placements.find((p) => p.code === code)!;
    expect(row.total).toEqual({ people: { people: 5 }, opens: 6 });
    expect(row.weeks.at(-1)).toEqual({ people: { people: 5 }, opens: 6 });
    expect(row.weeks.slice(0, -1).every((w) => !isShown(w.people) && w.opens === null)).toBe(true);

    // Retired: it opens nothing and leaves the kiosks, and its scans keep their placement.
    expect((await fetch(`${env.base}/api/v1/console/codes/${code}/retire`, { method: 'POST', headers: { Cookie: siteAdmin, Origin: env.base } })).status).toBe(200);
    expect((await fetch(`${env.base}/api/v1/codes/${code}`)).status).toBe(404);
    expect((await roster(a.token, full.cursor)).codes).toEqual([]);
    expect((await report()).placements.find((p) => p.code === code)).toMatchObject({ retired: true, total: { people: { people: 5 }, opens: 6 } });
  });

  it.skipIf(!kind.available)('lists every console route that reads learning data, and each count those routes release passes the privacy rule', async () => {
    const { dataReads } = consoleApi({ stores: env.stores, signInLimits: new SignInLimits(), content: null, contentDir, published: publishedVersions(contentDir), now: () => now, clientOf: () => '127.0.0.1', overHttps: () => false });
    const paths = ['/sites/plant-a/status', '/sites/plant-a/signoffs', '/sites/plant-a/quiz-results', '/sites/plant-a/placements', '/campaigns/lockout-week/report', '/xapi/statements', ...SITE_EXPORT_NAMES.map((t) => `/sites/plant-a/export/${t}.csv`)];
    const routeOf = (path: string) => dataReads.find((r) => r.method === 'GET' && r.path.test(`${CONSOLE_API}${path}`));
    // Every route that reads learning data is one of these paths; a new one fails here until it is listed and checked.
    expect(dataReads.filter((r) => !paths.some((p) => r.path.test(`${CONSOLE_API}${p}`)))).toEqual([]);
    const releasesCounts = paths.filter((p) => { const r = routeOf(p)!; return r.releases(r.path.exec(`${CONSOLE_API}${p}`)!.slice(1)) === 'counts'; });
    expect(releasesCounts).toEqual(['/sites/plant-a/quiz-results', '/sites/plant-a/placements', '/campaigns/lockout-week/report', '/sites/plant-a/export/quiz.csv']);

    const signIn = await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'site.a@plant.example', password: PASSWORD }) });
    const siteAdmin = signIn.headers.get('set-cookie')!.split(';')[0]!;
    /** Every count of people anywhere in an answer: a number the rule lets out is 0 or at least 5. */
    const counts: number[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if ('people' in v && typeof v.people === 'number' && Object.keys(v).length === 1) counts.push(v.people);
        Object.values(v).forEach(walk);
      }
    };
    for (const path of releasesCounts) {
      const res = await fetch(`${env.base}/api/v1/console${path}`, { headers: { Cookie: path.startsWith('/campaigns') ? cookie : siteAdmin } });
      expect(res.status).toBe(200);
      if (path.endsWith('.csv')) for (const row of (await res.text()).trim().split('\n').slice(1)) counts.push(...row.split(',').slice(2).map((c) => (c === 'not shown' ? 0 : Number(c))));
      else walk(await res.json());
    }
    expect(counts.length).toBeGreaterThan(20);
    expect(counts.filter((n) => n > 0 && n < 5)).toEqual([]);
  });

  it.skipIf(!kind.available)('shows a site viewer the campaigns of their sites, and only their sites\' numbers', async () => {
    expect((await api('POST', '/api/v1/admin/console-users', { email: 'viewer.b@plant.example', name: 'Viewer B', role: 'viewer', sites: ['plant-b'], password: PASSWORD })).status).toBe(201);
    const res = await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'viewer.b@plant.example', password: PASSWORD }) });
    const viewer = res.headers.get('set-cookie')!.split(';')[0]!;
    const get = (path: string) => fetch(`${env.base}/api/v1/console${path}`, { headers: { Cookie: viewer } });
    expect(((await (await get('/campaigns')).json()) as { campaigns: unknown[] }).campaigns).toEqual([]);
    expect((await get('/campaigns/lockout-week/report')).status).toBe(404);
    // A viewer of plant-a reads plant-a's numbers, and nothing pooled over other sites (items, searches, the pilot's rest).
    expect((await api('POST', '/api/v1/admin/console-users', { email: 'viewer.a@plant.example', name: 'Viewer A', role: 'viewer', sites: ['plant-a'], password: PASSWORD })).status).toBe(201);
    const signIn = await fetch(`${env.base}/api/v1/console/session`, { method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'viewer.a@plant.example', password: PASSWORD }) });
    const viewerA = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const seen = (await (await fetch(`${env.base}/api/v1/console/campaigns/lockout-week/report`, { headers: { Cookie: viewerA } })).json()) as CampaignReport;
    expect(seen.sites.map((s) => s.siteId)).toEqual(['plant-a']);
    expect(seen.pooled).toBeNull();
    expect((await fetch(`${env.base}/api/v1/console/campaigns/lockout-week`, { method: 'PUT', headers: { Cookie: viewer, Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify(campaign()) })).status).toBe(403);
  });

  it.skipIf(!kind.available)('prints the same report on the command line', async () => {
    const report = (await (await consoleCall('GET', '/campaigns/lockout-week/report')).json()) as CampaignReport;
    const { stdout } = await run('npx', ['tsx', 'src/admin/cli.ts', 'campaign', 'lockout-week', '--server', env.base], { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: ADMIN } });
    const passed = report.sites[0]!.funnel.find((r) => r.step === 'passed')!.count;
    expect(stdout).toMatch(/plant-a \(plant-a\)\n {2}assigned +14\n/);
    expect(stdout).toMatch(new RegExp(`passed\\s+${isShown(passed) ? passed.people : 'not shown'}\\s`));
    expect(stdout).toContain('  passed, of those who took the quiz: 8 of 9 (89%)\n');
    expect(stdout).toContain('  reach: pilot 8 of 14 (57%), rest not shown; difference not shown\n');
    // Nothing is compared (plant-b's reach is not shown), so there is no sentence about one site against one.
    expect(stdout).not.toContain('One site against one site');
    expect(stdout).toContain('searched, found nothing: "arc flash" (6 people)');
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
    expect(['opened', 'read', 'passed'].every((name) => isShown(step(name)))).toBe(true);
    expect(north.retention.some((p) => p.correct !== null)).toBe(true);
    const { items, pilot } = report.pooled!;
    expect(isShown(items.attempts) && items.attempts.people).toBeGreaterThan(9);
    expect(items.questions.some((q) => q.facility !== null)).toBe(true);
    // Two sites against two: the demo shows an interval and what the groups could detect, now and before the campaign;
    // plant-b, where nobody opened it, is left out of reach rather than hiding the whole comparison.
    expect([pilot!.pilot.sites, pilot!.rest.sites]).toEqual([2, 2]);
    expect([pilot!.pilot.reach.sitesCounted, pilot!.rest.reach.sitesCounted]).toEqual([2, 1]);
    expect(pilot!.reach).toMatchObject({ points: expect.any(Number), detectable: expect.any(Number) });
    expect(pilot!.reach!.low).toBeLessThan(pilot!.reach!.points);
    expect(pilot!.before.reach).not.toBeNull();
  });
});
