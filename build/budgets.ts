import { parse } from 'csv-parse/sync';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { budgetFor, formatKiB, parseBudgets, type Budget, type ResourceType } from '../src/node/budgets.ts';
import { deviceNeeds, groupNeeded, wantedModules, type DeviceNeeds } from '../src/shared/device-needs.ts';
import { CATALOG_URL, type Catalog } from '../src/shared/module.ts';
import { brotli } from '../src/node/compress.ts';
import { fileFor, readCatalog } from '../src/publisher/publish.ts';
import { LAZY_CHUNKS_FILE, PRECACHE_FILE } from './build.ts';

/** One resource as it travels: its URL, its type in Lighthouse's terms, its brotli size. */
export interface Resource {
  url: string;
  type: ResourceType;
  bytes: number;
}

/** A budgeted URL and everything loading it costs. */
export interface Subject {
  url: string;
  resources: Resource[];
}

export interface BudgetRow {
  subject: string;
  budgetPath: string;
  kind: 'size' | 'count';
  type: ResourceType;
  actual: number;
  limit: number;
  /** What makes up `actual`, largest first, so a failure names what grew. */
  parts: Resource[];
}

export const isOver = (row: BudgetRow) => row.actual > row.limit;

/** Checks each subject against the last budget whose path matches it, as Lighthouse would. */
export function evaluateBudgets(budgets: readonly Budget[], subjects: readonly Subject[]): BudgetRow[] {
  const rows: BudgetRow[] = [];
  for (const subject of subjects) {
    const budget = budgetFor(budgets, subject.url);
    if (!budget) continue;
    const ofType = (type: ResourceType) =>
      subject.resources.filter((r) => type === 'total' || (type === 'third-party' ? !r.url.startsWith('/') : r.type === type));
    for (const { resourceType: type, budget: kib } of budget.resourceSizes ?? []) {
      const parts = ofType(type).sort((a, b) => b.bytes - a.bytes);
      rows.push({ subject: subject.url, budgetPath: budget.path ?? '/', kind: 'size', type, actual: parts.reduce((s, r) => s + r.bytes, 0), limit: Math.round(kib * 1024), parts });
    }
    for (const { resourceType: type, budget: count } of budget.resourceCounts ?? []) {
      const parts = ofType(type);
      rows.push({ subject: subject.url, budgetPath: budget.path ?? '/', kind: 'count', type, actual: parts.length, limit: count, parts });
    }
  }
  return rows;
}

export function formatReport(rows: readonly BudgetRow[]): string {
  const fmt = (row: BudgetRow, n: number) => (row.kind === 'size' ? formatKiB(n) : String(n));
  const lines = [`${'subject'.padEnd(60)} ${'type'.padEnd(11)} ${'actual'.padStart(11)} ${'budget'.padStart(11)}  result`];
  for (const row of rows) {
    const verdict = isOver(row) ? `OVER by ${fmt(row, row.actual - row.limit)}` : 'ok';
    lines.push(`${row.subject.padEnd(60)} ${row.type.padEnd(11)} ${fmt(row, row.actual).padStart(11)} ${fmt(row, row.limit).padStart(11)}  ${verdict}`);
    if (isOver(row) && row.kind === 'size') {
      for (const part of row.parts) lines.push(`    ${part.url.padEnd(60)} ${formatKiB(part.bytes).padStart(11)}`);
    }
  }
  return lines.join('\n');
}

async function brotliSize(file: string): Promise<number> {
  if (existsSync(`${file}.br`)) return (await readFile(`${file}.br`)).length;
  return brotli(await readFile(file)).length;
}

function typeOf(url: string): ResourceType {
  if (/\.(js|mjs)$/.test(url)) return 'script';
  if (url.endsWith('.css')) return 'stylesheet';
  if (/\.(png|jpe?g|webp|gif|svg)$/.test(url)) return 'image';
  if (url.endsWith('.html') || url === '/') return 'document';
  return 'other';
}

/** The scripts and stylesheets index.html makes the browser fetch before the first render. */
export function firstRenderUrls(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const tag = m[0];
    const isScript = m[1] === 'script';
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (!isScript && rel !== 'stylesheet' && rel !== 'modulepreload') continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url) urls.push(url);
  }
  return urls;
}

/** A page and what its HTML makes the browser fetch before the first render. */
async function pageSubject(distDir: string, url: string, file: string): Promise<Subject> {
  const html = await readFile(join(distDir, file), 'utf8');
  const page: Subject = { url, resources: [{ url: `/${file}`, type: 'document', bytes: await brotliSize(join(distDir, file)) }] };
  for (const ref of firstRenderUrls(html)) {
    const external = !ref.startsWith('/');
    page.resources.push({ url: ref, type: typeOf(ref), bytes: external ? 0 : await brotliSize(join(distDir, ref)) });
  }
  return page;
}

