/**
 * npm run bench: the product's promise, measured the same way every time.
 *
 * Builds if needed, publishes the demo course into a scratch directory, starts
 * the real server, and drives Debian's Chromium through ONE shared link shaped
 * to 64 kbit/s each way with 500 ms round trips (bench/link-shaper.ts). CDP is
 * used only to observe (heap) and to tell the page it is offline.
 * Prints a table of target / median (min–max) and writes bench/results/*.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildAll } from '../build/build.ts';
import { isBuildStale } from '../build/freshness.ts';
import { defaultPaths, ROOT } from '../src/node/paths.ts';
import { formatDiagnostic } from '../src/publisher/diagnostics.ts';
import { publish } from '../src/publisher/publish.ts';
import type { Catalog } from '../src/shared/module.ts';
import { cachedContentUrls, launchChromium } from '../tests/e2e/harness.ts';
import { now, ShapedLink } from './link-shaper.ts';
import { summarize, type Summary } from './stats.ts';
import { measureSync } from './sync-run.ts';

const BYTES_PER_SECOND = 8000; // 64 kbit/s
const RTT_MS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_TRACE=1 prints each cold visit's responses on a timeline. */
const TRACE = Boolean(process.env.BENCH_TRACE);
/** The bench must finish well inside 10 minutes; if a step hangs, say which and stop. */
const WATCHDOG_MS = 9 * 60 * 1000;
let step = 'starting';
const stepTo = (name: string) => {
  step = name;
  console.log(`• ${name}`);
};

interface RunFigures {
  firstRenderMs: number;
  firstRenderBytes: number;
  listMs: number;
  listBytes: number;
  firstModuleMs: number;
  firstModuleBytes: number;
  allSavedMs: number;
  allSavedBytes: number;
  offlineReloadMs: number;
  republishBytes: number;
  republishTargetBytes: number;
  jsHeapBytes: number;
  coldRequests: number;
}

interface Stack {
  server: ChildProcess;
  serverPort: number;
  /** Responses as the server finished them (before they cross the link), in order. */
  requests: { line: string; at: number }[];
  link: ShapedLink;
  base: string;
  source: string;
  content: string;
  dispose(): Promise<void>;
}

