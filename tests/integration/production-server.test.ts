import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { relative, join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, buildServer } from '../../build/build.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { spillProcedureDocx } from '../../harness/import-files/docx.ts';
import { forkliftProcedurePdf } from '../../harness/import-files/pdf.ts';

/**
 * The production path: a prebuilt dist/ and dist-server/, published content,
 * and node_modules holding exactly what `npm ci --omit=dev` installs (the
 * production tree npm itself computes), copied away from the dev tree. If
 * the server imported a devDependency (tsx, esbuild, workbox-build, the
 * publisher's Markdown parser, valibot as it once was) it could not start here.
 */
describe('the server on a production install', () => {
  let dir: string;
  let child: ChildProcess;
  let base: string;
  const output: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lowband-prod-'));
    await Promise.all([buildAll(join(dir, 'dist')), buildServer(join(dir, 'dist-server'))]);
    // What a checkout holds beside the build: the console's publisher reads the byte budgets.
    for (const file of ['package.json', 'budgets.json']) await cp(join(ROOT, file), join(dir, file));
    const published = await publish({ sourceDir: FIXTURE_COURSE, outDir: join(dir, 'published'), budgetsFile: join(ROOT, 'budgets.json') });
    expect(published.ok).toBe(true);
    const production = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n').filter(Boolean).map((p) => relative(ROOT, p))
      // Top-level packages; nested node_modules come along inside their parent.
      .filter((p) => p.startsWith(`node_modules${sep}`) && !p.slice('node_modules/'.length).includes(`${sep}node_modules${sep}`));
    expect(production).toContain(join('node_modules', 'better-sqlite3'));
    expect(production).not.toContain(join('node_modules', 'esbuild'));
    await mkdir(join(dir, 'node_modules'));
    for (const p of production) await cp(join(ROOT, p), join(dir, p), { recursive: true });
    // The sources the console edits, as an install that has published them keeps them.
    await cp(FIXTURE_COURSE, join(dir, 'data', 'sources'), { recursive: true, filter: (src) => !src.endsWith('.csv') });

    child = spawn(process.execPath, [join(dir, 'dist-server', 'server.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: 'production-test-admin-token-0123' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    base = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        output.push(d.toString());
        const port = /Serving on http:\/\/localhost:(\d+)\//.exec(output.join(''))?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      });
      child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output.join('')}`)));
    });
  }, 120_000);
  afterAll(async () => {
    child?.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts from the bundle with only the runtime dependencies, and serves the app, the content and the API', async () => {
    expect((await (await fetch(`${base}/healthz`)).text()).trim()).toBe('ok: the database answers.');
    const page = await fetch(`${base}/`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`${base}/content/catalog.json`)).status).toBe(200);
    const sites = await fetch(`${base}/api/v1/admin/sites`, { headers: { Authorization: 'Bearer production-test-admin-token-0123' } });
    expect(sites.status).toBe(200);
    // No content/ folder on a production copy: no demo roster, so no demo site is invented.
    expect(await sites.json()).toEqual({ sites: [] });
  });

  it('previews, plans, publishes and imports in the console through the bundle\'s compile worker and its lazily loaded importers', async () => {
    const made = await fetch(`${base}/api/v1/admin/console-users`, {
      method: 'POST', headers: { Authorization: 'Bearer production-test-admin-token-0123', 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'lnd@plant.example', name: 'L&D', role: 'publisher', password: 'a long enough password' }),
    });
    expect(made.status).toBe(201);
    const session = await fetch(`${base}/api/v1/console/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify({ email: 'lnd@plant.example', password: 'a long enough password' }),
    });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const call = (method: string, path: string, body?: BodyInit, type = 'application/json') =>
      fetch(`${base}/api/v1/console${path}`, { method, headers: { Cookie: cookie, Origin: base, ...(body === undefined ? {} : { 'Content-Type': type }) }, body });

    const source = (await readFile(join(FIXTURE_COURSE, '03-ppe.md'), 'utf8')).replace(/^minutes: \d+$/m, 'minutes: 9');
    const preview = await call('PUT', '/drafts/03-ppe.md', JSON.stringify({ source }));
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { module: { minutes: number } | null }).module?.minutes).toBe(9);
    const plan = (await (await call('POST', '/drafts/03-ppe.md/plan')).json()) as { changed: { id: string }[] };
    expect(plan.changed.map((m) => m.id)).toEqual(['ppe-basics']);
    expect((await call('POST', '/drafts/03-ppe.md/publish')).status).toBe(200);
    expect(await (await fetch(`${base}/content/catalog.json`)).text()).toContain('"minutes":9');

    // Word (mammoth, sharp) and PDF (unpdf) imports load their parsers only when asked: here, from the production tree.
    for (const [fileName, data, draft] of [['Spill procedure.docx', await spillProcedureDocx(), 'spill-procedure.md'], ['Forklift procedure.pdf', await forkliftProcedurePdf(), 'forklift-procedure.md']] as const) {
      const imported = await call('POST', `/imports?fileName=${encodeURIComponent(fileName)}`, new Blob([data as Uint8Array<ArrayBuffer>]), 'application/octet-stream');
      expect(imported.status, await imported.clone().text()).toBe(200);
      expect(((await imported.json()) as { drafts: string[] }).drafts).toEqual([draft]);
    }
  }, 60_000);
});
