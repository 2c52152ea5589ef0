import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';
import { MEDIA_PREFIX, moduleKey, type Catalog, type CatalogEntry, type TrainingModule } from '../../shared/module.ts';
import { parseBudgets, sizeLimit } from '../../node/budgets.ts';
import { secondsOnLine } from '../../shared/line-cost.ts';
import { writeFileAtomic } from '../../node/atomic-write.ts';
import type { Diagnostic, Preview, PublishedVersion, PublishPlan } from '../../shared/console/content.ts';
import { HttpError } from '../api/read-body.ts';
import { sourceHistory } from './source-history.ts';
import { CompileJobError, CompileLimitError, compileRunner, type CompileRunner } from './compile-jobs.ts';
import type { AcceptedImage } from '../../publisher/image-check.ts';
import { englishCount } from '../../shared/plural.ts';
import { note, type ImportNote, type ImportReport } from '../../shared/console/import-report.ts';

/** A module source's file name: what an author names a draft, and all a path in the sources folder may be. */
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,80}\.md$/;

/** `name` when it may name a module source; a 400 that says what a name may be when not. */
export function sourceName(name: string): string {
  if (!SOURCE_NAME.test(name)) throw new HttpError(400, `name: "${name.slice(0, 90)}" is not a module file name (lower-case letters, digits, dots and dashes, ending in .md).`);
  return name;
}

export interface ContentPaths {
  /** The Markdown sources the console edits and publishes from. */
  sourcesDir: string;
  /** Where the published catalog and modules are (CONTENT_DIR). */
  contentDir: string;
  budgetsFile: string;
}

export type { PublishPlan, Preview };

/**
 * The console's content: the sources folder, compiled and published by the
 * very publisher `npm run publish` runs (loaded on first use, so a server
 * nobody edits on never loads the Markdown toolchain). Every compile runs on
 * a scratch copy of the sources with the draft in it, so a preview reports
 * what a publish would, duplicates across files included, and nothing live
 * changes until a publish has passed.
 */
