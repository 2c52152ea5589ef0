/**
 * npm start: builds the app if dist/ is missing or stale, publishes the demo
 * course if nothing is published yet, then serves both.
 * Environment: PORT (8080), HOST (0.0.0.0), CONTENT_DIR (./published), DIST_DIR (./dist),
 * DATA_DIR (./data: SQLite file and the generated admin token), DATABASE_URL (PostgreSQL instead of SQLite) and DATABASE_SCHEMA,
 * ADMIN_TOKEN, DEMO_SITE=0 to skip the demo site on an empty database, LOG_REQUESTS=1 to print one line per response.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll } from '../../build/build.ts';
import { isBuildStale } from '../../build/freshness.ts';
import { defaultPaths, ROOT } from '../node/paths.ts';
import { formatDiagnostic } from '../publisher/diagnostics.ts';
import { publish } from '../publisher/publish.ts';
import { DEMO, seedDemoSite } from '../admin/demo-site.ts';
import { createApi } from './api/api-router.ts';
import { createAppServer } from './app-server.ts';
import { loadAdminToken } from './credentials.ts';
import { openStores } from './store/open-store.ts';

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

const { stores, where } = await openStores(process.env, paths.dataDir);
const admin = loadAdminToken(process.env, paths.dataDir);
const demo = process.env.DEMO_SITE === '0' ? null : await seedDemoSite(stores.sites, join(paths.demoSourceDir, 'demo-roster.csv'), Date.now());
const demoSite = (await stores.sites.sites()).find((s) => s.id === DEMO.siteId);
const server = createAppServer({
  distDir: paths.distDir,
  contentDir: paths.contentDir,
  api: createApi({ stores, adminToken: admin.token, contentDir: paths.contentDir }),
  onResponse: process.env.LOG_REQUESTS ? ({ method, path, status }) => console.log(`${method} ${path} ${status}`) : undefined,
});
if (demo) console.log(`Created the demo site "${DEMO.siteId}" from content/demo-roster.csv (DEMO_SITE=0 skips this on an empty database).`);
// The demo site gets a fresh one-time code at every start, so trying the product needs no admin step.
const demoCode = demoSite ? await stores.sites.createEnrollmentCode(demoSite.id, 'Demo kiosk', 24 * 3600_000, Date.now()) : null;

server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const base = `http://localhost:${actualPort}`;
  console.log(`Serving on ${base}/ (content: ${paths.contentDir})`);
  console.log(`Records and rosters: ${where}; admin token from ${admin.source}`);
  if (demoCode) {
    console.log(`Demo kiosk: open ${base}/#enroll=${demoCode.code} once (one-time code, 24 h).`);
    console.log(`  Learners 1001-1004 sign in with PIN ${DEMO.pin}; 1005 has no PIN yet (a supervisor sets it up); supervisor ${DEMO.supervisor}, passphrase "${DEMO.passphrase}". Demo credentials only.`);
  }
});

function shutdown(signal: string): void {
  console.log(`${signal}: closing the server…`);
  server.close(() => void stores.close().finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
