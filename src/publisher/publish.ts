import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { CATALOG_HISTORY, catalogVersion, contentHash, historyFile } from '../shared/catalog-update.ts';
import { BudgetFormatError, formatKiB, parseBudgets, sizeLimit, type Budget } from '../node/budgets.ts';
import { CATALOG_URL, MEDIA_PREFIX, MODULES_PREFIX, moduleKey, type Catalog, type CatalogEntry, type TrainingModule } from '../shared/module.ts';
import { writeFileAtomic } from '../node/atomic-write.ts';
import { addToPublishedIndex, publishedKey } from '../node/published-index.ts';
import { archiveModule } from '../node/module-archive.ts';
import { followUpQuestions } from '../shared/campaign/schedule.ts';
import { brotli, gzip } from '../node/compress.ts';
import { byPosition, type Diagnostic } from './diagnostics.ts';
import { compileModule } from './compile-module.ts';
import type { DraftParts } from '../shared/console/content.ts';
import { lookAlikeTitles, type TitledModule } from './look-alike.ts';
import type { ImageResolver } from './markdown.ts';
import { MODULE_LIMITS, structureProblem } from '../shared/module-limits.ts';
import { listModuleSources, readSourceFile, sourceRoot, SourceFileError } from './source-files.ts';
import { sanitizeSvg } from './svg-sanitize.ts';
import { decodeUtf8 } from './text-hygiene.ts';

export interface PublishOptions {
  sourceDir: string;
  outDir: string;
  budgetsFile: string;
  /** Paths in diagnostics are shown relative to this directory. */
  cwd?: string;
  /** A file (as diagnostics name it) whose readable parts come back whatever its errors: the console's draft. */
  draft?: string;
}

export interface PublishResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** What the author should hear of but that does not stop a publish (look-alike titles). */
  warnings: Diagnostic[];
  catalog: Catalog | null;
  /** The parts of `options.draft`, when asked for and it was compiled. */
  draft?: DraftParts;
}

const IMAGE_TYPES = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.svg']);

interface Artifact { path: string; data: Buffer }

/**
 * Compiles every module under `sourceDir` and publishes them to `outDir`, or,
 * if anything is wrong, reports every problem and writes nothing.
 *
 * Module and media files are content-addressed, so writing them never
 * disturbs what is live; the catalog is swapped in last with one atomic
 * rename, which is the moment the new content goes live.
 */
