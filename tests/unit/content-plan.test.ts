import { describe, expect, it } from 'vitest';
import { planContent } from '../../src/sw/content-plan.ts';
import type { Catalog, CatalogEntry } from '../../src/shared/module.ts';

const entry = (id: string, hash: string, media: string[] = []): CatalogEntry => ({
  id, lang: 'en', title: id, summary: '', version: '1', minutes: 5, roles: [], hash,
  url: `/content/modules/${id}.en.${hash}.json`, media, bytes: 1, br: 1, gz: 1,
});

describe('planContent', () => {
  it('downloads everything on a fresh device', () => {
    const catalog: Catalog = { format: 1, version: '', modules: [entry('a', '1'), entry('b', '2', ['/content/media/x.png'])] };
    expect(planContent(catalog, [])).toEqual({ download: [catalog.modules[0]!.url, catalog.modules[1]!.url, '/content/media/x.png'], remove: [] });
  });

  it('downloads only the republished module and removes its old version and unlisted ones', () => {
    const before = ['/content/catalog.json', '/content/modules/a.en.1.json', '/content/modules/b.en.2.json', '/content/modules/gone.en.9.json'];
    const catalog: Catalog = { format: 1, version: '', modules: [entry('a', '1'), entry('b', '3')] };
    expect(planContent(catalog, before)).toEqual({
      download: ['/content/modules/b.en.3.json'],
      remove: ['/content/modules/b.en.2.json', '/content/modules/gone.en.9.json'],
    });
  });
});
