import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCatalogUpdate, catalogVersion, contentHash, diffCatalogs, INLINE_BROTLI_BYTES } from '../../src/shared/catalog-update.ts';
import { moduleKey, type Catalog, type CatalogEntry } from '../../src/shared/module.ts';
import { lines } from '../../src/sw/content-sync.ts';

const entry = (id: string, lang: string, hash: string, br = 1000): CatalogEntry => ({
  id, lang, title: `Title of ${id}`, summary: '', version: '1', minutes: 5, roles: ['operator'], hash,
  url: `/content/modules/${id}.${lang}.${hash}.json`, media: [], bytes: br * 3, br, gz: br,
});

async function catalogOf(modules: CatalogEntry[]): Promise<Catalog> {
  return { format: 1, version: await catalogVersion(modules), modules };
}

/** A catalog: distinct id:lang keys, each with a hash from a small set so that changes happen. */
const catalogArb = fc.uniqueArray(
  fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), lang: fc.constantFrom('en', 'nl'), hash: fc.constantFrom('111111111111', '222222222222'), br: fc.integer({ min: 100, max: 9000 }) }),
  { selector: (m) => `${m.id}:${m.lang}`, maxLength: 10 },
).map((ms) => ms.map((m) => entry(m.id, m.lang, m.hash, m.br)));

describe('catalog updates', () => {
  it('lead from any catalog to any other, in the new order, and say only what changed', async () => {
    await fc.assert(fc.asyncProperty(catalogArb, catalogArb, async (before, after) => {
      const base = await catalogOf(before);
      const next = await catalogOf(after);
      const update = diffCatalogs(base, next);
      const applied = applyCatalogUpdate(base, update)!;
      expect(applied).toEqual(next);
      expect(await catalogVersion(applied.modules)).toBe(next.version);
      const unchanged = after.filter((m) => before.some((b) => JSON.stringify(b) === JSON.stringify(m)));
      expect(update.modules.length).toBe(after.length - unchanged.length);
      expect(update.removed.sort()).toEqual(before.map(moduleKey).filter((k) => !after.some((m) => moduleKey(m) === k)).sort());
    }));
  });

  it('give the whole catalog to a device that has none', async () => {
    const next = await catalogOf([entry('a', 'en', 'aaaaaaaaaaaa'), entry('b', 'en', 'bbbbbbbbbbbb')]);
    const update = diffCatalogs(null, next);
    expect(update.since).toBeNull();
    expect(applyCatalogUpdate(null, update)).toEqual(next);
    // An update from another base does not apply.
    const other = await catalogOf([entry('c', 'en', 'cccccccccccc')]);
    expect(applyCatalogUpdate(other, diffCatalogs(await catalogOf([]), next))).toBeNull();
  });

  it('carry a republished module and nothing else, without the order when it did not change', async () => {
    const base = await catalogOf([entry('a', 'en', '111111111111'), entry('b', 'en', '111111111111'), entry('c', 'en', '111111111111')]);
    const next = await catalogOf([entry('a', 'en', '111111111111'), entry('b', 'en', '222222222222'), entry('c', 'en', '111111111111')]);
    const update = diffCatalogs(base, next);
    expect(update).toEqual({ version: next.version, since: base.version, modules: [next.modules[1]], removed: [], inline: 1 });
  });

  it('inline module files up to the limit, in catalog order', async () => {
    const big = INLINE_BROTLI_BYTES / 2 - 10;
    const next = await catalogOf(['a', 'b', 'c'].map((id) => entry(id, 'en', '111111111111', big)));
    expect(diffCatalogs(null, next).inline).toBe(2);
    expect(diffCatalogs(null, await catalogOf([entry('a', 'en', '111111111111', INLINE_BROTLI_BYTES + 1)])).inline).toBe(0);
  });

  it('hash content the way the publisher names files', async () => {
    for (const text of ['', '{"a":1}', 'Veiligheid eerst: “vergrendelen” ✓']) {
      expect(await contentHash(text)).toBe(createHash('sha256').update(text).digest('hex').slice(0, 12));
    }
  });
});

describe('lines', () => {
  it('splits a stream into lines whatever the chunk boundaries, even inside a character', async () => {
    const text = '{"v":"één"}\n{"w":"✓ ok"}\nlast';
    const bytes = new TextEncoder().encode(text);
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), async (cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 1; i < points.length; i++) controller.enqueue(bytes.slice(points[i - 1], points[i]));
          controller.close();
        },
      });
      const got: string[] = [];
      for await (const line of lines(stream)) got.push(line);
      expect(got).toEqual(text.split('\n'));
    }));
  });
});