export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const cwd = opts.cwd ?? process.cwd();
  const show = (p: string) => relative(cwd, p) || p;
  const diagnostics: Diagnostic[] = [];

  let budgets: Budget[] = [];
  try {
    budgets = parseBudgets(JSON.parse(await readFile(opts.budgetsFile, 'utf8')), show(opts.budgetsFile));
  } catch (err) {
    const message = err instanceof BudgetFormatError ? err.message : `${show(opts.budgetsFile)}: ${(err as Error).message}`;
    return { ok: false, catalog: null, diagnostics: [{ file: show(opts.budgetsFile), line: 1, message }], warnings: [] };
  }

  if (!existsSync(opts.sourceDir) || !statSync(opts.sourceDir).isDirectory()) {
    return { ok: false, catalog: null, diagnostics: [{ file: show(resolve(opts.sourceDir)), line: 0, message: 'source directory not found' }], warnings: [] };
  }
  const sourceDir = sourceRoot(opts.sourceDir);
  const { files, refused } = listModuleSources(sourceDir);
  for (const r of refused) diagnostics.push({ file: show(r.file), line: 0, message: `module source ${r.reason}` });
  if (files.length === 0 && refused.length === 0) diagnostics.push({ file: show(sourceDir), line: 0, message: 'no .md module sources found' });

  const artifacts: Artifact[] = [];
  const archived: { module: { id: string; lang: string; hash: string }; json: string | Buffer }[] = [];
  const entries: CatalogEntry[] = [];
  /** Each version's follow-up question count, for the server to check the reviews kiosks send. */
  const questions = new Map<string, number>();
  const titled: TitledModule[] = [];
  const firstSeen = new Map<string, string>();
  let draft: DraftParts | undefined;

  for (const abs of files) {
    const file = show(abs);
    const media: string[] = [];
    const resolveImage: ImageResolver = (src) => {
      const image = loadImage(sourceDir, abs, src, budgets);
      if ('error' in image) return image;
      artifacts.push({ path: image.url, data: image.data });
      media.push(image.url);
      return { url: image.url };
    };
    // Whatever one file holds, it ends as diagnostics for that file: never a stack trace, a hang or a partial publish.
    let compiled: ReturnType<typeof compileFile>;
    try {
      compiled = compileFile(sourceDir, abs, file, resolveImage);
    } catch (err) {
      diagnostics.push({ file, line: 1, message: `could not be compiled: ${describeFailure(err)}` });
      continue;
    }
    diagnostics.push(...compiled.diagnostics);
    if (file === opts.draft) draft = compiled.parts;
    const { module, source } = compiled;
    if (!module || source === null) continue;

    const idLine = lineOfKey(source, 'id');
    const key = moduleKey(module);
    const other = firstSeen.get(key);
    if (other) {
      diagnostics.push({ file, line: idLine, message: `duplicate module id "${module.id}" in language "${module.lang}" (also in ${other})` });
      continue;
    }
    firstSeen.set(key, `${file}:${idLine}`);
    titled.push({ file, line: lineOfKey(source, 'title'), lang: module.lang, title: module.title });

    const json = Buffer.from(JSON.stringify(module));
    if (json.length > MODULE_LIMITS.maxModuleBytes) {
      diagnostics.push({ file, line: 1, message: `module is ${json.length} bytes uncompressed, over the limit of ${MODULE_LIMITS.maxModuleBytes}: split it into two modules or shorten it` });
      continue;
    }
    // The same function the service worker checks an arriving module against.
    const hash = await contentHash(json);
    const url = `${MODULES_PREFIX}${module.id}.${module.lang}.${hash}.json`;
    const br = brotli(json);
    const gz = gzip(json);
    const limit = Math.min(sizeLimit(budgets, url, 'other') ?? Infinity, sizeLimit(budgets, url, 'total') ?? Infinity);
    if (br.length > limit) {
      diagnostics.push({
        file, line: 1,
        message: `module is ${formatKiB(br.length)} brotli, over its ${formatKiB(limit)} budget by ${formatKiB(br.length - limit)}: split it into two modules or shorten it`,
      });
      continue;
    }
    artifacts.push({ path: url, data: json }, { path: `${url}.br`, data: br }, { path: `${url}.gz`, data: gz });
    archived.push({ module: { id: module.id, lang: module.lang, hash }, json });
    const { id, lang, title, summary, version, minutes, roles } = module;
    entries.push({ id, lang, title, summary, version, minutes, roles, hash, url, media, bytes: json.length, br: br.length, gz: gz.length });
    questions.set(publishedKey({ id, lang, hash }), followUpQuestions(module).length);
  }

  diagnostics.sort(byPosition);
  const warnings = lookAlikeTitles(titled);
  if (diagnostics.length) return { ok: false, diagnostics, warnings, catalog: null, draft };

  const catalog: Catalog = { format: 1, version: await catalogVersion(entries), modules: entries };
  const outDir = resolve(opts.outDir);
  const previous = await readCatalog(outDir);
  for (const a of artifacts) {
    const target = fileFor(outDir, a.path);
    if (!existsSync(target)) await writeFileAtomic(target, a.data);
  }
  for (const a of archived) await archiveModule(outDir, a.module, a.json);
  await addToPublishedIndex(outDir, catalog, questions);
  const json = JSON.stringify(catalog);
  // Kept so that a device holding this catalog later gets only what changed after it.
  await writeFileAtomic(join(outDir, historyFile(catalog.version)), json);
  await writeFileAtomic(fileFor(outDir, CATALOG_URL), json);
  // Kiosks holding the previous catalog may still ask for its files until they update.
  await prune(outDir, [catalog, previous]);
  await pruneHistory(outDir, catalog.version);
  return { ok: true, diagnostics, warnings, catalog, draft };
}

