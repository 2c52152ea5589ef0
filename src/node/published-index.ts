import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, ModuleMeta } from '../shared/module.ts';
import { writeFileAtomic } from './atomic-write.ts';

/**
 * Every module version ever published to a content directory, one
 * "id lang hash questions" a line (questions: how many its follow-ups may ask,
 * quiz and followUp together; absent on lines written before it was kept).
 * Catalogs and their history are pruned; this list is not, because a kiosk
 * offline for months still holds the version its learner passed, and that
 * completion must be accepted. A hidden file: the server never serves names
 * that start with a dot.
 */
export const PUBLISHED_INDEX = '.published';

export const publishedKey = (m: Pick<ModuleMeta, 'id' | 'lang'> & { hash: string }) => `${m.id} ${m.lang} ${m.hash}`;

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

/** What the server knows of a published version: how many follow-up questions it has, or null where the index does not say. */
export type PublishedVersions = ReadonlyMap<string, number | null>;

function parseIndex(text: string[]): Map<string, number | null> {
  const versions = new Map<string, number | null>();
  for (const line of text) {
    const [id, lang, hash, questions] = line.split(' ');
    versions.set(`${id} ${lang} ${hash}`, questions === undefined ? null : Number(questions));
  }
  return versions;
}

/** For the publisher: adds a catalog's entries with their follow-up question counts, before that catalog goes live. */
export async function addToPublishedIndex(contentDir: string, catalog: Catalog, questions: ReadonlyMap<string, number>): Promise<void> {
  const file = join(contentDir, PUBLISHED_INDEX);
  const known = parseIndex(await lines(file));
  const added = catalog.modules.map(publishedKey).filter((k) => known.get(k) == null);
  if (!added.length) return;
  for (const key of added) known.set(key, questions.get(key) ?? null);
  await writeFileAtomic(file, [...known].map(([key, n]) => (n === null ? key : `${key} ${n}`)).join('\n') + '\n');
}

async function catalogKeys(file: string): Promise<string[]> {
  try {
    return ((JSON.parse(await readFile(file, 'utf8')) as Catalog).modules ?? []).map(publishedKey);
  } catch {
    return [];
  }
}

/**
 * For the server: every module version ever published here, by publishedKey(),
 * with its follow-up question count where known. Read again only when the
 * index or the catalog changes; content published before the index existed is
 * known from the catalog and its kept history.
 */
export function publishedVersions(contentDir: string): () => Promise<PublishedVersions> {
  let cached: { stamp: string; versions: Map<string, number | null> } | null = null;
  const mtime = async (f: string) => (await stat(join(contentDir, f)).catch(() => null))?.mtimeMs ?? 0;
  return async () => {
    const stamp = `${await mtime(PUBLISHED_INDEX)}:${await mtime('catalog.json')}`;
    if (cached?.stamp !== stamp) {
      const history = await readdir(join(contentDir, 'catalogs')).catch(() => [] as string[]);
      const versions = parseIndex(await lines(join(contentDir, PUBLISHED_INDEX)));
      const fromCatalogs = [
        ...await catalogKeys(join(contentDir, 'catalog.json')),
        ...(await Promise.all(history.map((f) => catalogKeys(join(contentDir, 'catalogs', f))))).flat(),
      ];
      for (const key of fromCatalogs) if (!versions.has(key)) versions.set(key, null);
      cached = { stamp, versions };
    }
    return cached.versions;
  };
}
