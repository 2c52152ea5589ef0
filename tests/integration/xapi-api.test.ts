import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import validate from '@learninglocker/xapi-validation';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import type { Catalog, TrainingModule } from '../../src/shared/module.ts';
import type { AttemptRecord, CheckpointRecord, CompletionRecord, DeviceRecord } from '../../src/shared/sync/records.ts';
import type { Statement } from '../../src/server/xapi/statement.ts';
import { siteApi, useApiServer } from '../helpers/site-api.ts';

const ADMIN = 'admin-token-for-xapi-tests-01234';
const PASSWORD = 'a long enough password';
const PASSPHRASE = 'correct horse battery';
const FEED = '/api/v1/xapi/statements';

interface StatementResult { statements: Statement[]; more: string }

/**
 * The xAPI statement resource through the real server: every stored
 * learning record and sign-off as statements a validator accepts, in the
 * order they were stored, paged with `more` (a sign-off's attendees may
 * straddle two pages), filtered by when they were stored, and only for the
 * admin token or someone who reads every site.
 */
describe.each(STORE_KINDS)('xAPI statements on $name', (kind) => {
  let now = Date.UTC(2026, 11, 3, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-xapi-'));
  const contentDir = join(scratch, 'published');
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir, publicUrl: 'https://training.plant.example' });
  const { api, json, enrollKiosk, sync, stamp, unsignedSignoff, sign } = siteApi(() => env.base, ADMIN, () => now);
  let lockout: Catalog['modules'][number];
  let module: TrainingModule;
  const storedAt: number[] = [];

  const feed = (query = '', headers: Record<string, string> = {}) => fetch(`${env.base}${FEED}${query}`, { headers: { Authorization: `Bearer ${ADMIN}`, 'X-Experience-API-Version': '1.0.3', ...headers } });
  /** Every page, following `more` from the first. */
  const everyPage = async (query: string) => {
    const pages: StatementResult[] = [];
    for (let next = `${FEED}${query}`; next;) {
      const page = await json<StatementResult>(fetch(`${env.base}${next}`, { headers: { Authorization: `Bearer ${ADMIN}` } }));
      pages.push(page);
      next = page.more;
    }
    return pages;
  };

  beforeAll(async () => {
    if (!kind.available) return;
    expect((await publish({ sourceDir: FIXTURE_COURSE, outDir: contentDir, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    lockout = (JSON.parse(readFileSync(join(contentDir, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === 'lockout-tagout' && m.lang === 'en')!;
    module = JSON.parse(readFileSync(join(contentDir, lockout.url.replace('/content/', '')), 'utf8')) as TrainingModule;
    await api('PUT', '/api/v1/admin/sites/plant-a', { name: 'Plant A', lang: 'en' });
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1001'), person('1002'), person('1003'), person('9001', { supervisor: true })] });
    await api('PUT', '/api/v1/admin/people/9001/passphrase', { passphrase: PASSPHRASE });
    await api('POST', '/api/v1/admin/console-users', { email: 'site.a@plant.example', name: 'Site A', role: 'site-admin', sites: ['plant-a'], password: PASSWORD });
    await api('POST', '/api/v1/admin/console-users', { email: 'admin@plant.example', name: 'Admin', role: 'admin', password: PASSWORD });

    const kiosk = await enrollKiosk('plant-a');
    const about = { learnerId: '1002', moduleId: 'lockout-tagout', lang: 'en', moduleHash: lockout.hash };
    const answers = module.quiz.questions.map((q) => q.correct);
    const attempt: AttemptRecord = { ...stamp(kiosk.deviceId), ...about, kind: 'attempt', answers, correct: answers.length, total: answers.length, score: 100, passed: true };
    const batches: DeviceRecord[][] = [
      [{ ...stamp(kiosk.deviceId), ...about, kind: 'checkpoint', section: 1 } satisfies CheckpointRecord],
      [attempt, { ...stamp(kiosk.deviceId), ...about, kind: 'completion', attemptId: attempt.id, score: 100 } satisfies CompletionRecord],
      [await sign(unsignedSignoff(kiosk.deviceId, '9001', ['1001', '1002', '1003']), kiosk, PASSPHRASE)],
    ];
    // One batch a minute: each stored at its own time, for since and until.
    for (const batch of batches) {
      now += 60_000;
      storedAt.push(now);
      const { body } = await sync(kiosk, batch);
      expect(body.rejected).toEqual([]);
    }
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.skipIf(!kind.available)('says every record as statements a validator accepts, newest stored first, with the xAPI headers', async () => {
    const res = await feed();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(Date.parse(res.headers.get('x-experience-api-consistent-through')!)).toBe(now);
    const { statements, more } = (await res.json()) as StatementResult;
    expect(more).toBe('');
    // progressed; attempt (passed + each answer); completed + passed; one per attendee.
    expect(statements.length).toBe(1 + 1 + module.quiz.questions.length + 2 + 3);
    for (const s of statements) expect(validate(s).map((w) => w.path.join('.')), JSON.stringify(s)).toEqual([]);
    expect(statements.map((s) => s.stored)).toEqual([...statements.map((s) => s.stored!)].sort().reverse());
    const attended = statements.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/attended');
    expect(attended.map((s) => [s.actor.account, s.context!.instructor!.account.name])).toEqual([
      { homePage: 'https://training.plant.example', name: '1001' }, { homePage: 'https://training.plant.example', name: '1002' }, { homePage: 'https://training.plant.example', name: '1003' },
    ].map((account) => [account, '9001']));
    // The version taken is the live one: the quiz's own words and key are in each answer's interaction.
    const answered = statements.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/answered')!;
    expect(answered.object.definition.name).toEqual({ en: expect.any(String) });
    expect(answered.result!.success).toBe(true);
  });

  it.skipIf(!kind.available)('pages with more, through a sign-off split across pages, and gives each statement once', async () => {
    const whole = (await json<StatementResult>(feed('?ascending=true'))).statements.map((s) => s.id);
    for (const limit of [1, 2, 3, 4]) {
      const pages = await everyPage(`?ascending=true&limit=${limit}`);
      expect(pages.every((p) => p.statements.length <= limit)).toBe(true);
      expect(pages.flatMap((p) => p.statements.map((s) => s.id))).toEqual(whole);
    }
    // Newest stored first too (a record's statements in their own order), and the same ids both ways: they are derived from the records, so a re-send is a repeat at an LRS.
    const newestFirst = (await json<StatementResult>(feed())).statements.map((s) => s.id);
    expect((await everyPage('?limit=2')).flatMap((p) => p.statements.map((s) => s.id))).toEqual(newestFirst);
    expect([...newestFirst].sort()).toEqual([...whole].sort());
  });

  it.skipIf(!kind.available)('filters on when the server stored a record: since excludes, until includes', async () => {
    const stored = async (query: string) => new Set((await json<StatementResult>(feed(query))).statements.map((s) => Date.parse(s.stored!)));
    const iso = (ms: number) => new Date(ms).toISOString();
    expect([...await stored(`?since=${iso(storedAt[0]!)}`)].sort()).toEqual([storedAt[1], storedAt[2]]);
    expect([...await stored(`?until=${iso(storedAt[1]!)}`)].sort()).toEqual([storedAt[0], storedAt[1]]);
    expect([...await stored(`?since=${iso(storedAt[0]!)}&until=${iso(storedAt[1]!)}`)]).toEqual([storedAt[1]]);
  });

  it.skipIf(!kind.available)('refuses what it does not offer with the reason, and anyone but the admin token or a reader of every site', async () => {
    const refused = async (res: Response) => [res.status, ((await res.json()) as { error: string }).error];
    expect(await refused(await feed('?verb=http://adlnet.gov/expapi/verbs/passed'))).toEqual([400, expect.stringMatching(/^verb: this feed does not filter by verb/)]);
    expect(await refused(await feed('?since=yesterday'))).toEqual([400, expect.stringMatching(/^since: an ISO 8601 timestamp/)]);
    expect(await refused(await feed('?cursor=12_x_0'))).toEqual([400, expect.stringMatching(/^cursor: not one this server gave/)]);
    expect(await refused(await feed('', { 'X-Experience-API-Version': '2.0.0' }))).toEqual([400, expect.stringMatching(/speaks xAPI 1\.0\.3, not 2\.0\.0/)]);
    expect((await fetch(`${env.base}${FEED}`)).status).toBe(401);
    const consoleCookie = async (email: string) => (await fetch(`${env.base}/api/v1/console/session`, {
      method: 'POST', headers: { Origin: env.base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
    })).headers.get('set-cookie')!.split(';')[0]!;
    const viaConsole = async (email: string) => fetch(`${env.base}/api/v1/console/xapi/statements?limit=2`, { headers: { Cookie: await consoleCookie(email) } });
    // A site admin reads their site, not every site's records.
    expect((await viaConsole('site.a@plant.example')).status).toBe(403);
    const asAdmin = await viaConsole('admin@plant.example');
    expect(asAdmin.status).toBe(200);
    const page = (await asAdmin.json()) as StatementResult;
    expect(page.statements.length).toBe(2);
    expect(page.more).toMatch(/^\/api\/v1\/console\/xapi\/statements\?limit=2&cursor=/);
  });
});