async function startStack(): Promise<Stack> {
  const paths = defaultPaths();
  if (!process.env.DIST_DIR && isBuildStale(ROOT, paths.distDir)) {
    console.log('building…');
    await buildAll(paths.distDir);
  }
  stepTo('publish the demo course');
  const scratch = await mkdtemp(join(tmpdir(), 'lowband-bench-'));
  const source = join(scratch, 'content');
  const content = join(scratch, 'published');
  await cp(paths.demoSourceDir, source, { recursive: true });
  await republish(source, content);
  // Incompressible, so the calibration measures the link and not the compressor.
  await writeFile(join(content, 'calibration-64k.bin'), randomBytes(64 * 1024));

  stepTo('start the server');
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DIST_DIR: paths.distDir, CONTENT_DIR: content, LOG_REQUESTS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const requests: Stack['requests'] = [];
  const serverPort = await new Promise<number>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not report its port within 30 s')), 30_000).unref();
    let buffer = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const listening = /Serving on http:\/\/localhost:(\d+)\//.exec(line);
        if (listening) resolve(Number(listening[1]));
        else if (/^(GET|HEAD|POST) /.test(line)) requests.push({ line, at: now() });
      }
    });
  });
  const link = new ShapedLink({ bytesPerSecond: BYTES_PER_SECOND, rttMs: RTT_MS, targetPort: serverPort });
  const port = await link.listen();
  return {
    server, serverPort, requests, link, source, content, base: `http://127.0.0.1:${port}`,
    async dispose() {
      await link.close();
      server.kill('SIGTERM');
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

async function republish(source: string, content: string): Promise<Catalog> {
  const result = await publish({ sourceDir: source, outDir: content, budgetsFile: defaultPaths().budgetsFile });
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.catalog!;
}

/** Times a 64 KiB incompressible download over a warm connection: the link's own figure. */
async function calibrate(stack: Stack): Promise<{ ms: number; expectedMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const fetchOnce = (path: string) => new Promise<number>((resolve, reject) => {
    if (process.env.LINK_DEBUG) console.log('[calibrate] GET', path);
    const started = now();
    get(`${stack.base}${path}`, { agent, timeout: 60_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(now() - started));
      res.on('close', () => res.complete || reject(new Error(`calibration: ${path} ended before its last byte`)));
    }).on('error', reject).on('timeout', () => reject(new Error(`calibration: ${path} took over 60 s`)));
  });
  await fetchOnce('/robots.txt');
  const ms = await fetchOnce('/content/calibration-64k.bin');
  agent.destroy();
  return { ms, expectedMs: RTT_MS + (64 * 1024 * 1000) / BYTES_PER_SECOND };
}

/** Bytes the kiosk downloaded (server to browser, headers included) between `since` and `at`. */
const downloaded = (stack: Stack, since: number, at: number) => stack.link.down.bytesBy(at) - stack.link.down.bytesBy(since);

async function savedAll(page: Page, modules: number, timeout: number): Promise<void> {
  await page.getByTestId('saved-count').getByText(`${modules} of ${modules} modules saved on this device`).waitFor({ timeout });
}

/** Waits until nothing has crossed the link for `ms`. */
async function linkQuiet(stack: Stack, ms: number): Promise<void> {
  for (let last = -1; last !== stack.link.down.total + stack.link.up.total;) {
    last = stack.link.down.total + stack.link.up.total;
    await new Promise((r) => setTimeout(r, ms));
  }
}

async function oneRun(stack: Stack, context: BrowserContext, run: number): Promise<RunFigures> {
  const page = await context.newPage();
  const catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
  const modules = new Set(catalog.modules.map((m) => m.id)).size;

  stepTo(`run ${run}: cold visit`);
  // Cold first visit: a new browser context has no cache, no service worker, no IndexedDB.
  const runStart = now();
  const requestsAtStart = stack.requests.length;
  await page.goto(stack.base, { waitUntil: 'commit', timeout: 60_000 });
  await page.locator('header.top').waitFor({ timeout: 60_000 });
  const { origin, fcp } = await page.evaluate(async () => {
    for (let i = 0; i < 100 && performance.getEntriesByName('first-contentful-paint').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    return { origin: performance.timeOrigin, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN };
  });
  const firstRenderMs = fcp;

  // The app's JS has taken over from the prerendered shell once the module list is on screen.
  await page.locator('[data-testid="catalog"] a').first().waitFor({ timeout: 60_000 });
  const listAt = now();

  await page.locator('[data-testid="catalog"] a').first().click();
  await page.locator('[data-testid="reader"] .prose p').first().waitFor({ timeout: 60_000 });
  const firstModuleAt = now();

  await savedAll(page, modules, 120_000);
  const allSavedAt = now();
  const coldRequests = stack.requests.length - requestsAtStart;
  if (TRACE) {
    // Where the cold visit's time goes: each response as the server sent it, and what had crossed the link by then.
    for (const r of stack.requests.slice(requestsAtStart)) {
      console.log(`  +${((r.at - runStart) / 1000).toFixed(2).padStart(6)} s ${formatValue(downloaded(stack, runStart, r.at), 'B').padStart(10)} down  ${r.line}`);
    }
  }

  stepTo(`run ${run}: search and heap`);
  // Search once, then read the page's heap after a GC.
  await page.getByRole('link', { name: /Back to modules/ }).click();
  await page.getByLabel('Search all saved modules').fill('the lockout steps');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByTestId('search-results').locator('li').first().waitFor({ timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');

  // Let the first visit's last checks (the page's own content sync, a 304) finish, so the
  // republish below measures the republish and nothing left over.
  await linkQuiet(stack, 2000);

  stepTo(`run ${run}: offline reload`);
  // Offline reload: the line is down and the browser knows it.
  stack.link.setOnline(false);
  await context.setOffline(true);
  await page.reload({ waitUntil: 'commit' });
  await page.locator('[data-testid="catalog"] a').first().waitFor({ timeout: 30_000 });
  const offlineReloadMs = await page.evaluate(() => performance.now());

  stepTo(`run ${run}: republish`);
  // Republish one module, then let the kiosk reconnect and pick it up.
  const file = join(stack.source, '05-fire-extinguishers.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace(/Most fires start small(?: \(revision \d+\))?/, `Most fires start small (revision ${run})`));
  const next = await republish(stack.source, stack.content);
  const changed = next.modules.find((m) => m.id === 'fire-extinguishers' && m.lang === 'en')!;
  stack.link.setOnline(true);
  await context.setOffline(false);
  const downBefore = stack.link.down.total;
  const requestsBefore = stack.requests.length;
  await page.reload();
  for (let i = 0; i < 600 && !(await cachedContentUrls(page)).includes(changed.url); i++) await page.waitForTimeout(100);
  await savedAll(page, modules, 30_000);
  await page.waitForTimeout(RTT_MS * 2); // let the last responses finish crossing the link
  const republishBytes = stack.link.down.total - downBefore;
  console.log(`  run ${run}: republish requests: ${stack.requests.slice(requestsBefore).map((r) => r.line).join(', ')}`);

  await page.close();
  return {
    firstRenderMs,
    firstRenderBytes: downloaded(stack, runStart, origin + fcp),
    listMs: listAt - origin,
    listBytes: downloaded(stack, runStart, listAt),
    firstModuleMs: firstModuleAt - origin,
    firstModuleBytes: downloaded(stack, runStart, firstModuleAt),
    allSavedMs: allSavedAt - origin,
    allSavedBytes: downloaded(stack, runStart, allSavedAt),
    offlineReloadMs,
    republishBytes,
    republishTargetBytes: changed.br + 1024,
    jsHeapBytes: usedSize,
    coldRequests,
  };
}

async function serverRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

interface Row {
  figure: string;
  target: string;
  unit: 'ms' | 'B' | 'n';
  summary: Summary | null;
  /** The median must be at most this. */
  limit?: number;
  /** The median must be at least this (throughputs). */
  minimum?: number;
  note?: string;
}

function verdictOf(row: Row): string {
  if (row.note) return row.note;
  if (!row.summary || (row.limit === undefined && row.minimum === undefined)) return '';
  const meets = row.minimum !== undefined ? row.summary.median >= row.minimum : row.summary.median <= row.limit!;
  return meets ? 'meets target' : 'MISSES target';
}

function formatValue(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'n') return Number.isInteger(value) || value > 1000 ? String(Math.round(value)) : value.toFixed(1);
  return unit === 'ms' ? `${(value / 1000).toFixed(2)} s` : value >= 1024 * 1024 ? `${(value / 1048576).toFixed(2)} MiB` : `${(value / 1024).toFixed(2)} KiB`;
}

function printTable(rows: Row[]): void {
  const line = (cols: string[]) => `${cols[0]!.padEnd(44)} ${cols[1]!.padEnd(22)} ${cols[2]!.padEnd(28)} ${cols[3]}`;
  console.log(`\n${line(['figure', 'target', 'measured: median (min – max)', 'verdict'])}`);
  for (const row of rows) {
    const measured = row.summary ? `${formatValue(row.summary.median, row.unit)} (${formatValue(row.summary.min, row.unit)} – ${formatValue(row.summary.max, row.unit)})` : 'not measured';
    const verdict = verdictOf(row);
    console.log(line([row.figure, row.target, measured, verdict]));
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  stepTo('build, publish and start the server');
  const stack = await startStack();
  stepTo('launch Chromium');
  const browser = await launchChromium();
  try {
    stepTo('calibrate the link');
    const calibration = await calibrate(stack);
    console.log(`link: one shared pipe, ${BYTES_PER_SECOND * 8 / 1000} kbit/s each way, ${RTT_MS} ms round trip; `
      + `calibration: 64 KiB incompressible in ${(calibration.ms / 1000).toFixed(2)} s (model: ${(calibration.expectedMs / 1000).toFixed(2)} s)`);

    const runs: RunFigures[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const context = await browser.newContext({ locale: 'en-GB', serviceWorkers: 'allow' });
      runs.push(await oneRun(stack, context, run));
      await context.close();
      console.log(`  run ${run}/${RUNS} done`);
    }
    const pick = (key: keyof RunFigures) => summarize(runs.map((r) => r[key]));
    const rss = await serverRssBytes(stack.server.pid!);
    stepTo('sync figures: bytes per completion, ingest throughput');
    const sync = await measureSync();
    const republishLimit = Math.max(...runs.map((r) => r.republishTargetBytes));
    const rows: Row[] = [
      { figure: 'cold: first render of the home screen', target: '≤ 3 s', unit: 'ms', summary: pick('firstRenderMs'), limit: 3000 },
      { figure: 'cold: bytes downloaded by first render', target: '≤ 14 KiB (one round trip)', unit: 'B', summary: pick('firstRenderBytes'), limit: 14 * 1024 },
      { figure: 'cold: module list shown, app interactive', target: '—', unit: 'ms', summary: pick('listMs') },
      { figure: 'cold: bytes until the module list', target: '—', unit: 'B', summary: pick('listBytes') },
      { figure: 'cold: first module readable', target: '—', unit: 'ms', summary: pick('firstModuleMs') },
      { figure: 'cold: bytes until first module readable', target: '—', unit: 'B', summary: pick('firstModuleBytes') },
      { figure: 'cold: every module saved on the device', target: '≤ 15 s', unit: 'ms', summary: pick('allSavedMs'), limit: 15_000 },
      { figure: 'cold: bytes until every module saved', target: '—', unit: 'B', summary: pick('allSavedBytes') },
      { figure: 'cold: requests until every module saved', target: '—', unit: 'n', summary: pick('coldRequests') },
      { figure: 'offline reload to interactive home', target: '≤ 0.5 s', unit: 'ms', summary: pick('offlineReloadMs'), limit: 500 },
      { figure: 'republish one module: bytes downloaded', target: `≤ module br + 1 KiB`, unit: 'B', summary: pick('republishBytes'), limit: republishLimit },
      { figure: 'JS heap after all saved + one search', target: '≤ 8 MiB', unit: 'B', summary: pick('jsHeapBytes'), limit: 8 * 1024 * 1024 },
      { figure: 'server memory (RSS)', target: '—', unit: 'B', summary: summarize([rss]) },
      { figure: 'sync: upload bytes per completion (batch of 50)', target: '≤ 60 B', unit: 'n', summary: sync.wire.ours, limit: 60 },
      { figure: 'same completion as xAPI, gzipped alone', target: '(reference)', unit: 'n', summary: sync.wire.xapiAlone },
      { figure: 'same completion as xAPI, in a gzipped batch', target: '(reference)', unit: 'n', summary: sync.wire.xapiGzip },
      { figure: 'ingest throughput, SQLite (records/s)', target: '≥ 5,000 records/s', unit: 'n', summary: summarize(sync.ingest.sqlite), minimum: 5000 },
      ...(sync.ingest.postgres ? [{ figure: 'ingest throughput, PostgreSQL (records/s)', target: '≥ 5,000 records/s', unit: 'n' as const, summary: summarize(sync.ingest.postgres), minimum: 5000 }] : []),
    ];
    printTable(rows);

    const result = {
      date: new Date().toISOString(),
      link: { bytesPerSecond: BYTES_PER_SECOND, rttMs: RTT_MS, calibration },
      runs: RUNS,
      figures: Object.fromEntries(rows.map((r) => [r.figure, { target: r.target, unit: r.unit, ...(r.summary ?? {}), limit: r.limit, minimum: r.minimum, note: r.note }])),
      durationMs: Date.now() - started,
    };
    const dir = join(ROOT, 'bench/results');
    await mkdir(dir, { recursive: true });
    const json = JSON.stringify(result, null, 2);
    await writeFile(join(dir, `${result.date.replace(/[:.]/g, '-')}.json`), json);
    await writeFile(join(dir, 'latest.json'), json);
    console.log(`\nwritten: bench/results/latest.json (${RUNS} runs, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await browser.close();
    await stack.dispose();
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench: still at "${step}" after ${WATCHDOG_MS / 60000} minutes; giving up`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();
await main().then(() => process.exit(0), (err: unknown) => {
  console.error(`bench failed at "${step}":`, err);
  process.exit(1);
});
