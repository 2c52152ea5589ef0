import { readdir, readFile, utimes, writeFile, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publish } from '../../src/publisher/publish.ts';
import { createAppServer } from '../../src/server/app-server.ts';
import { applyCatalogUpdate, CATALOG_HISTORY, catalogVersion, contentHash, historyFile, type CatalogUpdate } from '../../src/shared/catalog-update.ts';
import type { Catalog } from '../../src/shared/module.ts';
import { ROOT } from '../../src/node/paths.ts';
import { moduleSource } from '../../harness/module-source.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();
const budgetsFile = join(ROOT, 'budgets.json');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => Promise.all(closers.splice(0).map((c) => c())));

async function publishDir(files: Record<string, string>): Promise<{ source: string; content: string; catalog: Catalog }> {
  const source = await tempDir();
  const content = await tempDir();
  for (const [name, text] of Object.entries(files)) await writeFile(join(source, name), text);
  const result = await publish({ sourceDir: source, outDir: content, budgetsFile });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return { source, content, catalog: result.catalog! };
}

async function serve(content: string): Promise<string> {
  const dist = await tempDir();
  const server = createAppServer({ distDir: dist, contentDir: content });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readUpdate(res: Response): Promise<{ update: CatalogUpdate; files: string[] }> {
  const [head, ...rest] = (await res.text()).split('\n').filter((l) => l !== '');
  return { update: JSON.parse(head!) as CatalogUpdate, files: rest };
}

describe('publisher catalog versions', () => {
  it('names each catalog by its entries and keeps the latest ones for updates', async () => {
    const { source, content, catalog } = await publishDir({ 'a.md': moduleSource({ id: 'id: a' }) });
    expect(catalog.version).toBe(await catalogVersion(catalog.modules));
    expect(JSON.parse(await readFile(join(content, historyFile(catalog.version)), 'utf8'))).toEqual(catalog);

    const versions = [catalog.version];
    for (let i = 1; i <= CATALOG_HISTORY + 2; i++) {
      // mtimes decide which history files are oldest; make them distinct whatever the clock does.
      for (const name of await readdir(join(content, 'catalogs'))) await utimes(join(content, 'catalogs', name), 1000, 1000 + versions.indexOf(name.replace('.json', '')));
      await writeFile(join(source, 'a.md'), moduleSource({ id: 'id: a', title: `title: "Revision ${i}"` }));
      const result = await publish({ sourceDir: source, outDir: content, budgetsFile });
      versions.push(result.catalog!.version);
    }
    const kept = (await readdir(join(content, 'catalogs'))).map((n) => n.replace('.json', '')).sort();
    expect(kept).toEqual(versions.slice(-CATALOG_HISTORY).sort());
  });
});

describe('GET /content/update', () => {
  it('gives a new device the whole catalog with every module file inline, each matching its hash', async () => {
    const { content, catalog } = await publishDir({ 'a.md': moduleSource({ id: 'id: a' }), 'b.md': moduleSource({ id: 'id: b' }) });
    const base = await serve(content);
    const res = await fetch(`${base}/content/update`, { headers: { 'Accept-Encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('etag')).toBe(`"${catalog.version}"`);
    const { update, files } = await readUpdate(res);
    expect(applyCatalogUpdate(null, update)).toEqual(catalog);
    expect(update.inline).toBe(2);
    expect(await Promise.all(files.map(contentHash))).toEqual(catalog.modules.map((m) => m.hash));
  });

  it('gives a device holding an earlier catalog only the republished module, and a current one a 304', async () => {
    const { source, content, catalog: before } = await publishDir({ 'a.md': moduleSource({ id: 'id: a' }), 'b.md': moduleSource({ id: 'id: b' }) });
    await writeFile(join(source, 'b.md'), moduleSource({ id: 'id: b' }, '## Changed\n\nNew text.\n'));
    const after = (await publish({ sourceDir: source, outDir: content, budgetsFile })).catalog!;
    const base = await serve(content);

    const { update, files } = await readUpdate(await fetch(`${base}/content/update?since=${before.version}`));
    expect(update.since).toBe(before.version);
    expect(update.modules.map((m) => m.id)).toEqual(['b']);
    expect(files).toEqual([await readFile(join(content, after.modules[1]!.url.replace('/content/', '')), 'utf8')]);
    expect(applyCatalogUpdate(before, update)).toEqual(after);

    const current = await fetch(`${base}/content/update?since=${after.version}`, { headers: { 'If-None-Match': `"${after.version}"` } });
    expect(current.status).toBe(304);
    expect(await current.text()).toBe('');
  });

  it('falls back to the whole catalog for a version it no longer keeps, and refuses a malformed one by name', async () => {
    const { content, catalog } = await publishDir({ 'a.md': moduleSource({ id: 'id: a' }) });
    const base = await serve(content);
    const { update } = await readUpdate(await fetch(`${base}/content/update?since=0123456789ab`));
    expect(update.since).toBeNull();
    expect(applyCatalogUpdate(null, update)).toEqual(catalog);

    const bad = await fetch(`${base}/content/update?since=../../etc`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^since: must be a catalog version/);
    const badKnown = await fetch(`${base}/content/update?known=x`);
    expect([badKnown.status, await badKnown.text()]).toEqual([400, 'known: must be a catalog version (12 hexadecimal digits).\n']);
    const both = await fetch(`${base}/content/update?since=${catalog.version}&known=${catalog.version}`);
    expect([both.status, await both.text()]).toEqual([400, expect.stringMatching(/^since and known: give one, not both/)]);
  });

  it('with known=<version> (a device that has the catalog but none of its files) answers 200 even to If-None-Match, with every module inline', async () => {
    const { content, catalog } = await publishDir({ 'a.md': moduleSource({ id: 'id: a' }), 'b.md': moduleSource({ id: 'id: b' }) });
    const base = await serve(content);
    const res = await fetch(`${base}/content/update?known=${catalog.version}`, { headers: { 'If-None-Match': `"${catalog.version}"` } });
    expect(res.status).toBe(200);
    const { update, files } = await readUpdate(res);
    expect(update).toMatchObject({ since: catalog.version, modules: [], removed: [], inline: 2 });
    expect(files).toHaveLength(2);
  });

  it('carries inline only what a device reading the languages it names keeps; the catalog stays whole', async () => {
    const { content, catalog } = await publishDir({
      'a-en.md': moduleSource({ id: 'id: a' }), 'a-nl.md': moduleSource({ id: 'id: a', language: 'language: nl' }),
      'b-en.md': moduleSource({ id: 'id: b' }), 'c-nl.md': moduleSource({ id: 'id: c', language: 'language: nl' }),
    });
    const base = await serve(content);
    const file = (id: string, lang: string) => readFile(join(content, catalog.modules.find((m) => m.id === id && m.lang === lang)!.url.replace('/content/', '')), 'utf8');

    const english = await readUpdate(await fetch(`${base}/content/update?langs=en`));
    expect(applyCatalogUpdate(null, english.update)).toEqual(catalog);
    // a and b in English; c has no English, so its Dutch (its only variant) is what an English reader is shown.
    expect(english.files.sort()).toEqual((await Promise.all([file('a', 'en'), file('b', 'en'), file('c', 'nl')])).sort());
    const both = await readUpdate(await fetch(`${base}/content/update?langs=en,nl`));
    expect(both.files).toHaveLength(4);

    for (const bad of ['e n', 'en;nl', Array.from({ length: 21 }, () => 'en').join()]) {
      const res = await fetch(`${base}/content/update?langs=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/^langs: must be up to 20 language codes/);
    }
  });

  it('answers 404 in words when nothing is published', async () => {
    const empty = await tempDir();
    await mkdir(join(empty, 'modules'));
    const res = await fetch(`${await serve(empty)}/content/update`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/Nothing is published yet/);
  });
});
