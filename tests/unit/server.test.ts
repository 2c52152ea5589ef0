import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer } from '../../src/server/app-server.ts';
import { chooseEncoding, needsDocumentHeaders, safeRelativePath } from '../../src/server/http-policy.ts';
import { publish } from '../../src/publisher/publish.ts';
import { ROOT } from '../../src/node/paths.ts';
import { brotli, gzip } from '../../src/node/compress.ts';
import { moduleSource } from '../../harness/module-source.ts';
import { inlineSources } from '../../build/inline-sources.ts';
import { INLINE_SOURCES_FILE } from '../../src/node/paths.ts';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

let base = '';
let dist = '';
let content = '';
let source = '';
let close: () => Promise<void>;

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // `path` goes on the wire exactly as written, so traversal attempts are not normalised away by the client.
    const req = request(`${base}/`, { method, headers, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const HTML = '<!doctype html><title>t</title><script type="module" src="/assets/app-ABCDEFGH.js"></script>';
const JS = 'console.log("app");'.repeat(50);
const CONSOLE_HTML = '<!doctype html><title>console</title>';

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'lowband-server-'));
  dist = join(root, 'dist');
  content = join(root, 'published');
  source = join(root, 'src');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await mkdir(source);
  await mkdir(join(dist, 'console', 'assets'), { recursive: true });
  for (const [name, data] of [['index.html', HTML], ['console/index.html', CONSOLE_HTML], ['assets/app-ABCDEFGH.js', JS], ['sw.js', 'self.a=1'], ['.build-stamp', 'x']] as const) {
    await writeFile(join(dist, name), data);
    await writeFile(join(dist, `${name}.br`), brotli(data));
    await writeFile(join(dist, `${name}.gz`), gzip(data));
  }
  await writeFile(join(source, 'a.md'), moduleSource({ id: 'id: a' }));
  await publish({ sourceDir: source, outDir: content, budgetsFile: join(ROOT, 'budgets.json') });
  const server = createAppServer({ distDir: dist, contentDir: content });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
  return async () => rm(root, { recursive: true, force: true });
});
afterAll(async () => close());