/**
 * Measures what the built shell, the console and the published content send,
 * in the shape the budgets speak about. `siteLangs`: what the kiosk's people
 * read, for its whole-install budget.
 */
export async function measure(distDir: string, contentDir: string, siteLangs: readonly string[] = ['en']): Promise<Subject[]> {
  const subjects: Subject[] = [
    await pageSubject(distDir, '/', 'index.html'),
    { url: '/sw.js', resources: [{ url: '/sw.js', type: 'script', bytes: await brotliSize(join(distDir, 'sw.js')) }] },
    await pageSubject(distDir, '/console/', 'console/index.html'),
  ];
  // Lazy chunks with budgets of their own (build/build.ts lists them): what the first use of the feature downloads.
  const lazy = JSON.parse(await readFile(join(distDir, LAZY_CHUNKS_FILE), 'utf8').catch(() => '{}')) as Record<string, string[]>;
  for (const [url, files] of Object.entries(lazy)) {
    subjects.push({ url, resources: await Promise.all(files.map(async (f) => ({ url: f, type: typeOf(f), bytes: await brotliSize(join(distDir, f)) }))) });
  }

  const catalog: Catalog | null = await readCatalog(contentDir);
  // A build always lists its precache; a hand-made dist/ (the tests' fixtures) without the list has no installs to judge.
  const precacheFile = join(distDir, PRECACHE_FILE);
  if (catalog && existsSync(precacheFile)) {
    const precache = JSON.parse(await readFile(precacheFile, 'utf8')) as PrecacheList;
    for (const { url, needs } of installs(siteLangs, catalog)) subjects.push(await installSubject(distDir, contentDir, catalog, precache, url, needs));
  }
  for (const m of catalog?.modules ?? []) {
    subjects.push({ url: m.url, resources: [{ url: m.url, type: 'other', bytes: await brotliSize(fileFor(contentDir, m.url)) }] });
    for (const media of m.media) {
      const file = fileFor(contentDir, media);
      const bytes = media.endsWith('.svg') ? await brotliSize(file) : (await readFile(file)).length;
      subjects.push({ url: media, resources: [{ url: media, type: 'image', bytes }] });
    }
  }
  return subjects;
}

/** The demo site's languages, as its kiosk keeps them: the site's (English) and its people's, from the demo roster's language column. */
export async function demoSiteLanguages(rosterCsv: string): Promise<string[]> {
  const rows = parse(await readFile(rosterCsv, 'utf8'), { columns: true, skip_empty_lines: true }) as { language?: string }[];
  return [...new Set(['en', ...rows.map((r) => r.language ?? '')].filter(Boolean))];
}

/**
 * The devices whose whole first visit has a budget: what each downloads until
 * it works offline. A worker's linked phone is measured with two modules
 * assigned, the two largest in English: each of the 150 phones behind one
 * line pays this, so it must stay well under a kiosk's.
 */
export function installs(siteLangs: readonly string[], catalog: Catalog | null = null): { url: string; needs: DeviceNeeds }[] {
  const largest = (catalog?.modules ?? []).filter((m) => m.lang === 'en').sort((a, b) => b.br - a.br).slice(0, 2).map((m) => m.id);
  return [
    { url: '/install/device', needs: deviceNeeds('en', false) },
    { url: '/install/kiosk', needs: deviceNeeds(siteLangs[0] ?? 'en', true, siteLangs) },
    { url: '/install/phone', needs: deviceNeeds('en', false, [], largest) },
  ];
}

/** dist/.precache.json: what the service worker may save, and which devices keep each file. */
type PrecacheList = { url: string; group?: string }[];

/**
 * Everything a device downloads on its first visit until it works offline:
 * the page, the service worker, the precache entries its needs call for (the
 * first render's scripts are among them), the catalog, and the modules and
 * media it keeps. Brotli bytes of each file; the bench measures the same
 * visit on the wire, headers and TLS included.
 */
async function installSubject(distDir: string, contentDir: string, catalog: Catalog, precache: PrecacheList, url: string, needs: DeviceNeeds): Promise<Subject> {
  const files = ['/sw.js', ...precache.filter((e) => groupNeeded(e.group, needs)).map((e) => e.url)];
  const resources: Resource[] = await Promise.all(files.map(async (u) => ({ url: u, type: typeOf(u), bytes: await brotliSize(join(distDir, u)) })));
  resources.push({ url: CATALOG_URL, type: 'other', bytes: await brotliSize(fileFor(contentDir, CATALOG_URL)) });
  for (const m of wantedModules(catalog, needs.langs, needs.only)) {
    resources.push({ url: m.url, type: 'other', bytes: await brotliSize(fileFor(contentDir, m.url)) });
    for (const media of m.media) resources.push({ url: media, type: 'image', bytes: (await readFile(fileFor(contentDir, media))).length });
  }
  return { url, resources };
}

export async function loadBudgets(file: string): Promise<Budget[]> {
  return parseBudgets(JSON.parse(await readFile(file, 'utf8')), file);
}
