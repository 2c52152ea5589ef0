import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildAll } from '../build/build.ts';
import { createAppServer } from '../src/server/app-server.ts';
import { publish } from '../src/publisher/publish.ts';
import { formatDiagnostic } from '../src/publisher/diagnostics.ts';
import { ROOT } from '../src/node/paths.ts';
import { CONTENT_CACHE } from '../src/shared/module.ts';
import { DB_NAME } from '../src/device/learning-db.ts';
import { FIXTURE_COURSE } from './fixtures.ts';
import { ServerProcess } from './server-process.ts';

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchChromium(extra: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...(extra.args ?? [])], env: extra.env });
  // Every context (browser.newPage makes one through this too) reports its policy violations.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchPolicy(await newContext(options));
  return browser;
}

/** A CSP or Trusted Types violation, as Chromium words it in the console of a page or a worker. */
const POLICY_VIOLATION = /Content Security Policy|Refused to|Trusted ?Type/i;
const violations: string[] = [];

/**
 * Collects every policy violation the context's pages and workers report, for takePolicyViolations():
 * a page's `securitypolicyviolation` events (a Trusted Types refusal the page catches is logged nowhere
 * else), and what pages and workers log about the policy.
 */
async function watchPolicy(context: BrowserContext): Promise<BrowserContext> {
  context.on('console', (message) => {
    if (message.type() === 'error' && POLICY_VIOLATION.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
  });
  await context.exposeBinding('reportPolicyViolation', ({ page }, text: string) => void violations.push(`${page?.url()}: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportPolicyViolation(text: string): void }).reportPolicyViolation(`${e.effectiveDirective} refused ${e.blockedURI}${e.sample ? `: ${e.sample}` : ''}`);
    });
  });
  return context;
}

/**
 * The CSP and Trusted Types violations reported by any browser launched here since the last call
 * (tests/e2e/policy-violations.ts fails every e2e test that leaves one). A test that provokes one
 * on purpose takes it first and checks it.
 */
export function takePolicyViolations(): string[] {
  return violations.splice(0);
}

/**
 * Chromium with a regular, persistent profile in `userDataDir`, as a kiosk
 * runs it: unlike a fresh incognito-like context, it fetches the web app
 * manifest and keeps a connection pool per credentials mode, so it shows
 * what a real first visit costs.
 */
export async function launchChromiumProfile(userDataDir: string, extra: { args?: string[]; env?: NodeJS.ProcessEnv; locale?: string; kioskPolicy?: boolean } = {}): Promise<BrowserContext> {
  if (extra.kioskPolicy) {
    // What the README's kiosk set-up sets by policy (NetworkPredictionOptions = 2): no speculative connections.
    await mkdir(join(userDataDir, 'Default'), { recursive: true });
    await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ net: { network_prediction_options: 2 } }));
  }
  return watchPolicy(await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...(extra.args ?? [])], env: extra.env,
    locale: extra.locale, serviceWorkers: 'allow',
  }));
}

/** The published-content URLs the device has saved, as the service worker's cache holds them. */
export function cachedContentUrls(page: Page): Promise<string[]> {
  return page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname).sort(), CONTENT_CACHE);
}

/** Every record in one store of the page's learning database, read straight from IndexedDB. */
export function storedRecords<T>(page: Page, store: 'progress' | 'attempts' | 'completions' | 'checkpoints' | 'outbox' | 'rejected'): Promise<T[]> {
  return page.evaluate(([name, storeName]) => new Promise<T[]>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction(storeName).objectStore(storeName).getAll();
      all.onsuccess = () => resolve(all.result as T[]);
    };
  }), [DB_NAME, store] as const);
}

/** Collects the uncaught exceptions of a page (its policy violations every e2e test collects: takePolicyViolations). */
export function collectUncaught(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}

/**
 * A real stack for one test file: a fresh build, a copy of the demo course
 * published into its own directory, and the real server on a fixed port that
 * survives stop/start (the service worker is tied to the origin).
 */
export class Stack {
  readonly requests: string[] = [];
  private server: Server | null = null;
  port = 0;

  private constructor(readonly root: string, readonly dist: string, readonly content: string, readonly source: string) {}

  static async create(): Promise<Stack> {
    const root = await mkdtemp(join(tmpdir(), 'lowband-e2e-'));
    const stack = new Stack(root, join(root, 'dist'), join(root, 'published'), join(root, 'content'));
    await buildAll(stack.dist);
    await cp(FIXTURE_COURSE, stack.source, { recursive: true });
    await stack.publish();
    await stack.start();
    return stack;
  }

  /**
   * A stack whose app and content are served by the real server as its own
   * process (so a test can kill it), with a data directory inside the stack.
   */
  static async withServerProcess(port: number, env: Record<string, string>): Promise<{ stack: Stack; server: ServerProcess }> {
    const stack = await Stack.create();
    await stack.stop();
    const server = new ServerProcess(port, { DIST_DIR: stack.dist, CONTENT_DIR: stack.content, DATA_DIR: join(stack.root, 'data'), ...env });
    await server.start();
    return { stack, server };
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async publish(): Promise<void> {
    const result = await publish({ sourceDir: this.source, outDir: this.content, budgetsFile: join(ROOT, 'budgets.json') });
    if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  }

  async start(): Promise<void> {
    const server = createAppServer({ distDir: this.dist, contentDir: this.content, onResponse: ({ path }) => this.requests.push(path) });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops the server and drops its open connections, so nothing can reach it. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.root, { recursive: true, force: true });
  }
}
