import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, wherever the command was started from. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where things live unless the environment says otherwise. */
export function defaultPaths(env: NodeJS.ProcessEnv = process.env) {
  return {
    distDir: resolve(env.DIST_DIR ?? resolve(ROOT, 'dist')),
    /** Server state: the SQLite file and generated tokens. */
    dataDir: resolve(env.DATA_DIR ?? resolve(ROOT, 'data')),
    contentDir: resolve(env.CONTENT_DIR ?? resolve(ROOT, 'published')),
    demoSourceDir: resolve(ROOT, 'content'),
    budgetsFile: resolve(env.BUDGETS_FILE ?? resolve(ROOT, 'budgets.json')),
  };
}