describe('encoding negotiation', () => {
  it('prefers brotli, then gzip, honouring q-values', () => {
    expect(chooseEncoding('gzip, deflate, br', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip', ['br', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0', ['br', 'gzip'])).toBe('identity');
    expect(chooseEncoding('*', ['gzip'])).toBe('gzip');
    expect(chooseEncoding(undefined, ['br', 'gzip'])).toBe('identity');
    expect(chooseEncoding('br', [])).toBe('identity');
  });

  it('sends the precompressed file with Content-Encoding and Vary', async () => {
    const br = await get('/assets/app-ABCDEFGH.js', { 'Accept-Encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript');
    expect(brotliDecompressSync(br.body).toString()).toBe(JS);

    const gz = await get('/assets/app-ABCDEFGH.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(JS);

    const plain = await get('/assets/app-ABCDEFGH.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(JS);
    expect(Number(plain.headers['content-length'])).toBe(JS.length);
  });

  it('compresses the catalog, which has no siblings, and serves the new one as soon as it is published', async () => {
    const first = await get('/content/catalog.json', { 'Accept-Encoding': 'br' });
    expect(first.headers['content-encoding']).toBe('br');
    const before = JSON.parse(brotliDecompressSync(first.body).toString());
    expect(before.modules.map((m: { id: string }) => m.id)).toEqual(['a']);

    await writeFile(join(source, 'b.md'), moduleSource({ id: 'id: b' }));
    await publish({ sourceDir: source, outDir: content, budgetsFile: join(ROOT, 'budgets.json') });
    const after = JSON.parse(brotliDecompressSync((await get('/content/catalog.json', { 'Accept-Encoding': 'br' })).body).toString());
    expect(after.modules.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
    const module = await get(after.modules[1].url, { 'Accept-Encoding': 'br' });
    expect(module.status).toBe(200);
    expect(module.headers['content-type']).toBe('application/json');
  });
});

describe('caching', () => {
  it('caches hashed files for a year and revalidates entry points', async () => {
    expect((await get('/assets/app-ABCDEFGH.js')).headers['cache-control']).toBe('max-age=31536000, immutable');
    const catalog = JSON.parse((await get('/content/catalog.json')).body.toString());
    expect((await get(catalog.modules[0].url)).headers['cache-control']).toBe('max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/sw.js', '/content/catalog.json', '/m/a/quiz']) {
      expect((await get(path, { Accept: 'text/html' })).headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('answers 304 to a matching If-None-Match, per encoding', async () => {
    const first = await get('/sw.js', { 'Accept-Encoding': 'br' });
    const etag = first.headers.etag as string;
    expect((await get('/sw.js', { 'Accept-Encoding': 'br', 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/sw.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag })).status).toBe(200);
    expect((await get('/sw.js', { 'Accept-Encoding': 'br', 'If-None-Match': `"old", ${etag}` })).status).toBe(304);
    const notModified = await get('/sw.js', { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    expect(notModified.headers['content-security-policy']).toBeUndefined();
    expect(notModified.headers.etag).toBe(etag);
  });

  it('sends no validator with a content-hashed file, which is never revalidated', async () => {
    const hashed = await get('/assets/app-ABCDEFGH.js', { 'Accept-Encoding': 'br' });
    expect([hashed.status, hashed.headers.etag]).toEqual([200, undefined]);
    expect((await get('/sw.js')).headers.etag).toMatch(/^"/);
  });
});

describe('the shell\'s inline style and script', () => {
  it('are allowed by their SHA-256 alone, on the page and the worker scripts alike, and a tampered list widens nothing', async () => {
    const html = '<style>b{color:red}</style><script type="module" src="/a.js"></script><script>navigator.serviceWorker.register("/sw.js")</script>';
    const sources = inlineSources(html);
    // The digests a browser computes over each element's text.
    expect(sources).toBe("style-src 'self' 'sha256-ypIZpeWh67Lh3q46jpjGW7VCAJpmEqcFe8Dl5B2rXQU='; script-src 'self' 'sha256-z783p3K/R1lt4psZVKvE73XQAzCfr7hPW321pKwPnSc='");
    try {
      await writeFile(join(dist, INLINE_SOURCES_FILE), `${sources}\n`);
      const [page, worker] = [await get('/'), await get('/sw.js')];
      expect(page.headers['content-security-policy']).toMatch(/; style-src 'self' 'sha256-[^']+'; script-src 'self' 'sha256-[^']+'$/);
      expect(worker.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
      // The server re-reads the file when its modification time changes, as after a new build.
      await writeFile(join(dist, INLINE_SOURCES_FILE), "script-src 'self' 'unsafe-inline'\n");
      await utimes(join(dist, INLINE_SOURCES_FILE), new Date(), new Date(Date.now() + 60_000));
      expect((await get('/')).headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
    } finally {
      await rm(join(dist, INLINE_SOURCES_FILE), { force: true });
    }
  });
});

describe('security', () => {
  it('sends a strict CSP with no inline script on documents and worker scripts, and the basic headers everywhere', async () => {
    for (const path of ['/', '/m/a', '/sw.js']) {
      const { headers } = await get(path, { Accept: 'text/html' });
      expect(headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(headers['content-security-policy'], path).not.toMatch(/script-src|style-src/);
      expect(headers['content-security-policy'], path).not.toContain('unsafe-inline');
      expect(headers['content-security-policy'], path).toContain("object-src 'none'");
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    }
    for (const path of ['/', '/assets/app-ABCDEFGH.js', '/content/catalog.json', '/nope.js']) {
      expect((await get(path)).headers['x-content-type-options'], path).toBe('nosniff');
    }
    expect((await get('/')).headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/')).headers['content-security-policy']).toContain("require-trusted-types-for 'script'; trusted-types lowband sw");
    // Everything that is neither a page nor a script runs nothing if it is ever opened as one (an SVG above all)…
    for (const path of ['/content/catalog.json', '/content/nope.svg', '/nope.json']) {
      const { headers } = await get(path);
      expect(headers['content-security-policy'], path).toBe("default-src 'none'; sandbox");
      expect(headers['cross-origin-resource-policy'], path).toBe('same-origin');
      expect(headers['referrer-policy'], path).toBeUndefined();
    }
    // …while scripts and stylesheets, never rendered as pages under nosniff, save those ~130 bytes each at 8 KB/s.
    for (const name of ['content-security-policy', 'referrer-policy', 'cross-origin-resource-policy']) {
      expect((await get('/assets/app-ABCDEFGH.js')).headers[name], name).toBeUndefined();
    }
    expect(needsDocumentHeaders('/assets/search-worker-ABCD1234.js', 'text/javascript')).toBe(true);
    expect(needsDocumentHeaders('/assets/app-ABCD1234.js', 'text/javascript')).toBe(false);
  });

  it('refuses path traversal, however it is spelled', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/content/..%2F..%2Fpackage.json', '/%00', '/a\\..\\b', '/%E0%A4%A']) {
      expect((await get(path)).status, path).toBe(400);
    }
    expect(safeRelativePath('/assets/./app.js')).toBe('assets/app.js');
    expect(safeRelativePath('/.build-stamp')).toBeNull();
  });

  it('allows only GET and HEAD', async () => {
    const post = await get('/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get('/assets/app-ABCDEFGH.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(JS.length);
  });
});

describe('routing', () => {
  it('serves the shell for app pages, 404 for missing files and content', async () => {
    const page = await get('/m/lockout-tagout', { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe(HTML);
    expect((await get('/assets/missing-AAAAAAAA.js')).status).toBe(404);
    expect((await get('/content/modules/missing.json', { Accept: 'text/html' })).status).toBe(404);
    expect((await get('/.build-stamp')).status).toBe(400);
  });

  it('serves the console page at every console address, a draft named by its file included, and 404 for a missing console file', async () => {
    for (const path of ['/console/', '/console/campaigns/lockout-week', '/console/content/01-lockout-tagout.md', '/console/content/new']) {
      const page = await get(path, { Accept: 'text/html' });
      expect({ path, status: page.status, body: page.body.toString() }).toEqual({ path, status: 200, body: CONSOLE_HTML });
    }
    expect((await get('/console/assets/console-AAAAAAAA.js')).status).toBe(404);
  });
});
