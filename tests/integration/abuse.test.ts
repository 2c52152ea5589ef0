import { MAX_IMPORT_BYTES } from '../../src/shared/console/import-report.ts';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import type { AuditEntry } from '../../src/shared/console/access.ts';
import type { Preview } from '../../src/shared/console/content.ts';
import { moduleSource } from '../../harness/module-source.ts';
import { lyingZip } from '../../harness/hostile-zip.ts';

const PORT = 18_730;
const ADMIN_TOKEN = 'abuse-test-admin-token-0123456789';
const BASE = `http://127.0.0.1:${PORT}`;
const run = promisify(execFile);

/**
 * The server as its own process, attacked as the network and its own users
 * would: bursts fired all at once, and the verdicts are outcomes (what was
 * checked, what was refused, what kept answering), never how fast.
 */
describe('the server under abuse', () => {
  let root: string;
  let server: ServerProcess;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lowband-abuse-'));
    const content = join(root, 'published');
    expect((await publish({ sourceDir: FIXTURE_COURSE, outDir: content, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    const sources = join(root, 'sources');
    await cp(FIXTURE_COURSE, sources, { recursive: true, filter: (src) => !src.endsWith('.csv') });
    // TRUST_PROXY: the test speaks from several addresses through X-Forwarded-For, as a proxy in front would.
    server = new ServerProcess(PORT, {
      CONTENT_DIR: content, DIST_DIR: join(root, 'no-app'), DATA_DIR: join(root, 'data'), SOURCES_DIR: sources, ADMIN_TOKEN, TRUST_PROXY: 'loopback',
    });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  const signIn = (password: string, from = '198.51.100.10', email: string = DEMO.consoleEmail) => fetch(`${BASE}/api/v1/console/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: BASE, 'X-Forwarded-For': from },
    body: JSON.stringify({ email, password }),
  });
  const admin = async (method: string, path: string) => {
    const res = await fetch(`${BASE}/api/v1/admin${path}`, { method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  /** A console session for the demo admin, from the address it signs in from (the first test makes it known). */
  const consoleCall = async (method: string, path: string, body?: unknown) => {
    const signedIn = await signIn(DEMO.consolePassword, '198.51.100.10');
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    return fetch(`${BASE}/api/v1/console${path}`, {
      method, headers: { Cookie: cookie, Origin: BASE, 'X-Forwarded-For': '198.51.100.10', ...(body === undefined ? {} : { 'Content-Type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json' }) },
      body: body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
    });
  };
  const auditActions = async () => ((await (await consoleCall('GET', '/audit')).json()) as { entries: AuditEntry[] }).entries;

  it('checks at most one password per account at a time, keeps the failures a success would have wiped, and locks the right password out too', async () => {
    const burst = await Promise.all([...Array.from({ length: 40 }, () => signIn('a wrong password guess')), signIn(DEMO.consolePassword)]);
    const statuses = burst.map((r) => r.status);
    const checked = statuses.filter((s) => s === 200 || s === 401).length;
    // Before: all 41 were checked and the right one wiped the 40 failures.
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(41 - checked);
    let failures = statuses.filter((s) => s === 401).length;
    let last: Response;
    for (;;) {
      last = await signIn('a wrong password guess');
      if (last.status !== 401) break;
      failures++;
    }
    expect(last.status).toBe(429);
    expect(((await last.json()) as { code: string }).code).toBe('locked');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // The fifth failure locked it, however many of them the burst's right password came between.
    expect(failures).toBe(5);
    expect((await signIn(DEMO.consolePassword)).status).toBe(429);

    // An admin at a terminal lists the lock and lifts it.
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/admin/cli.ts', ...args, '--server', BASE], { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN } });
    expect((await cli('locks')).stdout).toMatch(new RegExp(`^${DEMO.consoleEmail} \\(Demo admin\\): locked .* after 5 failed sign-ins\\.$`, 'm'));
    expect((await cli('unlock', DEMO.consoleEmail)).stdout).toBe(`${DEMO.consoleEmail}: unlocked; its failed sign-ins are forgotten.\n`);
    expect(await admin('GET', '/console-locks')).toEqual({ locks: [] });
    expect((await signIn(DEMO.consolePassword)).status).toBe(200);
  });

  it('lets the real user in from where they signed in before while a stranger keeps the account locked elsewhere', async () => {
    // The first test signed in from 198.51.100.10; a stranger elsewhere locks the account.
    let stranger: Response;
    do stranger = await signIn('guessing from far away', '203.0.113.66');
    while (stranger.status === 401);
    expect(stranger.status).toBe(429);
    expect((await signIn(DEMO.consolePassword, '203.0.113.67')).status).toBe(429);
    expect((await signIn(DEMO.consolePassword, '198.51.100.10')).status).toBe(200);
    const actions = (await auditActions()).map((e) => `${e.action} ${e.target}`);
    expect(actions).toContain(`session.locked ${DEMO.consoleEmail}`);
    expect(actions).toContain(`session.unlock ${DEMO.consoleEmail}`);
  });

  it('keeps serving content while a burst of sign-ins waits for the password checks, and refuses what does not fit in line', async () => {
    const burst = Array.from({ length: 50 }, (_, i) => signIn('not anyone\u2019s password', `192.0.2.${i + 1}`, `nobody${i}@plant.example`));
    let signInsDone = 0;
    for (const b of burst) void b.then(() => signInsDone++, () => signInsDone++);
    const content = await fetch(`${BASE}/content/catalog.json`);
    expect(content.status).toBe(200);
    // Before, the catalog waited behind every scrypt on libuv's pool (30 sign-ins: 30 s); now it is answered before the line clears.
    expect(signInsDone).toBeLessThan(burst.length);
    const answers = await Promise.all(burst);
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => r.headers.get('retry-after') === '2')).toBe(true);
    // One running and eight in line at most: what was checked is bounded whatever the burst.
    expect(statuses.filter((s) => s === 401).length).toBeLessThan(50);
  });

  it('counts enrollment guesses before their lookup: a burst from one address gets the allowance checked, the rest 429', async () => {
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(`${BASE}/api/v1/enroll`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.99' },
      body: JSON.stringify({ code: `WRONG-${String(i).padStart(5, '0')}`, deviceId: `dev-${crypto.randomUUID()}` }),
    })));
    const looked = burst.filter((r) => r.status !== 429);
    // Five free guesses and the sixth that locks; before, all thirty were looked up.
    expect(looked.length).toBeGreaterThanOrEqual(1);
    expect(looked.length).toBeLessThanOrEqual(6);
    expect(looked.every((r) => r.status >= 400 && r.status < 500)).toBe(true);
  });

  it('refuses a draft of nested emphasis at its line, before the parser sees it, and keeps the author\u2019s text', async () => {
    const source = moduleSource({}, `## A\n\n${'*a '.repeat(3000)}b${' c*'.repeat(3000)}\n`);
    const res = await consoleCall('PUT', '/drafts/hostile.md', { source });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as Preview;
    expect(preview.module).toBeNull();
    expect(preview.diagnostics).toContainEqual(expect.objectContaining({ file: 'hostile.md', message: expect.stringMatching(/this paragraph has 6000 runs of \* or _/) }));
    expect((await (await consoleCall('GET', '/drafts/hostile.md')).json()) as { source: string }).toMatchObject({ source });
  });

  it('refuses Word files that lie about their sizes or carry more XML than it reads, and the server\u2019s memory stays bounded', async () => {
    const importDocx = (name: string, data: Uint8Array) => consoleCall('POST', `/imports?fileName=${name}`, data);
    // 64 MiB of XML that says it is 1 KiB: before, mammoth inflated every byte of it (0.97 MiB took the server to 1.1 GiB).
    const bomb = await importDocx('bomb.docx', lyingZip('word/document.xml', 64 * 1024 * 1024, 1024));
    expect(bomb.status).toBe(422);
    expect(((await bomb.json()) as { error: string }).error).toMatch(/word\/document\.xml holds more or less than the 1024 bytes it declares/);
    // 12.5 MiB of honest XML: too much for a module, refused before mammoth reads it.
    const honest = await importDocx('long.docx', lyingZip('word/document.xml', 12.5 * 1024 * 1024));
    expect(honest.status).toBe(422);
    expect(((await honest.json()) as { error: string }).error).toMatch(/word\/document\.xml is 12\.5 MiB of XML; the most a document may have is 2 MiB/);
    // A file larger than any import takes is refused from its length, before it is read.
    const huge = await consoleCall('POST', '/imports?fileName=huge.pptx', new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(huge.status).toBe(413);
    expect(server.peakRssMiB()).toBeLessThan(300);
    expect((await fetch(`${BASE}/content/catalog.json`)).status).toBe(200);
  });
});
