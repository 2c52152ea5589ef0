import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder up from here with a package.json: the same from the sources and from the bundled server in dist-server/. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

/** The repository (or installed copy's) root, wherever the command was started from. */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** Written by the build beside index.html, read by the server: the CSP directives that allow the shell's inline stylesheet and script by hash. */
export const INLINE_SOURCES_FILE = '.inline-src';

/** Where things live unless the environment says otherwise. */
export function defaultPaths(env: NodeJS.ProcessEnv = process.env) {
  return {
    distDir: resolve(env.DIST_DIR ?? resolve(ROOT, 'dist')),
    /** The bundled server (npm run build): what a production machine runs, with only the runtime dependencies. */
    serverDir: resolve(ROOT, 'dist-server'),
    /** Server state: the SQLite file and generated tokens. */
    dataDir: resolve(env.DATA_DIR ?? resolve(ROOT, 'data')),
    contentDir: resolve(env.CONTENT_DIR ?? resolve(ROOT, 'published')),
    /** The module sources the L&D console edits and publishes (seeded from the demo course). */
    sourcesDir: resolve(env.SOURCES_DIR ?? resolve(env.DATA_DIR ?? resolve(ROOT, 'data'), 'sources')),
    /** The demo course's Markdown sources (the tests point it at their own course, as they do the roster). */
    demoSourceDir: resolve(env.DEMO_SOURCES ?? resolve(ROOT, 'content')),
    /** The roster the demo site is made from on an empty database. */
    demoRoster: resolve(env.DEMO_ROSTER ?? resolve(ROOT, 'content/demo-roster.csv')),
    budgetsFile: resolve(env.BUDGETS_FILE ?? resolve(ROOT, 'budgets.json')),
  };
}
