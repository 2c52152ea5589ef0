/**
 * The first half of `npm start`: builds whatever is missing or stale (the app
 * in dist/, the server in dist-server/) and publishes the demo course if
 * nothing is published yet. It exits before the server starts, so the
 * serving process never loads the build tools or the publisher.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPaths, ROOT } from '../src/node/paths.ts';
import { formatDiagnostic } from '../src/publisher/diagnostics.ts';
import { publish } from '../src/publisher/publish.ts';
import { buildAll, buildServer } from './build.ts';
import { BUILD_STAMP, changedInputs } from './freshness.ts';

const paths = defaultPaths();
/** What changed since the last build, in a few words: the first inputs, or that there is no build yet. */
function why(changed: string[]): string {
  return changed.some((c) => c.endsWith(BUILD_STAMP)) ? 'not built yet' : `changed: ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}`;
}

const appChanged = process.env.DIST_DIR ? [] : changedInputs(ROOT, paths.distDir);
if (appChanged.length) {
  console.log(`Building the app (${why(appChanged)})…`);
  await buildAll(paths.distDir);
}
const serverChanged = changedInputs(ROOT, paths.serverDir);
if (serverChanged.length) {
  console.log(`Building the server (${why(serverChanged)})…`);
  await buildServer(paths.serverDir);
}
if (!existsSync(join(paths.contentDir, 'catalog.json'))) {
  console.log(`Nothing published in ${paths.contentDir} yet: publishing the demo course from content/…`);
  const result = await publish({ sourceDir: paths.demoSourceDir, outDir: paths.contentDir, budgetsFile: paths.budgetsFile });
  if (!result.ok) {
    result.diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
    process.exit(1);
  }
}
