import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, CatalogEntry, TrainingModule } from '../shared/module.ts';

async function liveCatalog(contentDir: string): Promise<Catalog | null> {
  try {
    return JSON.parse(await readFile(join(contentDir, 'catalog.json'), 'utf8')) as Catalog;
  } catch {
    return null;
  }
}

/** Every image the live modules show: saved on every kiosk with its module. */
export async function publishedMedia(contentDir: string): Promise<string[]> {
  return [...new Set((await liveCatalog(contentDir))?.modules.flatMap((m) => m.media) ?? [])];
}

/**
 * The live version of a module, for reports that need its quiz key and
 * sections, with its content hash (what records of exactly this version
 * carry). English when there is one, otherwise the first language the
 * catalog lists. `lang`: that language's version only (a poster's words).
 */
export async function publishedModule(contentDir: string, moduleId: string, lang?: string): Promise<(TrainingModule & Pick<CatalogEntry, 'hash'>) | null> {
  const catalog = await liveCatalog(contentDir);
  try {
    const variants = (catalog?.modules ?? []).filter((m) => m.id === moduleId);
    const entry = lang ? variants.find((m) => m.lang === lang) : variants.find((m) => m.lang === 'en') ?? variants[0];
    if (!entry) return null;
    return { ...(JSON.parse(await readFile(join(contentDir, entry.url.replace(/^\/content\//, '')), 'utf8')) as TrainingModule), hash: entry.hash };
  } catch {
    return null;
  }
}
