import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainingModule } from '../shared/module.ts';
import { writeFileAtomic } from './atomic-write.ts';

/**
 * Every module version ever published, as its JSON, by id, language and
 * content hash. The live `modules/` folder is pruned when a version is
 * replaced; this one is not: a record names the exact version its learner
 * took, and what is said about that record later (an xAPI statement's
 * question and choices, long after a republish) must be the same every time
 * it is said. A hidden folder: the server never serves names that start with a dot.
 */
const ARCHIVE_DIR = '.archive';

const archiveName = (id: string, lang: string, hash: string) => `${id}.${lang}.${hash}.json`;

/** For the publisher: keeps a version, once (the same hash is the same bytes). */
export async function archiveModule(contentDir: string, module: { id: string; lang: string; hash: string }, json: string | Buffer): Promise<void> {
  const file = join(contentDir, ARCHIVE_DIR, archiveName(module.id, module.lang, module.hash));
  if (!existsSync(file)) await writeFileAtomic(file, json);
}

/** The exact version a record names: from the archive, else (published before the archive was kept) from the live folder; null when neither has it. */
export async function moduleVersion(contentDir: string, id: string, lang: string, hash: string): Promise<TrainingModule | null> {
  const name = archiveName(id, lang, hash);
  for (const file of [join(contentDir, ARCHIVE_DIR, name), join(contentDir, 'modules', name)]) {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as TrainingModule;
    } catch {
      continue;
    }
  }
  return null;
}
