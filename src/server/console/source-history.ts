import { existsSync } from 'node:fs';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOG_HISTORY, isCatalogVersion } from '../../shared/catalog-update.ts';
import type { PublishedVersion } from '../../shared/console/content.ts';

export type { PublishedVersion };

const META = 'published.json';

/**
 * The sources of every catalog the console published, kept as they were
 * (the newest CATALOG_HISTORY, as many as the publisher keeps catalogs):
 * a rollback publishes one of them again, through the same checks, so an
 * earlier catalog comes back byte for byte, its module files included.
 */
export function sourceHistory(dir: string) {
  const folder = (version: string) => {
    if (!isCatalogVersion(version)) throw new Error(`"${version}" is not a catalog version`);
    return join(dir, version);
  };
  return {
    folder,
    has: (version: string) => existsSync(join(folder(version), META)),
    async keep(version: string, sources: string, meta: Omit<PublishedVersion, 'version'>): Promise<void> {
      const target = folder(version);
      await rm(target, { recursive: true, force: true });
      await cp(sources, join(target, 'sources'), { recursive: true });
      await writeFile(join(target, META), JSON.stringify({ version, ...meta }));
      const all = await this.list();
      await Promise.all(all.slice(CATALOG_HISTORY).map((v) => rm(folder(v.version), { recursive: true, force: true })));
    },
    /** Newest first. */
    async list(): Promise<PublishedVersion[]> {
      if (!existsSync(dir)) return [];
      const found: PublishedVersion[] = [];
      for (const name of await readdir(dir)) {
        if (!isCatalogVersion(name)) continue;
        try {
          found.push(JSON.parse(await readFile(join(dir, name, META), 'utf8')) as PublishedVersion);
        } catch {
          // A folder without its record was never finished: not offered.
        }
      }
      return found.sort((a, b) => b.at - a.at);
    },
    sourcesOf: (version: string) => join(folder(version), 'sources'),
  };
}
