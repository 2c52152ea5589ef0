import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { firstRenderResources } from '../../build/audit.ts';
import { evaluateBudgets, firstRenderUrls, formatReport, isOver, measure, type Subject } from '../../build/budgets.ts';
import { parseBudgets, pathMatches, sizeLimit } from '../../src/node/budgets.ts';
import { ROOT } from '../../src/node/paths.ts';
import { useTempDirs } from '../helpers/temp.ts';

const repoBudgets = async () => parseBudgets(JSON.parse(await readFile(join(ROOT, 'budgets.json'), 'utf8')));

describe('budgets.json format', () => {
  it('is valid Lighthouse budget format and sets the issue’s starting budgets', async () => {
    const budgets = await repoBudgets();
    expect(sizeLimit(budgets, '/', 'total')).toBeLessThanOrEqual(14 * 1024);
    expect(sizeLimit(budgets, '/sw.js', 'script')).toBeLessThanOrEqual(10.5 * 1024);
    expect(sizeLimit(budgets, '/content/modules/a.en.0123456789ab.json', 'other')).toBeLessThanOrEqual(8 * 1024);
  });

  it('rejects what Lighthouse rejects, saying where', () => {
    expect(() => parseBudgets({})).toThrow('budgets.json: must be an array of budgets');
    expect(() => parseBudgets([{ path: '/', perModule: 8 }])).toThrow('budgets.json[0]: unknown key "perModule"');
    expect(() => parseBudgets([{ resourceSizes: [{ resourceType: 'json', budget: 1 }] }])).toThrow('budgets.json[0].resourceSizes[0]: resourceType "json" is not one of');
    expect(() => parseBudgets([{ path: 'sw.js' }])).toThrow('budgets.json[0].path: path must be a string starting with "/"');
    expect(() => parseBudgets([{ path: '/a*b*' }])).toThrow('at most one "*"');
    expect(() => parseBudgets([{ path: '/a$b' }])).toThrow('"$" may only end a path');
    expect(() => parseBudgets([{ resourceSizes: [{ resourceType: 'script', budget: 1 }, { resourceType: 'script', budget: 2 }] }])).toThrow('duplicate resourceType "script"');
    expect(() => parseBudgets([{ timings: [{ metric: 'fast', budget: 1 }] }])).toThrow('unknown metric "fast"');
  });

  it('matches paths the way Lighthouse does', () => {
    expect(pathMatches('/', '/anything')).toBe(true);
    expect(pathMatches('/sw.js$', '/sw.js')).toBe(true);
    expect(pathMatches('/sw.js$', '/sw.js.map')).toBe(false);
    expect(pathMatches('/content/modules/*.json$', '/content/modules/a.en.1.json')).toBe(true);
    expect(pathMatches('/content/modules/*.json$', '/content/modules/a.en.1.json.br')).toBe(false);
    expect(pathMatches('/content/media/*', '/content/modules/x')).toBe(false);
  });
});

describe('evaluateBudgets', () => {
  const subjects = (script: number, module: number): Subject[] => [
    // The stylesheet is inline, in the document.
    { url: '/', resources: [{ url: '/index.html', type: 'document', bytes: 1500 }, { url: '/assets/app.js', type: 'script', bytes: script }] },
    { url: '/content/modules/m.en.0123456789ab.json', resources: [{ url: '/content/modules/m.en.0123456789ab.json', type: 'other', bytes: module }] },
  ];

  it('passes a build within budget', async () => {
    const rows = evaluateBudgets(await repoBudgets(), subjects(8000, 3000));
    expect(rows.filter(isOver)).toEqual([]);
  });

  it('fails a too-large shell, naming what grew and by how much', async () => {
    const rows = evaluateBudgets(await repoBudgets(), subjects(13 * 1024, 3000));
    expect(rows.filter(isOver).map((r) => `${r.subject} ${r.type}`)).toEqual(['/ script', '/ total']);
    const report = formatReport(rows);
    expect(report).toMatch(/^\/\s+total\s+14\.46 KiB\s+14\.00 KiB\s+OVER by 0\.46 KiB$/m);
    expect(report).toMatch(/^\s+\/assets\/app\.js\s+13\.00 KiB$/m);
  });

  it('fails a too-large module on its own', async () => {
    const rows = evaluateBudgets(await repoBudgets(), subjects(8000, 9000));
    expect(rows.filter(isOver).map((r) => `${r.subject} ${r.type} ${r.actual}`)).toEqual([
      '/content/modules/m.en.0123456789ab.json other 9000',
      '/content/modules/m.en.0123456789ab.json total 9000',
    ]);
  });

  it('counts third-party requests against their count budget', async () => {
    const rows = evaluateBudgets(await repoBudgets(), [{ url: '/', resources: [{ url: 'https://cdn.example/x.js', type: 'script', bytes: 0 }] }]);
    expect(rows.filter(isOver).map((r) => `${r.kind} ${r.type} ${r.actual}`)).toEqual(['count third-party 1']);
  });
});

