import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fold, SearchIndex, snippet, stem, tokenize } from '../../src/worker/search-index.ts';
import { compileModule } from '../../src/publisher/compile-module.ts';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import type { TrainingModule } from '../../src/shared/module.ts';

async function demoModule(file: string): Promise<TrainingModule> {
  const source = await readFile(join(FIXTURE_COURSE, file), 'utf8');
  return compileModule(file, source, () => ({ error: 'none' })).module!;
}

describe('search index', () => {
  const index = new SearchIndex();
  beforeAll(async () => {
    for (const f of ['01-lockout-tagout.md', '01-lockout-tagout.nl.md', '04-forklift-pedestrians.md', '05-fire-extinguishers.md', '02-chemical-labels.md']) {
      index.addModule(await demoModule(f));
    }
  });

  it('folds case and accents, drops stop words, and stems plurals', () => {
    expect(fold('Één Lockout')).toBe('een lockout');
    expect(tokenize('The lockout steps')).toEqual(['lockout', 'step']);
    expect(stem('stappen')).toBe('stapp');
    expect(stem('class')).toBe('class');
  });

  it('finds the lockout steps in one query, best match first', () => {
    const [first] = index.search('the lockout steps', 5, (h) => h.lang === 'en');
    expect(first).toMatchObject({ id: 'lockout-tagout', lang: 'en', sectionTitle: 'The six steps', jobAid: true });
  });

  it('requires every word, and matches the last one as a prefix while typing', () => {
    expect(index.search('extinguisher pumpkin')).toEqual([]);
    expect(index.search('extingu')[0]?.id).toBe('fire-extinguishers');
  });

  it('searches Dutch modules too', () => {
    const hits = index.search('startproef', 5, (h) => h.lang === 'nl');
    expect(hits[0]).toMatchObject({ id: 'lockout-tagout', lang: 'nl' });
    expect(hits[0]!.snippet.toLowerCase()).toContain('startproef');
  });

  it('cuts a snippet around the first match', () => {
    const text = `${'x '.repeat(200)}the key word here ${'y '.repeat(200)}`;
    const s = snippet(text, ['key']);
    expect(s.startsWith('…')).toBe(true);
    expect(s).toContain('key word');
    expect(s.length).toBeLessThanOrEqual(162);
  });
});
