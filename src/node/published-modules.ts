import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, TrainingModule } from '../shared/module.ts';

/**
 * The live version of a module, for reports that need its quiz key and
 * sections. English when there is one (questions are the same in every
 * language), otherwise the first language the catalog lists.
 */
export async function publishedModule(contentDir: string, moduleId: string): Promise<TrainingModule | null> {
  try {
    const catalog = JSON.parse(await readFile(join(contentDir, 'catalog.json'), 'utf8')) as Catalog;
    const variants = catalog.modules.filter((m) => m.id === moduleId);
    const entry = variants.find((m) => m.lang === 'en') ?? variants[0];
    if (!entry) return null;
    return JSON.parse(await readFile(join(contentDir, entry.url.replace(/^\/content\//, '')), 'utf8')) as TrainingModule;
  } catch {
    return null;
  }
}
