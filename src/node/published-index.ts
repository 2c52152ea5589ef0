import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, ModuleMeta } from '../shared/module.ts';
import { writeFileAtomic } from './atomic-write.ts';

/**
 * Every module version ever published to a content directory, one
 * "id lang hash" a line. Catalogs and their history are pruned; this list is
 * not, because a kiosk offline for months still holds the version its learner
 * passed, and that completion must be accepted. A hidden file: the server
 * never serves names that start with a dot.
 */
export const PUBLISHED_INDEX = '.published';

export const publishedKey = (m: Pick<ModuleMeta, 'id' | 'lang'> & { hash: string }) => `${m.id} ${m.lang} ${m.hash}`;

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

/** For the publisher: adds a catalog's entries, before that catalog goes live. */
export async function addToPublishedIndex(contentDir: string, catalog: Catalog): Promise<void> {
  const file = join(contentDir, PUBLISHED_INDEX);
  const known = new Set(await lines(file));
  const added = catalog.modules.map(publishedKey).filter((k) => !known.has(k));
  if (added.length) await writeFileAtomic(file, [...known, ...added].join('\n') + '\n');
}

async function catalogKeys(file: string): Promise<string[]> {
  try {
    return ((JSON.parse(await readFile(file, 'utf8')) as Catalog).modules ?? []).map(publishedKey);
  } catch {
    return [];
  }
}

/**
 * For the server: every module version ever published here, as publishedKey()
 * strings. Read again only when the index or the catalog changes; content
 * published before the index existed is known from the catalog and its kept history.
 */
export function publishedVersions(contentDir: string): () => Promise<ReadonlySet<string>> {
  let cached: { stamp: string; keys: Set<string> } | null = null;
  const mtime = async (f: string) => (await stat(join(contentDir, f)).catch(() => null))?.mtimeMs ?? 0;
  return async () => {
    const stamp = `${await mtime(PUBLISHED_INDEX)}:${await mtime('catalog.json')}`;
    if (cached?.stamp !== stamp) {
      const history = await readdir(join(contentDir, 'catalogs')).catch(() => [] as string[]);
      const keys = [
        ...await lines(join(contentDir, PUBLISHED_INDEX)),
        ...await catalogKeys(join(contentDir, 'catalog.json')),
        ...(await Promise.all(history.map((f) => catalogKeys(join(contentDir, 'catalogs', f))))).flat(),
      ];
      cached = { stamp, keys: new Set(keys) };
    }
    return cached.keys;
  };
}
