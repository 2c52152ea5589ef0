/**
 * npm run audit: Lighthouse on the built app and the console's first page, mobile, throttled to the plant's
 * line (64 kbit/s, 500 ms round trips). Fails when accessibility or best
 * practices are below 100, or when the requests Lighthouse recorded for the
 * first render break budgets.json. Lighthouse 12 no longer reads budgets, so
 * they are evaluated here, with the same rules as `npm run budgets`.
 * Reports: reports/lighthouse/report.html and report.json.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { defaultPaths, ROOT } from '../src/node/paths.ts';
import { formatDiagnostic } from '../src/publisher/diagnostics.ts';
import { publish } from '../src/publisher/publish.ts';
import { randomBytes } from 'node:crypto';
import { createApi } from '../src/server/api/api-router.ts';
import { createAppServer } from '../src/server/app-server.ts';
import { openSqliteStores } from '../src/server/store/sqlite-store.ts';
import type { ResourceType } from '../src/node/budgets.ts';
import { buildAll } from './build.ts';
import { evaluateBudgets, firstRenderUrls, formatReport, isOver, loadBudgets, type Resource } from './budgets.ts';
import { isBuildStale } from './freshness.ts';

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const REPORT_DIR = join(ROOT, 'reports/lighthouse');
const GATED = ['accessibility', 'best-practices'];

/** The plant's line: 64 kbit/s each way, 500 ms round trips, a slow phone's CPU. */
const THROTTLING = { rttMs: 500, throughputKbps: 64, requestLatencyMs: 500, downloadThroughputKbps: 64, uploadThroughputKbps: 64, cpuSlowdownMultiplier: 4 };

interface NetworkRequest { url: string; resourceType?: string; transferSize?: number }

const TYPES: Record<string, ResourceType> = { Document: 'document', Stylesheet: 'stylesheet', Script: 'script', Image: 'image', Media: 'media', Font: 'font' };

/**
 * What the first render cost, from Lighthouse's recording: the document and
 * the CSS and JS it references (the set `npm run budgets` reads from
 * index.html), in bytes on the wire. Requests to other origins count as
 * third-party whenever they happened.
 */
export function firstRenderResources(requests: NetworkRequest[], origin: string, firstRenderPaths: readonly string[], page = '/'): Resource[] {
  const wanted = new Set([page, ...firstRenderPaths]);
  return requests
    .filter((r) => !r.url.startsWith(origin) || wanted.has(new URL(r.url).pathname))
    .map((r) => ({
      url: r.url.startsWith(origin) ? new URL(r.url).pathname : r.url,
      type: TYPES[r.resourceType ?? ''] ?? 'other',
      bytes: r.transferSize ?? 0,
    }));
}

const ATTEMPTS = 3;

/**
 * Lighthouse sometimes records a broken trace (NO_NAVSTART and similar
 * runtime errors, "please run Lighthouse again"). Such a run says nothing
 * about the page, so it is repeated with a fresh browser; scores are never retried.
 */
async function lighthouseWithRetries(url: string) {
  for (let attempt = 1; ; attempt++) {
    const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });
    try {
      const result = await lighthouse(url, { port: chrome.port, output: ['html', 'json'], logLevel: 'error' }, {
        extends: 'lighthouse:default',
        settings: { formFactor: 'mobile', throttlingMethod: 'simulate', throttling: THROTTLING, onlyCategories: ['performance', ...GATED] },
      });
      if (!result) throw new Error('Lighthouse returned no result');
      const error = result.lhr.runtimeError;
      if (!error || attempt === ATTEMPTS) return result;
      console.log(`Lighthouse run ${attempt} was invalid (${error.code}); running it again.`);
    } finally {
      await chrome.kill();
    }
  }
}

/** One page's audit: scores gated at 100, and its first render against budgets.json. */
async function auditPage(origin: string, path: string, html: string, reportName: string, budgetsFile: string): Promise<boolean> {
  const result = await lighthouseWithRetries(`${origin}${path}`);
  const { lhr } = result;
  const [htmlReport, jsonReport] = result.report as string[];
  await mkdir(REPORT_DIR, { recursive: true });
  await writeFile(join(REPORT_DIR, `${reportName}.html`), htmlReport!);
  await writeFile(join(REPORT_DIR, `${reportName}.json`), jsonReport!);
  if (lhr.runtimeError) {
    console.error(`Lighthouse could not audit ${path}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    return false;
  }
  let ok = true;
  console.log(`\n${path}: Lighthouse ${lhr.lighthouseVersion}, mobile, 64 kbit/s, 500 ms RTT (simulated):`);
  for (const category of Object.values(lhr.categories)) {
    const score = Math.round((category.score ?? 0) * 100);
    const gated = GATED.includes(category.id);
    console.log(`  ${category.title.padEnd(16)} ${String(score).padStart(3)}${gated ? (score < 100 ? '  FAIL (must be 100)' : '  ok') : '  (reported)'}`);
    if (gated && score < 100) {
      ok = false;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) console.log(`    - ${audit.id}: ${audit.title}`);
      }
    }
  }
  const metrics = (lhr.audits.metrics?.details as { items?: Record<string, number>[] } | undefined)?.items?.[0] ?? {};
  console.log(`  simulated first contentful paint ${((metrics.firstContentfulPaint ?? NaN) / 1000).toFixed(1)} s, interactive ${((metrics.interactive ?? NaN) / 1000).toFixed(1)} s`);

  const requests = ((lhr.audits['network-requests']?.details as { items?: NetworkRequest[] } | undefined)?.items) ?? [];
  const resources = firstRenderResources(requests, origin, firstRenderUrls(html), path);
  const rows = evaluateBudgets(await loadBudgets(budgetsFile), [{ url: path, resources }]);
  console.log(`\nbudgets.json against the first render Lighthouse recorded (bytes on the wire, headers included):\n${formatReport(rows)}`);
  console.log(`report: ${join('reports/lighthouse', `${reportName}.html`)}`);
  return ok && !rows.some(isOver);
}

async function main(): Promise<number> {
  const paths = defaultPaths();
  if (!process.env.DIST_DIR && isBuildStale(ROOT, paths.distDir)) await buildAll(paths.distDir);
  const scratch = await mkdtemp(join(tmpdir(), 'lowband-audit-'));
  const published = await publish({ sourceDir: paths.demoSourceDir, outDir: join(scratch, 'published'), budgetsFile: paths.budgetsFile });
  if (!published.ok) {
    published.diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
    return 1;
  }
  // The console's first page asks the API who is signed in: a real API over an empty database answers.
  const stores = await openSqliteStores(join(scratch, 'records.sqlite'));
  const api = createApi({ stores, adminToken: randomBytes(24).toString('hex'), contentDir: join(scratch, 'published') });
  const server = createAppServer({ distDir: paths.distDir, contentDir: join(scratch, 'published'), api });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const kiosk = await auditPage(origin, '/', await readFile(join(paths.distDir, 'index.html'), 'utf8'), 'report', paths.budgetsFile);
    const consolePage = await auditPage(origin, '/console/', await readFile(join(paths.distDir, 'console/index.html'), 'utf8'), 'console-report', paths.budgetsFile);
    return kiosk && consolePage ? 0 : 1;
  } finally {
    server.close();
    server.closeAllConnections();
    await stores.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
