import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import { contentService } from '../../src/server/console/content-service.ts';
import { summarise, type QuizResult, type SiteStatus } from '../../src/shared/console/report.ts';
import { MAX_IMPORT_BYTES, type ImportReport } from '../../src/shared/console/import-report.ts';
import { ladderDeck } from '../../harness/import-files/pptx.ts';
import { request as httpRequest } from 'node:http';
import { HIDDEN } from '../../src/shared/privacy-rule.ts';
import { png, spillProcedureDocx } from '../../harness/import-files/docx.ts';
import { siteApi, useApiServer } from '../helpers/site-api.ts';
import type { AttemptRecord, CompletionRecord } from '../../src/shared/sync/records.ts';
import type { Catalog } from '../../src/shared/module.ts';

const ADMIN = 'admin-token-for-console-tests-01';
const PASSWORD = 'a long enough password';
const HOUR = 3600_000;
const run = promisify(execFile);

describe.each(STORE_KINDS)('the console API on $name', (kind) => {
  let now = Date.UTC(2026, 11, 1, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-console-api-'));
  const paths = { sourcesDir: join(scratch, 'sources'), contentDir: join(scratch, 'published'), budgetsFile: join(ROOT, 'budgets.json') };
  const PUBLIC_URL = 'https://training.plant.example';
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir: paths.contentDir, content: contentService(paths), publicUrl: PUBLIC_URL });
  const cookies = new Map<string, string>();

  const call = (method: string, path: string, options: { as?: string; body?: unknown; origin?: string | null } = {}) => fetch(`${env.base}${path}`, {
    method,
    headers: {
      ...(options.as ? { Cookie: cookies.get(options.as)! } : {}),
      ...(options.origin === null ? {} : { Origin: options.origin ?? env.base }),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const admin = (method: string, path: string, body?: unknown) => fetch(`${env.base}/api/v1/admin${path}`, {
    method, headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const signIn = (email: string, password = PASSWORD) => call('POST', '/api/v1/console/session', { body: { email, password } });
  const USERS = {
    admin: { role: 'admin' }, publisher: { role: 'publisher' }, author: { role: 'author' },
    siteAdminA: { role: 'site-admin', sites: ['plant-a'] }, viewerB: { role: 'viewer', sites: ['plant-b'] },
  } as const;
  type Who = keyof typeof USERS;
  let deviceB = '';

  beforeAll(async () => {
    if (!kind.available) return;
    cpSync(FIXTURE_COURSE, paths.sourcesDir, { recursive: true, filter: (src) => !src.endsWith('.csv') });
    expect((await publish({ sourceDir: paths.sourcesDir, outDir: paths.contentDir, budgetsFile: paths.budgetsFile })).ok).toBe(true);
    for (const [id, lang] of [['plant-a', 'nl'], ['plant-b', 'en']] as const) expect((await admin('PUT', `/sites/${id}`, { name: id, lang })).status).toBe(201);
    expect((await admin('POST', '/sites/plant-a/roster', { people: [person('1001', { roles: ['warehouse'] }), person('1002', { roles: ['warehouse'] })] })).status).toBe(200);
    expect((await admin('POST', '/sites/plant-b/roster', { people: [person('2001', { roles: ['warehouse'] })] })).status).toBe(200);
    await admin('POST', '/sites/plant-a/assignments', { role: 'warehouse', moduleId: 'ppe-basics', due: '2026-11-30' });
    const { code } = (await (await admin('POST', '/sites/plant-b/enrollment-codes', { label: 'Gate B' })).json()) as { code: string };
    deviceB = `dev-${crypto.randomUUID()}`;
    expect((await fetch(`${env.base}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId: deviceB }) })).status).toBe(200);
    for (const [who, account] of Object.entries(USERS)) {
      const created = await admin('POST', '/console-users', { email: `${who.toLowerCase()}@plant.example`, name: who, password: PASSWORD, ...account });
      expect(created.status, await created.clone().text()).toBe(201);
      const res = await signIn(`${who.toLowerCase()}@plant.example`);
      expect(res.status).toBe(200);
      cookies.set(who, res.headers.get('set-cookie')!.split(';')[0]!);
    }
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.skipIf(!kind.available)('makes enrollment links at the address people use (PUBLIC_URL), whatever address the console was reached at', async () => {
    const res = await call('POST', '/api/v1/console/sites/plant-a/enrollment-codes', { as: 'admin', body: { label: 'Canteen' } });
    expect(res.status).toBe(201);
    const { link, code } = (await res.json()) as { link: string; code: string };
    expect(link).toBe(`${PUBLIC_URL}/#enroll=${code}`);
    expect(env.base).not.toContain(new URL(PUBLIC_URL).host);
  });

  it.skipIf(!kind.available)('gives a session cookie scripts cannot read, for the console API only, same-site only', async () => {
    const res = await signIn('admin@plant.example');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lowband_console=[\w-]{43}; Path=\/api\/v1\/console; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    // Plain HTTP here: "Secure" is added only where the console is reached over HTTPS.
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ user: expect.objectContaining({ email: 'admin@plant.example', role: 'admin' }) });
    expect(body).not.toMatch(/scrypt|password/i);
    // The server keeps the session only as its SHA-256: whoever reads the table cannot use it.
    const token = /^lowband_console=([\w-]{43});/.exec(cookie)![1]!;
    const sessions = JSON.stringify(await env.db.all('SELECT * FROM console_sessions'));
    expect(sessions).not.toContain(token);
    expect(sessions).toContain(createHash('sha256').update(token).digest('hex'));
  });

  it.skipIf(!kind.available)('lets each role do its own work and nothing else, at its own sites only', async () => {
    const ALL: Who[] = ['admin', 'publisher', 'author', 'siteAdminA', 'viewerB'];
    const cases: { what: string; method: string; path: string; body?: unknown; allowed: Who[] }[] = [
      { what: 'read plant A reports', method: 'GET', path: '/sites/plant-a/status', allowed: ['admin', 'siteAdminA'] },
      { what: 'read plant B reports', method: 'GET', path: '/sites/plant-b/status', allowed: ['admin', 'viewerB'] },
      { what: 'export plant B as CSV', method: 'GET', path: '/sites/plant-b/export/status.csv', allowed: ['admin', 'viewerB'] },
      { what: 'read plant A people', method: 'GET', path: '/sites/plant-a/people', allowed: ['admin', 'siteAdminA'] },
      { what: 'assign at plant A', method: 'POST', path: '/sites/plant-a/assignments', body: { role: 'warehouse', moduleId: 'lockout-tagout', due: '2026-12-31' }, allowed: ['admin', 'siteAdminA'] },
      { what: 'assign at plant B', method: 'POST', path: '/sites/plant-b/assignments', body: { role: 'warehouse', moduleId: 'lockout-tagout', due: '2026-12-31' }, allowed: ['admin'] },
      { what: 'enroll a kiosk at plant B', method: 'POST', path: '/sites/plant-b/enrollment-codes', body: { label: 'Dock' }, allowed: ['admin'] },
      { what: 'list modules', method: 'GET', path: '/modules', allowed: ['admin', 'publisher', 'author', 'siteAdminA'] },
      { what: 'list the rosters\' roles', method: 'GET', path: '/roles', allowed: ['admin', 'publisher', 'author', 'siteAdminA'] },
      { what: 'save a draft', method: 'PUT', path: '/drafts/zz-note.md', body: { source: '# not a module yet' }, allowed: ['admin', 'publisher', 'author'] },
      { what: 'plan a publish', method: 'POST', path: '/drafts/zz-note.md/plan', allowed: ['admin', 'publisher'] },
      { what: 'read the audit log', method: 'GET', path: '/audit', allowed: ['admin'] },
      { what: 'list accounts', method: 'GET', path: '/users', allowed: ['admin'] },
    ];
    const refused: string[] = [];
    for (const c of cases) {
      for (const who of ALL) {
        const status = (await call(c.method, `/api/v1/console${c.path}`, { as: who, body: c.body })).status;
        const ok = status >= 200 && status < 300;
        if (ok !== c.allowed.includes(who)) refused.push(`${who} may ${c.allowed.includes(who) ? '' : 'not '}${c.what}, but got ${status}`);
        if (!ok) expect([403], `${who}: ${c.what}`).toContain(status);
      }
    }
    expect(refused).toEqual([]);
    // A device belongs to a site: revoking plant B's kiosk is plant B's business.
    expect((await call('POST', `/api/v1/console/devices/${deviceB}/revoke`, { as: 'siteAdminA', body: { reason: 'lost' } })).status).toBe(403);
    expect((await call('POST', '/api/v1/console/devices/dev-nope/revoke', { as: 'admin', body: { reason: 'lost' } })).status).toBe(404);
    // Viewer B sees only plant B in the site list; a content role sees every site's name for assignments.
    const sites = async (who: Who) => ((await (await call('GET', '/api/v1/console/sites', { as: who })).json()) as { sites: { id: string }[] }).sites.map((s) => s.id);
    expect(await sites('viewerB')).toEqual(['plant-b']);
    expect(await sites('siteAdminA')).toEqual(['plant-a']);
    // Role head counts span the rosters a user sees: every site for content roles, their own for a site admin.
    const roles = async (who: Who) => ((await (await call('GET', '/api/v1/console/roles', { as: who })).json()) as { roles: unknown[] }).roles;
    expect(await roles('author')).toEqual([{ role: 'warehouse', people: 3 }]);
    expect(await roles('siteAdminA')).toEqual([{ role: 'warehouse', people: 2 }]);
  });

  it.skipIf(!kind.available)('refuses a state change from another origin or with no Origin at all (CSRF), and any call without a session', async () => {
    const body = { role: 'warehouse', moduleId: 'ppe-basics', due: '2026-12-31' };
    expect((await call('POST', '/api/v1/console/sites/plant-a/assignments', { as: 'admin', body, origin: 'https://evil.example' })).status).toBe(403);
    expect((await call('POST', '/api/v1/console/sites/plant-a/assignments', { as: 'admin', body, origin: null })).status).toBe(403);
    expect((await call('GET', '/api/v1/console/sites/plant-a/status')).status).toBe(401);
    expect((await call('GET', '/api/v1/console/sites/plant-a/status', { as: 'nobody' })).status).toBe(401);
    // "Who is signed in?" is answered, with nobody, so the console's first page loads without an error.
    const session = await call('GET', '/api/v1/console/session');
    expect([session.status, await session.json()]).toEqual([200, { user: null }]);
  });

  it.skipIf(!kind.available)('locks an account after five wrong passwords, even against the right one, for a minute doubling to 30 with each wrong one after', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('author@plant.example', 'wrong password guess')).status).toBe(401);
    const waits: string[] = [];
    const locked = await signIn('author@plant.example');
    expect(locked.status).toBe(429);
    waits.push(locked.headers.get('retry-after')!);
    // Each time the lock runs out, one more wrong password (checked, and wrong): the next lock is twice as long, up to 30 minutes.
    for (let i = 0; i < 6; i++) {
      now += Number(waits.at(-1)) * 1000;
      expect((await signIn('author@plant.example', 'wrong password guess')).status).toBe(401);
      waits.push((await signIn('author@plant.example')).headers.get('retry-after')!);
    }
    expect(waits).toEqual(['60', '120', '240', '480', '960', '1800', '1800']);
    now += 1800 * 1000;
    expect((await signIn('author@plant.example')).status).toBe(200);
    // An unknown address is refused with the same words as a wrong password.
    const unknown = await signIn('nobody@plant.example');
    expect([unknown.status, ((await unknown.json()) as { error: string }).error]).toEqual([401, 'That email and password do not match an account.']);
  });

  it.skipIf(!kind.available)('ends sessions on sign-out, after twelve hours, and when an admin signs a user out everywhere', async () => {
    const session = async (email: string) => (await signIn(email)).headers.get('set-cookie')!.split(';')[0]!;
    const me = (cookie: string) => fetch(`${env.base}/api/v1/console/sites`, { headers: { Cookie: cookie } });
    const a = await session('publisher@plant.example');
    expect((await me(a)).status).toBe(200);
    expect((await fetch(`${env.base}/api/v1/console/session`, { method: 'DELETE', headers: { Cookie: a, Origin: env.base } })).status).toBe(200);
    expect((await me(a)).status).toBe(401);

    const b = await session('publisher@plant.example');
    const users = ((await (await call('GET', '/api/v1/console/users', { as: 'admin' })).json()) as { users: { id: string; email: string }[] }).users;
    const id = users.find((u) => u.email === 'publisher@plant.example')!.id;
    expect(((await (await call('POST', `/api/v1/console/users/${id}/sign-out`, { as: 'admin' })).json()) as { ended: number }).ended).toBeGreaterThan(0);
    expect((await me(b)).status).toBe(401);

    const c = await session('publisher@plant.example');
    now += 12 * HOUR + 1;
    expect((await me(c)).status).toBe(401);
    for (const who of Object.keys(USERS)) cookies.set(who, await session(`${who.toLowerCase()}@plant.example`));
  });

  it.skipIf(!kind.available)('imports a roster CSV whole or not at all, naming every bad row, and escapes formulas in the CSV it exports', async () => {
    const csv = (rows: string[]) => ['employee_number,name,language,roles', ...rows].join('\n');
    const bad = await call('POST', '/api/v1/console/sites/plant-a/roster', { as: 'siteAdminA', body: { csv: csv(['1003,Cleo,en,warehouse', ',No Number,en,', '1005,Bad Lang,english,']), fileName: 'march.csv' } });
    expect(bad.status).toBe(400);
    const { errors } = (await bad.json()) as { errors: string[] };
    expect(errors).toEqual([expect.stringMatching(/^march\.csv:3: /), expect.stringMatching(/^march\.csv:4: /)]);
    const people = async () => ((await (await call('GET', '/api/v1/console/sites/plant-a/people', { as: 'siteAdminA' })).json()) as { people: { id: string }[] }).people.map((p) => p.id);
    expect(await people()).not.toContain('1003');

    const good = await call('POST', '/api/v1/console/sites/plant-a/roster', { as: 'siteAdminA', body: { csv: csv(['1003,"=HYPERLINK(""http://evil.example"")",en,warehouse']), fileName: 'march.csv' } });
    expect(good.status).toBe(200);
    expect(await people()).toContain('1003');
    const exported = await (await call('GET', '/api/v1/console/sites/plant-a/export/status.csv', { as: 'siteAdminA' })).text();
    const row = exported.split('\n').find((l) => l.startsWith('1003,'))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(exported.split('\n')[0]).toBe('employee_number,name,module_id,due,state,overdue,in_words');
    // UTF-8 with a byte-order mark, so Excel reads names as written; the matrix, one row a person, is as safe.
    const matrix = Buffer.from(await (await call('GET', '/api/v1/console/sites/plant-a/export/matrix.csv', { as: 'siteAdminA' })).arrayBuffer());
    expect([...matrix.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = matrix.toString('utf8').slice(1).split('\n');
    expect(lines[0]).toMatch(/^employee_number,name,[a-z]/);
    expect(lines.find((l) => l.startsWith('1003,'))).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });

  it.skipIf(!kind.available)('reports the same numbers to the console as the admin API, through one summary', async () => {
    // Plant A: 1001, 1002 and 1003 in the warehouse role, which has ppe-basics (due 30 November) and
    // lockout-tagout (due 31 December). 1001 passes ppe-basics and it syncs; 1002 passes it on the kiosk,
    // where it still waits (the kiosk says so with its batch); 1003 has done nothing.
    const kiosks = siteApi(() => env.base, ADMIN, () => now);
    const kioskA = await kiosks.enrollKiosk('plant-a');
    const ppe = (JSON.parse(readFileSync(join(paths.contentDir, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === 'ppe-basics')!;
    expect((await kiosks.sync(kioskA, kiosks.passed(kioskA, '1001', ppe), { queued: 4, pending: [['1002', 'ppe-basics']] })).status).toBe(200);

    const viaConsole = (await (await call('GET', '/api/v1/console/sites/plant-a/status?today=2026-12-01', { as: 'admin' })).json()) as SiteStatus;
    const viaAdmin = (await (await admin('GET', '/sites/plant-a/status?today=2026-12-01')).json()) as SiteStatus;
    expect(viaConsole).toEqual(viaAdmin);
    // Worked by hand: on 1 December ppe-basics is overdue for whoever has not synced it (1002 waiting, 1003
    // not done: 2), 1 of 3 done is 33 %; lockout-tagout is not due yet; 1 of 6 done in all is 17 %.
    expect(summarise(viaConsole)).toMatchObject({
      assigned: 6, done: 1, waiting: 1, overdue: 2,
      modules: [
        { moduleId: 'lockout-tagout', assigned: 3, done: 0, waiting: 0, notDone: 3, overdue: 0 },
        { moduleId: 'ppe-basics', assigned: 3, done: 1, waiting: 1, notDone: 1, overdue: 2 },
      ],
    });

    // The CSV export and the CLI say the same.
    const csv = await (await call('GET', '/api/v1/console/sites/plant-a/export/modules.csv?today=2026-12-01', { as: 'admin' })).text();
    expect(csv.trim().split('\n')).toEqual([
      'module_id,assigned,done,waiting_to_sync,not_done,overdue,done_percent',
      'lockout-tagout,3,0,0,3,0,0',
      'ppe-basics,3,1,1,1,2,33',
    ]);
    const cli = await run('npx', ['tsx', 'src/admin/cli.ts', 'status', '--site', 'plant-a', '--server', env.base], { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: ADMIN } });
    expect(cli.stdout).toContain('1 of 6 assigned modules done (17%), 1 waiting on kiosks, 2 overdue');
    expect(cli.stdout).toContain('ppe-basics: 1 done, 1 waiting, 1 not done, 2 overdue of 3');
    expect(cli.stdout).toContain('lockout-tagout: 0 done, 0 waiting, 3 not done, 0 overdue of 3');
    for (const table of ['status', 'progress', 'quiz', 'signoffs']) expect((await call('GET', `/api/v1/console/sites/plant-a/export/${table}.csv`, { as: 'viewerB' })).status).toBe(403);
    expect((await call('GET', '/api/v1/console/sites/plant-a/export/nope.csv', { as: 'admin' })).status).toBe(404);
  });

  it.skipIf(!kind.available)('previews a draft with file:line problems, plans the publish in bytes and seconds, publishes it and logs who did', async () => {
    const source = readFileSync(join(paths.sourcesDir, '03-ppe.md'), 'utf8');
    const broken = source.replace(/^minutes: \d+$/m, 'minutes: lots');
    const preview = (await (await call('PUT', '/api/v1/console/drafts/03-ppe.md', { as: 'publisher', body: { source: broken } })).json()) as { diagnostics: { file: string; line: number; message: string }[]; module: unknown };
    expect(preview.module).toBeNull();
    expect(preview.diagnostics).toEqual([{ file: '03-ppe.md', line: broken.split('\n').findIndex((l) => l.startsWith('minutes:')) + 1, message: expect.stringMatching(/minutes/) }]);
    // A problem in another file is named with its place and words, not only counted: a good draft still cannot publish while it stands.
    writeFileSync(join(paths.sourcesDir, '99-other.md'), source.replace(/^id: .*$/m, 'id: other-module').replace(/^minutes: \d+$/m, 'minutes: lots'));
    try {
      const blocked = (await (await call('PUT', '/api/v1/console/drafts/03-ppe.md', { as: 'publisher', body: { source } })).json()) as typeof preview;
      expect(blocked.diagnostics).toEqual([{ file: '03-ppe.md', line: 0, message: expect.stringMatching(/^1 problem in other files stop a publish, first 99-other\.md:\d+: .*minutes/) }]);
    } finally {
      rmSync(join(paths.sourcesDir, '99-other.md'));
    }

    const fixed = source.replace(/^minutes: \d+$/m, 'minutes: 9');
    const ok = (await (await call('PUT', '/api/v1/console/drafts/03-ppe.md', { as: 'publisher', body: { source: fixed } })).json()) as { module: { minutes: number } };
    expect(ok.module.minutes).toBe(9);
    const plan = (await (await call('POST', '/api/v1/console/drafts/03-ppe.md/plan', { as: 'publisher' })).json()) as { changed: { id: string; br: number }[]; bytes: number; seconds: number };
    expect(plan.changed.map((m) => m.id)).toEqual(['ppe-basics']);
    expect(plan.seconds).toBeCloseTo(0.5 + (plan.bytes * 8) / 64_000, 6);
    // Planning published nothing.
    expect(readFileSync(join(paths.contentDir, 'catalog.json'), 'utf8')).not.toContain('"minutes":9');

    expect((await call('POST', '/api/v1/console/drafts/03-ppe.md/publish', { as: 'publisher' })).status).toBe(200);
    expect(readFileSync(join(paths.sourcesDir, '03-ppe.md'), 'utf8')).toBe(fixed);
    expect(readFileSync(join(paths.contentDir, 'catalog.json'), 'utf8')).toContain('"minutes":9');
    const log = ((await (await call('GET', '/api/v1/console/audit', { as: 'admin' })).json()) as { entries: { userId: string; action: string; target: string }[] }).entries;
    expect(log).toContainEqual(expect.objectContaining({ userId: 'publisher@plant.example', action: 'content.publish', target: '03-ppe.md' }));
    expect(log).toContainEqual(expect.objectContaining({ userId: 'siteadmina@plant.example', action: 'site.roster', target: 'plant-a' }));
  });

  it.skipIf(!kind.available)('rolls back to the catalog before, byte for byte, after showing what kiosks would download', async () => {
    const catalog = () => JSON.parse(readFileSync(join(paths.contentDir, 'catalog.json'), 'utf8')) as { version: string };
    const versions = async () => ((await (await call('GET', '/api/v1/console/versions', { as: 'publisher' })).json()) as { versions: { version: string; by: string; live: boolean; what: unknown[] }[] }).versions;
    const listed = await versions();
    expect(listed.map((v) => [v.by, v.live])).toEqual([['publisher@plant.example', true], ['', false]]);
    // What each publish did is kept by module title, for the console to say in its own language.
    const ppe = (JSON.parse(readFileSync(join(paths.contentDir, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === 'ppe-basics' && m.lang === 'en')!;
    expect(listed.map((v) => v.what)).toEqual([[{ title: ppe.title, lang: 'en', removed: false }], []]);
    const original = listed[1]!.version;
    expect(catalog().version).not.toBe(original);

    const plan = (await (await call('POST', `/api/v1/console/versions/${original}/plan`, { as: 'publisher' })).json()) as { changed: { id: string }[] };
    expect(plan.changed.map((m) => m.id)).toEqual(['ppe-basics']);
    expect((await call('POST', `/api/v1/console/versions/${original}/rollback`, { as: 'author' })).status).toBe(403);
    expect((await call('POST', '/api/v1/console/versions/000000000000/rollback', { as: 'publisher' })).status).toBe(404);
    expect((await call('POST', `/api/v1/console/versions/${original}/rollback`, { as: 'publisher' })).status).toBe(200);
    expect(catalog().version).toBe(original);
    expect(readFileSync(join(paths.sourcesDir, '03-ppe.md'), 'utf8')).not.toMatch(/^minutes: 9$/m);
  });

  it.skipIf(!kind.available)('imports a Word document and a PowerPoint deck as drafts, with their images and a report the draft keeps through later saves', async () => {
    const upload = (fileName: string, data: Uint8Array, as: Who = 'author', query = '', type = 'application/octet-stream') => fetch(`${env.base}/api/v1/console/imports?fileName=${encodeURIComponent(fileName)}${query}`, {
      method: 'POST', headers: { Cookie: cookies.get(as)!, Origin: env.base, 'Content-Type': type }, body: new Blob([data as Uint8Array<ArrayBuffer>]),
    });
    const res = await upload('Spill procedure.docx', await spillProcedureDocx());
    expect(res.status).toBe(200);
    const imported = (await res.json()) as { drafts: string[]; report: ImportReport };
    expect(imported.drafts).toEqual(['spill-procedure.md']);
    expect(imported.report.notes).toContainEqual({ at: 'Image 2', outcome: 'changed', text: expect.stringMatching(/^Scaled from 39\.\d KiB to 800 px and saved as WebP/) });
    expect(imported.report.drafts).toEqual([{ name: 'spill-procedure.md', title: 'Chemical spill: what to do in the first minutes', textBytes: expect.any(Number), imageBytes: expect.any(Number) }]);
    expect(readFileSync(join(paths.sourcesDir, 'media/spill-procedure-1.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(paths.sourcesDir, 'media/spill-procedure-2.webp')).subarray(8, 12).toString()).toBe('WEBP');

    const deck = await ladderDeck();
    const fromDeck = await upload('Ladder talk.pptx', deck, 'author', '&speakerNotes=yes');
    expect(fromDeck.status).toBe(200);
    const report = ((await fromDeck.json()) as { report: ImportReport }).report;
    expect(report.fileBytes).toBe(deck.length);
    expect(report.notes.filter((n) => n.outcome === 'left-out').map((n) => n.at)).toEqual(['Slide 3', 'Slide 4', 'Slide 4', 'Slide 5', 'Slide 7']);
    // What kiosks download for it is a sliver of the deck: its text and one fitted picture.
    const [cost] = report.drafts;
    expect(cost!.textBytes + cost!.imageBytes).toBeLessThan(deck.length / 50);
    const draft = async () => (await (await call('GET', '/api/v1/console/drafts/ladder-talk.md', { as: 'author' })).json()) as { source: string; report: ImportReport | null };
    expect((await draft()).source).toMatch(/^Tell the story of the fall in the paint store/m);
    // The author's next save keeps what the import said.
    const edited = (await draft()).source.replace('Questions', 'Questions');
    expect((await call('PUT', '/api/v1/console/drafts/ladder-talk.md', { as: 'author', body: { source: `${edited}\nOne more line.\n` } })).status).toBe(200);
    expect((await draft()).report).toEqual(report);

    const bad = await upload('notes.txt', new Uint8Array(4));
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([415, expect.stringMatching(/only \.docx .*, \.pptx .*, \.pdf .*, \.zip .* can be imported, not "notes\.txt"/)]);
    const notPdf = await upload('notes.pdf', new Uint8Array(4));
    expect([notPdf.status, ((await notPdf.json()) as { error: string }).error]).toEqual([422, expect.stringMatching(/^notes\.pdf is not a readable PDF/)]);
    const json = await upload('x.docx', new Uint8Array(4), 'author', '', 'application/json');
    expect([json.status, ((await json.json()) as { error: string }).error]).toEqual([415, expect.stringMatching(/application\/octet-stream/)]);
    // Refused from its declared length, before a byte is read.
    const tooLarge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${env.base}/api/v1/console/imports?fileName=big.pptx`, {
        method: 'POST', headers: { Cookie: cookies.get('author')!, Origin: env.base, 'Content-Type': 'application/octet-stream', 'Content-Length': String(MAX_IMPORT_BYTES + 1) },
      }, (answer) => {
        let body = '';
        answer.on('data', (c: Buffer) => (body += c));
        answer.on('end', () => resolve({ status: answer.statusCode!, body }));
      });
      req.on('error', reject);
      // Headers only: the answer comes without the body ever being sent.
      req.flushHeaders();
    });
    expect([tooLarge.status, (JSON.parse(tooLarge.body) as { error: string }).error]).toEqual([413, 'The file is 64.0 MiB; the most an import takes is 64 MiB.']);
    expect((await upload('x.docx', new Uint8Array(4), 'viewerB')).status).toBe(403);
  });

  it.skipIf(!kind.available)('keeps people with their site: a site admin cannot take another site\u2019s person, removed or not, nor learn where they are; their attempts stay where they were made', async () => {
    const kiosks = siteApi(() => env.base, ADMIN, () => now);
    const kioskB = await kiosks.enrollKiosk('plant-b');
    const entry = (JSON.parse(readFileSync(join(paths.contentDir, 'catalog.json'), 'utf8')) as Catalog).modules[0]!;
    const common = { deviceId: kioskB.deviceId, learnerId: '2001', moduleId: entry.id, lang: entry.lang, moduleHash: entry.hash };
    const attempt: AttemptRecord = { ...kiosks.stamp(kioskB.deviceId), ...common, kind: 'attempt', answers: [[0]], correct: 1, total: 1, score: 100, passed: true };
    const completion: CompletionRecord = { ...kiosks.stamp(kioskB.deviceId), ...common, kind: 'completion', attemptId: attempt.id, score: 100 };
    expect((await kiosks.sync(kioskB, [attempt, completion])).status).toBe(200);
    const quizAt = async (site: string) => ((await (await call('GET', `/api/v1/console/sites/${site}/quiz-results`, { as: 'admin' })).json()) as { modules: QuizResult[] })
      .modules.find((m) => m.moduleId === entry.id);
    // One person took it: the site sees that the module has results, never that one person's.
    expect(await quizAt('plant-b')).toMatchObject({ tried: HIDDEN, passed: HIDDEN });

    const csv = ['employee_number,name,language,roles', '1004,Dana,en,warehouse', '2001,Taken From B,en,warehouse'].join('\n');
    const upload = () => call('POST', '/api/v1/console/sites/plant-a/roster', { as: 'siteAdminA', body: { csv, fileName: 'april.csv' } });
    const refused = await upload();
    expect(refused.status).toBe(409);
    const body = await refused.text();
    expect(JSON.parse(body)).toMatchObject({ errors: ["april.csv:3: employee_number: 2001 belongs to another site's roster; only an admin can move someone between sites"] });
    expect(body).not.toContain('plant-b');
    // Removed at plant B: still not the site admin's to take (before, that moved them, history and all).
    expect((await admin('POST', '/sites/plant-b/roster', { people: [person('2002', { roles: ['warehouse'] })], replace: true })).status).toBe(200);
    expect((await upload()).status).toBe(409);
    const people = async (site: string) => ((await (await call('GET', `/api/v1/console/sites/${site}/people`, { as: 'admin' })).json()) as { people: { id: string }[] }).people.map((p) => p.id);
    expect(await people('plant-a')).not.toContain('1004');

    // An admin moves them; their quiz history moves with them, counted only as the privacy rule allows.
    expect((await call('POST', '/api/v1/console/sites/plant-a/roster', { as: 'admin', body: { csv, fileName: 'april.csv' } })).status).toBe(200);
    expect(await people('plant-a')).toContain('2001');
    expect(await quizAt('plant-a')).toMatchObject({ tried: HIDDEN });
    expect(await quizAt('plant-b')).toBeUndefined();
    // Who read whose data: each read of a site's learning data is in the audit log.
    const log = ((await (await call('GET', '/api/v1/console/audit', { as: 'admin' })).json()) as { entries: { userId: string; action: string; target: string; detail: string }[] }).entries;
    expect(log).toContainEqual(expect.objectContaining({ userId: 'admin@plant.example', action: 'data.read', target: 'plant-b', detail: 'quiz results' }));
    expect(log).toContainEqual(expect.objectContaining({ userId: 'siteadmina@plant.example', action: 'data.read', target: 'plant-a', detail: 'status.csv' }));
  });

  it.skipIf(!kind.available)('never lets an upload overwrite an image a module uses, and logs a publisher\u2019s replacement of one no module uses', async () => {
    const upload = (as: Who, fileName: string, bytes: number) => call('POST', '/api/v1/console/images', { as, body: { fileName, data: png(bytes).toString('base64') } });
    const first = await upload('publisher', 'Sign.png', 300);
    expect([first.status, await first.json()]).toEqual([201, { path: 'media/sign.png', replaced: false }]);
    const live = readFileSync(join(paths.sourcesDir, 'media/sign.png'));
    // A published module uses it from now on.
    const source = readFileSync(join(paths.sourcesDir, '03-ppe.md'), 'utf8').replace(/\n## /, '\n![A sign](media/sign.png)\n\n## ');
    expect((await call('PUT', '/api/v1/console/drafts/03-ppe.md', { as: 'publisher', body: { source } })).status).toBe(200);
    expect((await call('POST', '/api/v1/console/drafts/03-ppe.md/publish', { as: 'publisher' })).status).toBe(200);

    for (const who of ['author', 'publisher'] as const) {
      const again = await upload(who, 'sign.png', 400);
      expect([again.status, ((await again.json()) as { path: string }).path]).toEqual([201, expect.stringMatching(/^media\/sign-\d\.png$/)]);
      expect(readFileSync(join(paths.sourcesDir, 'media/sign.png')).equals(live)).toBe(true);
    }
    // An image no module uses: an author's upload gets a new name, a publisher's replaces it, in the audit log.
    expect(((await (await upload('publisher', 'spare.png', 100)).json()) as { path: string }).path).toBe('media/spare.png');
    expect(((await (await upload('author', 'spare.png', 200)).json()) as { path: string }).path).toBe('media/spare-2.png');
    expect(await (await upload('publisher', 'spare.png', 300)).json()).toEqual({ path: 'media/spare.png', replaced: true });
    const log = ((await (await call('GET', '/api/v1/console/audit', { as: 'admin' })).json()) as { entries: { action: string; target: string }[] }).entries;
    expect(log).toContainEqual(expect.objectContaining({ action: 'content.image-replace', target: 'media/spare.png' }));
  });
});