describe('npm run budgets on real files', () => {
  const tempDir = useTempDirs();
  const run = promisify(execFile);

  async function fixture(scriptBytes: number, moduleBytes: number) {
    const dist = await tempDir('lowband-dist-');
    const content = await tempDir('lowband-content-');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<style>body{margin:0}</style><script type="module" src="/assets/app-AAAAAAAA.js"></script>');
    // Random bytes do not compress: the brotli size is about the raw size.
    await writeFile(join(dist, 'assets/app-AAAAAAAA.js'), randomBytes(scriptBytes).toString('latin1'));
    await writeFile(join(dist, 'sw.js'), 'self.x=1');
    await mkdir(join(dist, 'console/assets'), { recursive: true });
    await writeFile(join(dist, 'console/index.html'), '<link rel="stylesheet" href="/console/assets/c-CCCCCCCC.css"><script type="module" src="/console/assets/console-BBBBBBBB.js"></script>');
    await writeFile(join(dist, 'console/assets/console-BBBBBBBB.js'), randomBytes(scriptBytes * 4).toString('latin1'));
    await writeFile(join(dist, 'console/assets/c-CCCCCCCC.css'), 'body{margin:0}');
    await writeFile(join(dist, '.build-stamp'), '');
    await mkdir(join(content, 'modules'));
    const url = '/content/modules/m.en.0123456789ab.json';
    await writeFile(join(content, 'modules/m.en.0123456789ab.json'), randomBytes(moduleBytes).toString('base64'));
    await writeFile(join(content, 'catalog.json'), JSON.stringify({ format: 1, modules: [{ id: 'm', lang: 'en', url, media: [] }] }));
    return { dist, content };
  }

  it('takes the first render from Lighthouse’s recording: the document and what it references, plus any third party', () => {
    const origin = 'http://127.0.0.1:9';
    const requests = [
      { url: `${origin}/`, resourceType: 'Document', transferSize: 1100 },
      { url: `${origin}/assets/app-A.js`, resourceType: 'Script', transferSize: 4000 },
      { url: `${origin}/assets/lazy-B.js`, resourceType: 'Script', transferSize: 2000 },
      { url: `${origin}/content/catalog.json`, resourceType: 'Fetch', transferSize: 1400 },
      { url: 'https://cdn.example/x.js', resourceType: 'Script', transferSize: 900 },
    ];
    expect(firstRenderResources(requests, origin, ['/assets/app-A.js'])).toEqual([
      { url: '/', type: 'document', bytes: 1100 },
      { url: '/assets/app-A.js', type: 'script', bytes: 4000 },
      { url: 'https://cdn.example/x.js', type: 'script', bytes: 900 },
    ]);
  });

  it('measures the first-render set from index.html', () => {
    expect(firstRenderUrls('<link rel="manifest" href="/m.json"><link rel="stylesheet" href="/a.css"><link rel="modulepreload" href="/c.js"><script type="module" src="/b.js"></script>'))
      .toEqual(['/a.css', '/c.js', '/b.js']);
  });

  it('exits 1 with the over-budget rows for a large shell and a large module, and 0 when both fit', async () => {
    const big = await fixture(16_000, 12_000);
    const rows = evaluateBudgets(await repoBudgets(), await measure(big.dist, big.content));
    expect(rows.filter(isOver).map((r) => `${r.subject} ${r.type}`)).toEqual([
      '/ script', '/ total', '/console/ script', '/console/ total', '/content/modules/m.en.0123456789ab.json other', '/content/modules/m.en.0123456789ab.json total',
    ]);

    const cli = run('npx', ['tsx', 'build/budgets-cli.ts'], { cwd: ROOT, env: { ...process.env, DIST_DIR: big.dist, CONTENT_DIR: big.content } });
    const failure = await cli.then(() => null, (err: { code: number; stdout: string; stderr: string }) => err);
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/\/content\/modules\/m\.en\.0123456789ab\.json\s+other\s+\d+\.\d\d KiB\s+4\.00 KiB\s+OVER by/);
    expect(failure?.stderr).toContain('6 budgets exceeded');

    const small = await fixture(2000, 500);
    const ok = await run('npx', ['tsx', 'build/budgets-cli.ts'], { cwd: ROOT, env: { ...process.env, DIST_DIR: small.dist, CONTENT_DIR: small.content } });
    expect(ok.stdout).toContain('budgets met');
  }, 30_000);
});
