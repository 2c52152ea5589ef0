/**
 * The serving process, and nothing else: building and publishing happen
 * before it (`npm start` runs build/prepare.ts first; a production machine
 * gets a prebuilt dist/ and published content), so neither esbuild nor
 * Workbox nor the Markdown publisher is ever loaded here.
 * Environment: PORT (8080), HOST (0.0.0.0), TLS_CERT and TLS_KEY (PEM: HTTPS
 * with HTTP/2), TLS_GROUPS and TLS_SESSION_HOURS (tls-settings.ts), HTTP_REDIRECT_PORT, TRUST_PROXY, CONTENT_DIR (./published),
 * DIST_DIR (./dist), DATA_DIR (./data: SQLite file and the generated admin
 * token), DATABASE_URL (PostgreSQL instead of SQLite) and DATABASE_SCHEMA,
 * SOURCES_DIR (module sources the console edits: DATA_DIR/sources),
 * ADMIN_TOKEN, DEMO_SITE=0 to skip the demo site on an empty database, DEMO_ACTIVITY=0 to skip its synthetic activity,
 * LOG_REQUESTS=1 to print one line per response, LRS_ENDPOINT, LRS_KEY and LRS_SECRET to forward
 * every stored record to a learning record store as xAPI statements (with PUBLIC_URL).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { defaultPaths } from '../node/paths.ts';
import { CONSOLE_PATH } from '../shared/console/access.ts';
import { DEMO, DEMO_CAMPAIGN, seedDemoSite } from './demo-site.ts';
import { createApi } from './api/api-router.ts';
import { createAppServer, createRedirectServer, createSecureAppServer, type ServerOptions } from './app-server.ts';
import { clientAddress, reachedOverHttps } from './client-address.ts';
import { contentService, seedSources } from './console/content-service.ts';
import { ConfigError, serverConfig, type TlsFiles } from './config.ts';
import { loadAdminToken } from './credentials.ts';
import { tlsServerOptions } from './tls-settings.ts';
import { openStores } from './store/open-store.ts';
import { startForwarding } from './xapi/forwarder.ts';
import { forwardingSummary } from './xapi/forwarding-summary.ts';
import { forwardTarget } from './xapi/forward-target.ts';
import { moduleVersion } from '../node/module-archive.ts';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const paths = defaultPaths();
let config;
try {
  config = serverConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Cannot start: ${err.message}`);
  process.exit(1);
}
const readTls = (files: TlsFiles) => ({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) });

if (!existsSync(join(paths.distDir, 'index.html'))) console.warn(`No app in ${paths.distDir}: run npm run build (npm start does it for you).`);
if (!existsSync(join(paths.contentDir, 'catalog.json'))) console.warn(`Nothing published in ${paths.contentDir}: kiosks get no modules until npm run publish writes there.`);

const { stores, where } = await openStores(process.env, paths.dataDir);
const admin = loadAdminToken(process.env, paths.dataDir);
if (process.env.DATABASE_URL && admin.source !== 'ADMIN_TOKEN') console.warn('DATABASE_URL without ADMIN_TOKEN: the admin token is this data directory\'s own; give every instance the same ADMIN_TOKEN.');
const demoRoster = paths.demoRoster;
// A production copy has no content/ folder: no demo roster, no demo site.
const demo = process.env.DEMO_SITE === '0' || !existsSync(demoRoster) ? null : await seedDemoSite(stores, demoRoster, Date.now());
const demoSite = (await stores.sites.sites()).find((s) => s.id === DEMO.siteId);
// Months of made-up activity at two synthetic sites, so the campaign reports show something on a fresh start.
const synthetic = demo && process.env.DEMO_ACTIVITY !== '0' && existsSync(join(paths.contentDir, 'catalog.json'))
  ? await (await import('./synthetic-activity.ts')).seedSyntheticActivity(stores, paths.contentDir, DEMO_CAMPAIGN, Date.now()) : 0;
if (await seedSources(paths.sourcesDir, paths.demoSourceDir)) console.log(`Copied the demo course's sources to ${paths.sourcesDir}: the console edits and publishes from there.`);
const consoleAccounts = await stores.console.userCount();
const demoAdmin = demoSite ? await stores.console.userForSignIn(DEMO.consoleEmail) : null;
const trust = config.trustProxy;
// Every stored record to the LRS, as xAPI statements, through the database's outbox (any number of instances may run this).
const lrsTarget = forwardTarget(config, stores);
const forwarding = startForwarding({
  stores, target: lrsTarget, claimer: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  versionOf: (id, lang, hash) => moduleVersion(paths.contentDir, id, lang, hash),
});
const options: ServerOptions = {
  distDir: paths.distDir,
  contentDir: paths.contentDir,
  api: createApi({
    stores, adminToken: admin.token, contentDir: paths.contentDir, clientAddress: (req) => clientAddress(req, trust),
    content: contentService(paths), overHttps: (req) => reachedOverHttps(req, trust), publicUrl: config.publicUrl, lrsFromEnvironment: config.lrs,
  }),
  trustProxy: trust,
  health: async () => {
    await stores.ping();
    return (await lrsTarget()) ? forwardingSummary(await stores.xapi.status()) : [];
  },
  codes: (code) => stores.codes.resolve(code),
  onResponse: process.env.LOG_REQUESTS ? ({ method, path, status, protocol }) => console.log(`${method} ${path} ${status} HTTP/${protocol}`) : undefined,
};
const tls = config.tls;
const server = tls ? createSecureAppServer(options, readTls(tls), tls.choices) : createAppServer(options);
const redirect = tls && config.redirectPort !== null ? createRedirectServer(config.port) : null;
if (demo) console.log(`Created the demo site "${DEMO.siteId}" from content/demo-roster.csv (DEMO_SITE=0 skips this on an empty database).`);
if (synthetic) console.log(`Added ${synthetic} synthetic learning records at two synthetic sites, labelled as such in the console (DEMO_ACTIVITY=0 skips them).`);
// The demo site gets a fresh one-time code at every start, so trying the product needs no admin step.
const demoCode = demoSite ? await stores.devices.createEnrollmentCode(demoSite.id, 'Demo kiosk', 24 * 3600_000, Date.now()) : null;

server.listen(config.port, config.host, () => {
  const port = (server.address() as AddressInfo).port;
  const base = config.publicUrl ?? (tls ? `https://localhost${port === 443 ? '' : `:${port}`}` : `http://localhost:${port}`);
  console.log(`Serving on ${base}/ (${tls ? 'HTTPS, HTTP/2 and HTTP/1.1' : 'plain HTTP: offline use works on localhost only, see "Deploying at a plant"'}; content: ${paths.contentDir})`);
  console.log(`Records and rosters: ${where}; admin token from ${admin.source}`);
  if (trust.size) console.log(`Trusting X-Forwarded-For and X-Forwarded-Proto from ${[...trust].join(', ')}`);
  if (config.lrs) console.log(`Forwarding every stored record as xAPI statements to ${config.lrs.endpoint} (state: ${base}/healthz)`);
  if (config.lrs && /^http:\/\/(?!(127\.|localhost[:/]|\[::1\]))/.test(config.lrs.endpoint)) console.warn('LRS_ENDPOINT is plain HTTP off this machine: anyone on the line can read every learning record sent to it. Use https://.');
  if (demoCode) {
    console.log(`Demo kiosk: open ${base}/#enroll=${demoCode.code} once (one-time code, 24 h).`);
    console.log(`  Learners 1001-1004 sign in with PIN ${DEMO.pin}; 1005 has no PIN yet (a supervisor sets it up); supervisor ${DEMO.supervisor}, passphrase "${DEMO.passphrase}". Demo credentials only.`);
  }
  if (demoAdmin) console.log(`L&D console: ${base}${CONSOLE_PATH}, sign in as ${DEMO.consoleEmail} with password "${DEMO.consolePassword}" (demo admin).`);
  else console.log(`L&D console: ${base}${CONSOLE_PATH}${consoleAccounts ? '' : ' (no account yet: npm run admin -- console-user you@example.com --name "Your Name" --role admin, password from stdin)'}`);
});
redirect?.listen(config.redirectPort!, config.host, () => console.log(`Redirecting plain HTTP on port ${(redirect.address() as AddressInfo).port} to HTTPS`));

// A renewed certificate is taken without a restart: connections in flight keep theirs, new ones get the new one.
process.on('SIGHUP', () => {
  if (!tls || !('setSecureContext' in server)) return;
  try {
    server.setSecureContext({ ...readTls(tls), ...tlsServerOptions(tls.choices) });
    console.log(`SIGHUP: reloaded ${tls.certFile}`);
  } catch (err) {
    console.error(`SIGHUP: kept the old certificate, the new one could not be read: ${(err as Error).message}`);
  }
});

function shutdown(signal: string): void {
  console.log(`${signal}: closing the server…`);
  redirect?.close();
  server.close(() => void forwarding.stop().then(() => stores.close()).finally(() => process.exit(0)));
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