export function contentService(paths: ContentPaths, runner: CompileRunner = compileRunner()) {
  let queue: Promise<unknown> = Promise.resolve();
  /** One publish at a time: two at once could each prune what the other just wrote. */
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const history = sourceHistory(`${paths.sourcesDir}-history`);

  /** A scratch copy of `from` (the live sources, or an earlier version's), with a draft written into it. */
  async function withScratch<T>(from: string, draft: { name: string; source: string } | null, work: (scratch: string) => Promise<T>): Promise<T> {
    if (draft) sourceName(draft.name);
    // Publishing from an empty folder would take every module off the kiosks.
    if (!existsSync(from)) throw new HttpError(409, `There are no module sources in ${from}: copy the sources this server publishes from there (SOURCES_DIR) first.`);
    const scratch = await mkdtemp(join(tmpdir(), 'lowband-draft-'));
    try {
      const sources = join(scratch, 'sources');
      await cp(from, sources, { recursive: true });
      if (draft) await writeFileAtomic(join(sources, draft.name), draft.source);
      return await work(scratch);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const withDraft = <T>(name: string, source: string, work: (scratch: string) => Promise<T>) => withScratch(paths.sourcesDir, { name, source }, work);
  /** A scratch copy of the live sources with one module source taken out. */
  const withoutSource = <T>(name: string, work: (scratch: string) => Promise<T>) => withScratch(paths.sourcesDir, null, async (scratch) => {
    const file = join(scratch, 'sources', sourceName(name));
    if (!existsSync(file)) throw new HttpError(404, `No module source named ${name}.`);
    await rm(file);
    return work(scratch);
  });

  /**
   * Publishes a scratch copy into the live content, then makes it the live
   * sources, and keeps it as that catalog's version for a later rollback.
   */
  async function publishScratch(scratch: string, by: string, blame: string): Promise<PublishPlan> {
    const before = await current();
    // The catalog live before the console's first publish gets its sources kept too, so it can come back.
    if (before && !history.has(before.version) && existsSync(paths.sourcesDir)) {
      await history.keep(before.version, paths.sourcesDir, { at: Date.now() - 1, by: '', modules: before.modules.length, what: [], changed: [] });
    }
    const result = await compile(scratch, paths.contentDir, blame);
    const plan = planOf(before, result.catalog, result.diagnostics, result.warnings);
    if (result.ok && result.catalog) {
      await history.keep(result.catalog.version, join(scratch, 'sources'), { at: Date.now(), by, modules: result.catalog.modules.length, what: whatChanged(plan), changed: plan.changed.map(moduleKey) });
      await replaceDir(join(scratch, 'sources'), paths.sourcesDir);
    }
    return plan;
  }

  /** Compiles (and, into the live content, publishes) off the main thread; past its limits, the file it was for gets the diagnostic. */
  async function compile(scratch: string, outDir: string, blame: string, draft?: string) {
    try {
      return await runner.run({ kind: 'publish', options: { sourceDir: join(scratch, 'sources'), outDir, budgetsFile: paths.budgetsFile, cwd: join(scratch, 'sources'), draft } });
    } catch (err) {
      if (!(err instanceof CompileLimitError)) throw err;
      return { ok: false, catalog: null, diagnostics: [{ file: blame, line: 1, message: err.message }], warnings: [] };
    }
  }

  const current = async (): Promise<Catalog | null> => {
    try {
      return JSON.parse(await readFile(join(paths.contentDir, 'catalog.json'), 'utf8')) as Catalog;
    } catch {
      return null;
    }
  };

  function planOf(before: Catalog | null, after: Catalog | null, diagnostics: Diagnostic[], warnings: Diagnostic[]): PublishPlan {
    const old = new Map((before?.modules ?? []).map((m) => [moduleKey(m), m.hash]));
    const changed = (after?.modules ?? []).filter((m) => old.get(moduleKey(m)) !== m.hash).map(({ id, lang, title, br }) => ({ id, lang, title, br }));
    const kept = new Set((after?.modules ?? []).map(moduleKey));
    const removed = (before?.modules ?? []).filter((m) => !kept.has(moduleKey(m))).map(({ id, lang, title }) => ({ id, lang, title }));
    const left = new Set((after?.modules ?? []).map((m) => m.id));
    const gone = [...new Set(removed.map((m) => m.id))].filter((id) => !left.has(id));
    const bytes = changed.reduce((n, m) => n + m.br, 0);
    return { ok: after !== null, diagnostics, warnings, changed, removed, gone, bytes, seconds: secondsOnLine(bytes) };
  }

  /** The image budget, in bytes, as budgets.json gives it for a published image. */
  async function imageLimit(): Promise<number> {
    const budgets = parseBudgets(JSON.parse(await readFile(paths.budgetsFile, 'utf8')), paths.budgetsFile);
    return Math.min(sizeLimit(budgets, `${MEDIA_PREFIX}x.png`, 'image') ?? Infinity, sizeLimit(budgets, `${MEDIA_PREFIX}x.png`, 'total') ?? Infinity);
  }

  /**
   * Writes incoming images under the sources folder; a path is only ever a
   * relative one inside it. What is live never changes under an author: a
   * file of that name with other bytes keeps its bytes when a module in the
   * sources (which are what is published) uses it, or when the uploader may
   * not replace files; the image then gets a free name beside it. Returns
   * where each image went, and which files were replaced, for the audit log.
   */
  async function saveImages(images: { path: string; data: Uint8Array }[], mayReplace: boolean): Promise<{ placed: Map<string, string>; replaced: string[] }> {
    const placed = new Map<string, string>();
    const replaced: string[] = [];
    const used = images.length ? await referencedInSources() : '';
    for (const image of images) {
      let path = image.path;
      const target = (p: string) => join(paths.sourcesDir, p);
      const inside = relative(paths.sourcesDir, target(path));
      if (inside.startsWith('..') || inside.split(sep).some((seg) => seg.startsWith('.'))) throw new HttpError(400, `image path "${image.path}" is outside the sources`);
      const existing = existsSync(target(path)) ? await readFile(target(path)) : null;
      if (existing?.equals(image.data)) {
        placed.set(image.path, path);
        continue;
      }
      if (existing && (!mayReplace || used.includes(path))) {
        const ext = extname(path);
        for (let n = 2; existsSync(target(path)); n++) path = `${image.path.slice(0, image.path.length - ext.length)}-${n}${ext}`;
      } else if (existing) {
        replaced.push(path);
      }
      await mkdir(dirname(target(path)), { recursive: true });
      await writeFileAtomic(target(path), Buffer.from(image.data));
      placed.set(image.path, path);
    }
    return { placed, replaced };
  }

  /** Every module source's text, joined: whether a file name appears in it says whether a live module uses that file. */
  async function referencedInSources(): Promise<string> {
    if (!existsSync(paths.sourcesDir)) return '';
    const names = (await readdir(paths.sourcesDir)).filter((n) => SOURCE_NAME.test(n));
    return (await Promise.all(names.map((n) => readFile(join(paths.sourcesDir, n), 'utf8')))).join('\n');
  }

  /** Drafts whose image references follow the images that had to take a new name. */
  function followRenames<D extends { source: string }>(drafts: D[], placed: Map<string, string>): D[] {
    const renamed = [...placed].filter(([from, to]) => from !== to);
    return drafts.map((d) => ({ ...d, source: renamed.reduce((text, [from, to]) => text.split(`](${from})`).join(`](${to})`), d.source) }));
  }

  function renamedNotes(placed: Map<string, string>): ImportNote[] {
    return [...placed].filter(([from, to]) => from !== to).map(([from, to]) => note(from, 'changed', `A module already uses another image of that name, so this one is saved as ${to}.`));
  }

  return {
    /** The published catalog's modules, each with its cost on the line and the source file it was published from. */
    async modules(): Promise<(CatalogEntry & { seconds: number; source: string | null; lastPublished: { at: number; by: string } | null })[]> {
      const catalog = await current();
      const sources = await sourceFiles(paths.sourcesDir);
      const versions = await history.list();
      return (catalog?.modules ?? []).map((m) => {
        const last = versions.find((v) => v.changed?.includes(moduleKey(m)));
        return { ...m, seconds: secondsOnLine(m.br), source: sources.get(moduleKey(m)) ?? null, lastPublished: last ? { at: last.at, by: last.by } : null };
      });
    },
    async source(name: string): Promise<string> {
      sourceName(name);
      try {
        return await readFile(join(paths.sourcesDir, name), 'utf8');
      } catch {
        throw new HttpError(404, `No module source named ${name}.`);
      }
    },
    /** Compiles the sources with this draft in place; the draft's module comes back as kiosks would get it. */
    async preview(name: string, source: string): Promise<Preview> {
      return withDraft(name, source, async (scratch) => {
        const out = join(scratch, 'out');
        const result = await compile(scratch, out, name, name);
        const diagnostics = result.diagnostics.filter((d) => d.file === name);
        const others = result.diagnostics.filter((d) => d.file !== name);
        // The first of them in full (file:line and what is wrong), so a missing or broken file is named, not only counted.
        if (others.length) diagnostics.push({ file: name, line: 0, message: `${englishCount(others.length, 'problem')} in other files stop a publish, first ${others[0]!.file}:${others[0]!.line}: ${others[0]!.message}` });
        const warnings = result.warnings.filter((d) => d.file === name);
        const draft = result.draft ?? null;
        if (!result.catalog) return { diagnostics, warnings, module: null, draft };
        const key = [...(await sourceFiles(join(scratch, 'sources')))].find(([, file]) => file === name)?.[0];
        const entry = result.catalog.modules.find((m) => moduleKey(m) === key);
        const module = entry ? (JSON.parse(await readFile(join(out, entry.url.replace(/^\/content\//, '')), 'utf8')) as TrainingModule) : null;
        return { diagnostics, warnings, module, draft };
      });
    },
    /** What publishing this draft would send to kiosks, without publishing it. */
    async plan(name: string, source: string): Promise<PublishPlan> {
      return withDraft(name, source, async (scratch) => {
        const result = await compile(scratch, join(scratch, 'out'), name);
        return planOf(await current(), result.catalog, result.diagnostics, result.warnings);
      });
    },
    /**
     * Turns a Word document, a PowerPoint deck, a PDF, a SCORM or cmi5 package or a zip of Markdown files into
     * drafts, in the compile worker. Their images (fitted to the image budget)
     * go into the sources folder at once, so a preview shows them; nothing is
     * published. The report says what came across, what changed, what was
     * left out, and what each draft would cost kiosks.
     */
    async importFile(fileName: string, data: Uint8Array, options: { lang: string; speakerNotes: boolean }, mayReplace: boolean): Promise<Imported> {
      if (!existsSync(paths.sourcesDir)) throw new HttpError(409, `There are no module sources in ${paths.sourcesDir} to import into.`);
      const { importFormat, IMPORT_FORMATS } = await import('../../publisher/import-formats.ts');
      const format = importFormat(fileName);
      if (!format) throw new HttpError(415, `fileName: only ${Object.entries(IMPORT_FORMATS).map(([ext, what]) => `.${ext} (${what})`).join(', ')} can be imported, not "${fileName.slice(0, 90)}".`);
      const { draftName } = await import('../../publisher/import-markdown-zip.ts');
      const name = draftName(fileName.replace(/\.[a-z]+$/i, '.md'));
      if (!name) throw new HttpError(400, `fileName: "${fileName.slice(0, 90)}" has no letters or digits to name a module by.`);
      const id = name.replace(/\.md$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'imported-module';
      const fileBytes = data.length;
      try {
        const result = await runner.run({ kind: 'import', job: { format, fileName, data, draft: { name, id }, lang: options.lang, imageLimit: await imageLimit(), speakerNotes: options.speakerNotes } });
        const { placed, replaced } = await saveImages(result.images, mayReplace);
        const notes = [...result.notes, ...renamedNotes(placed)];
        const drafts = followRenames(result.drafts, placed);
        return { drafts, report: { fileName, fileBytes, notes, drafts: result.costs }, images: [...placed.values()], replaced };
      } catch (err) {
        if (err instanceof CompileJobError && err.fromImport) throw new HttpError(422, err.message);
        if (err instanceof CompileLimitError) throw new HttpError(422, `${fileName.slice(0, 90)}: ${err.message}.`);
        throw err;
      }
    },
    /** An image for modules to show, checked as the publisher checks it (off the main thread: an SVG is parsed), saved under media/ in the sources. */
    async addImage(fileName: string, data: Buffer, mayReplace: boolean): Promise<{ path: string; replaced: boolean }> {
      if (!existsSync(paths.sourcesDir)) throw new HttpError(409, `There are no module sources in ${paths.sourcesDir} to add an image to.`);
      const stem = fileName.replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'image';
      const ext = /\.[a-z0-9]+$/i.exec(fileName)?.[0].toLowerCase() ?? '';
      let image: AcceptedImage;
      try {
        image = await runner.run({ kind: 'image', data, fileName, imageLimit: await imageLimit() });
      } catch (err) {
        if (err instanceof CompileLimitError) throw new HttpError(422, `${fileName.slice(0, 90)}: ${err.message}.`);
        throw err;
      }
      if ('error' in image) throw new HttpError(422, `${fileName.slice(0, 90)}: ${image.error}.`);
      const { placed, replaced } = await saveImages([{ path: `media/${stem}${ext}`, data: image.data }], mayReplace);
      return { path: placed.get(`media/${stem}${ext}`)!, replaced: replaced.length > 0 };
    },
    /** Publishes the sources with this draft in place, atomically; the draft becomes the module's source. */
    publish(name: string, source: string, by: string): Promise<PublishPlan> {
      return serially(() => withDraft(name, source, (scratch) => publishScratch(scratch, by, name)));
    },
    /** Catalogs the console published, newest first, with the live one marked. */
    async versions(): Promise<(PublishedVersion & { live: boolean })[]> {
      const live = (await current())?.version;
      return (await history.list()).map((v) => ({ ...v, live: v.version === live }));
    },
    /** What going back to an earlier catalog would send to kiosks. */
    rollbackPlan(version: string): Promise<PublishPlan> {
      return withScratch(knownVersion(version), null, async (scratch) => planOf(await current(), (await compile(scratch, join(scratch, 'out'), `catalog ${version}`)).catalog, [], []));
    },
    /** What taking one module source out of the catalog would change: every kiosk drops that module's variant. */
    unpublishPlan(name: string): Promise<PublishPlan> {
      return withoutSource(name, async (scratch) => {
        const result = await compile(scratch, join(scratch, 'out'), name);
        return planOf(await current(), result.catalog, result.diagnostics, result.warnings);
      });
    },
    /** Publishes the sources without this one: the same checks and atomic swap as a publish, and a version to roll back to. */
    unpublish(name: string, by: string): Promise<PublishPlan> {
      return serially(() => withoutSource(name, (scratch) => publishScratch(scratch, by, name)));
    },
    /** Publishes an earlier catalog's sources again: the same checks, the same atomic swap, the same files. */
    rollback(version: string, by: string): Promise<PublishPlan> {
      return serially(() => withScratch(knownVersion(version), null, (scratch) => publishScratch(scratch, by, `catalog ${version}`)));
    },
  };

  function knownVersion(version: string): string {
    if (!/^[0-9a-f]{12}$/.test(version) || !history.has(version)) throw new HttpError(404, `No earlier catalog ${version.slice(0, 20)} is kept.`);
    return history.sourcesOf(version);
  }
}

function whatChanged(plan: PublishPlan): NonNullable<PublishedVersion['what']> {
  return [...plan.changed.map((m) => ({ title: m.title, lang: m.lang, removed: false })), ...plan.removed.map((m) => ({ title: m.title, lang: m.lang, removed: true }))];
}

/** Puts `from`'s contents in place of `to`'s: copied beside it first, then swapped by two renames. */
async function replaceDir(from: string, to: string): Promise<void> {
  const incoming = `${to}.incoming`;
  const outgoing = `${to}.outgoing`;
  await rm(incoming, { recursive: true, force: true });
  await cp(from, incoming, { recursive: true });
  await rm(outgoing, { recursive: true, force: true });
  if (existsSync(to)) await rename(to, outgoing);
  await rename(incoming, to);
  await rm(outgoing, { recursive: true, force: true });
}

export type ContentService = ReturnType<typeof contentService>;

export interface Imported {
  drafts: { name: string; source: string }[];
  report: ImportReport;
  /** Image files in the sources the import wrote, and those of them it replaced (only a publisher's import replaces, and never one a module uses). */
  images: string[];
  replaced: string[];
}

/** Which source file each module (id and language) comes from, read from the files' front matter. */
async function sourceFiles(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const name of (await readdir(dir)).filter((n) => SOURCE_NAME.test(n)).sort()) {
    const head = (await readFile(join(dir, name), 'utf8')).split(/^---\s*$/m)[1] ?? '';
    const id = /^id:\s*["']?([a-z0-9-]+)/m.exec(head)?.[1];
    const lang = /^language:\s*["']?([a-z]{2,3})/m.exec(head)?.[1];
    if (id && lang) found.set(moduleKey({ id, lang }), name);
  }
  return found;
}

/** Seeds the sources folder with the demo course the first time the console runs on this data directory. */
export async function seedSources(sourcesDir: string, demoSourceDir: string): Promise<boolean> {
  if (existsSync(sourcesDir) || !existsSync(demoSourceDir)) return false;
  await cp(demoSourceDir, sourcesDir, { recursive: true, filter: (src) => !src.endsWith('.csv') });
  return true;
}