/** Maps a public URL path under /content/ to its file in the output directory. */
export function fileFor(outDir: string, urlPath: string): string {
  return join(outDir, urlPath.replace(/^\/content\//, ''));
}

export async function readCatalog(outDir: string): Promise<Catalog | null> {
  try {
    return JSON.parse(await readFile(fileFor(outDir, CATALOG_URL), 'utf8')) as Catalog;
  } catch {
    return null;
  }
}

/**
 * A media file's name carries a digest of its bytes, so a changed image gets a
 * new URL and caches never serve a stale one. Only a name: nothing checks it
 * later, so it is computed synchronously while the Markdown is compiled.
 */
function mediaDigest(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 12);
}

function lineOfKey(source: string, key: string): number {
  const index = source.split(/\r?\n/).findIndex((l) => l.startsWith(`${key}:`));
  return index === -1 ? 1 : index + 1;
}

/** Reads, decodes and compiles one module source; the structure limits apply before anything is published. */
function compileFile(sourceDir: string, abs: string, file: string, resolveImage: ImageResolver): { module: TrainingModule | null; source: string | null; diagnostics: Diagnostic[]; parts?: DraftParts } {
  let bytes: Buffer;
  try {
    bytes = readSourceFile(sourceDir, abs, MODULE_LIMITS.maxSourceBytes);
  } catch (err) {
    return { module: null, source: null, diagnostics: [{ file, line: 0, message: `module source ${describeFailure(err)}` }] };
  }
  const decoded = decodeUtf8(bytes);
  if ('badLine' in decoded) return { module: null, source: null, diagnostics: [{ file, line: decoded.badLine, message: 'is not valid UTF-8 text: save the file as UTF-8' }] };
  // NFC: text that looks the same is the same, for quiz answers and search alike. Line numbers do not move.
  const source = decoded.text.normalize('NFC');
  const { module, diagnostics, parts } = compileModule(file, source, resolveImage);
  const problem = module && structureProblem(module.sections);
  if (problem) return { module: null, source, parts, diagnostics: [...diagnostics, { file, line: 1, message: `module ${problem}` }] };
  return { module, source, parts, diagnostics };
}

function describeFailure(err: unknown): string {
  if (err instanceof SourceFileError) return err.message;
  if (err instanceof RangeError) return 'it is nested too deeply or too large to read: flatten it or split it';
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'is a symbolic link: copy the file into the content directory instead';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return (err as Error).message?.split('\n')[0] ?? String(err);
}

function loadImage(sourceDir: string, moduleFile: string, src: string, budgets: Budget[]): { url: string; data: Buffer } | { error: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/')) {
    return { error: `image "${src}" must be a file next to the module, not a web address: kiosks may be offline` };
  }
  let path: string;
  try {
    path = decodeURIComponent(src);
  } catch {
    return { error: `image "${src}" has a malformed %-escape in its path` };
  }
  const abs = resolve(dirname(moduleFile), path);
  const ext = extname(abs).toLowerCase();
  if (!IMAGE_TYPES.has(ext)) return { error: `image "${src}" has an unsupported type (use ${[...IMAGE_TYPES].join(', ')})` };
  let data: Buffer;
  try {
    data = readSourceFile(sourceDir, abs, MODULE_LIMITS.maxImageSourceBytes);
  } catch (err) {
    return { error: `image "${src}" ${describeFailure(err)}` };
  }
  if (ext === '.svg') {
    const decoded = decodeUtf8(data);
    if ('badLine' in decoded) return { error: `image "${src}" is not UTF-8 text (line ${decoded.badLine}): save the SVG as UTF-8` };
    const clean = sanitizeSvg(decoded.text.replace(/^\uFEFF/, ''));
    if ('error' in clean) return { error: `image "${src}" ${clean.error}` };
    data = Buffer.from(clean.svg);
  }
  const url = `${MEDIA_PREFIX}${basename(abs, ext).replace(/[^a-zA-Z0-9_-]/g, '-')}.${mediaDigest(data)}${ext}`;
  // Raster images are already compressed; an SVG travels brotli-compressed like any text.
  const sent = ext === '.svg' ? brotli(data).length : data.length;
  const limit = Math.min(sizeLimit(budgets, url, 'image') ?? Infinity, sizeLimit(budgets, url, 'total') ?? Infinity);
  if (sent > limit) return { error: `image "${src}" is ${formatKiB(sent)}, over its ${formatKiB(limit)} budget by ${formatKiB(sent - limit)}` };
  return { url, data };
}

async function prune(outDir: string, keep: (Catalog | null)[]): Promise<void> {
  const live = new Set<string>();
  for (const c of keep) for (const m of c?.modules ?? []) [m.url, ...m.media].forEach((u) => live.add(basename(u)));
  for (const sub of ['modules', 'media']) {
    const dir = join(outDir, sub);
    if (!existsSync(dir)) continue;
    for (const name of await readdir(dir)) {
      const base = name.replace(/\.(br|gz)$/, '');
      if (!live.has(base)) await rm(join(dir, name), { force: true });
    }
  }
}

/** Keeps the newest CATALOG_HISTORY catalogs; a device holding an older one gets a whole catalog instead of a delta. */
async function pruneHistory(outDir: string, current: string): Promise<void> {
  const dir = join(outDir, dirname(historyFile(current)));
  const files = await Promise.all((await readdir(dir)).map(async (name) => ({ name, at: (await stat(join(dir, name))).mtimeMs })));
  const old = files.filter((f) => f.name !== basename(historyFile(current))).sort((a, b) => b.at - a.at).slice(CATALOG_HISTORY - 1);
  await Promise.all(old.map((f) => rm(join(dir, f.name), { force: true })));
}
