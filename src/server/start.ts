/**
 * npm start: builds the app if dist/ is missing or stale, publishes the demo
 * course if nothing is published yet, then serves both.
 * Environment: PORT (8080), HOST (0.0.0.0), CONTENT_DIR (./published), DIST_DIR (./dist),
 * DATA_DIR (./data: SQLite file and generated tokens), DATABASE_URL (PostgreSQL instead of SQLite) and DATABASE_SCHEMA,
 * DEVICE_TOKENS (comma-separated), ADMIN_TOKEN, LOG_REQUESTS=1 to print one line per response.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll } from '../../build/build.ts';
import { isBuildStale } from '../../build/freshness.ts';
import { defaultPaths, ROOT } from '../node/paths.ts';
import { formatDiagnostic } from '../publisher/diagnostics.ts';
import { publish } from '../publisher/publish.ts';
import { createApi } from './api/api-router.ts';
import { createAppServer } from './app-server.ts';
import { loadCredentials } from './credentials.ts';
import { openRecordStore } from './store/open-store.ts';

const paths = defaultPaths();
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';

if (!process.env.DIST_DIR && isBuildStale(ROOT, paths.distDir)) {
  console.log('Building the app (dist/ is missing or older than its sources)…');
  await buildAll(paths.distDir);
}
if (!existsSync(join(paths.contentDir, 'catalog.json'))) {
  console.log(`Nothing published in ${paths.contentDir} yet: publishing the demo course from content/…`);
  const result = await publish({ sourceDir: paths.demoSourceDir, outDir: paths.contentDir, budgetsFile: paths.budgetsFile });
  if (!result.ok) {
    result.diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
    process.exit(1);
  }
}

const { store, where } = await openRecordStore(process.env, paths.dataDir);
const credentials = loadCredentials(process.env, paths.dataDir);
const server = createAppServer({
  distDir: paths.distDir,
  contentDir: paths.contentDir,
  api: createApi({ store, deviceTokens: credentials.deviceTokens, adminToken: credentials.adminToken }),
  onResponse: process.env.LOG_REQUESTS ? ({ method, path, status }) => console.log(`${method} ${path} ${status}`) : undefined,
});
server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(`Serving on http://localhost:${actualPort}/ (content: ${paths.contentDir})`);
  console.log(`Learning records: ${where}`);
  console.log(`Set up a kiosk to sync by opening once: http://localhost:${actualPort}/#device-token=${credentials.deviceTokens[0]}`);
  console.log(`Device tokens from ${credentials.sources.device}; admin token (reports, CSV) from ${credentials.sources.admin}`);
});

function shutdown(signal: string): void {
  console.log(`${signal}: closing the server…`);
  server.close(() => void store.close().finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
