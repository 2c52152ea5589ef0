/**
 * npm run build: writes dist/ with hashed, minified bundles for the app, the
 * search worker and the service worker, the shell's precache manifest, and a
 * .br and .gz sibling for every text file; and dist-server/, the server as
 * one file that needs only the runtime dependencies (`npm ci --omit=dev`).
 */
import { createHash } from 'node:crypto';
import { build, type Metafile } from 'esbuild';
import { injectManifest } from 'workbox-build';
import { minify } from 'terser';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { brotli, COMPRESSIBLE, gzip } from '../src/node/compress.ts';
import { defaultPaths, INLINE_SOURCES_FILE, ROOT } from '../src/node/paths.ts';
import { inlineSources } from './inline-sources.ts';
import { contentHash } from '../src/shared/catalog-update.ts';
import { formatKiB } from '../src/node/budgets.ts';
import { writeBuildStamp } from './freshness.ts';
import { prerenderHome } from './prerender.ts';
import { describeProblem, generateStringTables } from './i18n/generate.ts';

const TARGET = ['chrome90', 'firefox90', 'safari15'];
const LANGUAGES_DIR = join(ROOT, 'src/app/i18n/languages');
const define = { 'process.env.NODE_ENV': '"production"' };

/** The UI's strings, from their JSON files into the modules the bundles import; a problem in them stops the build. */
async function compileStringTables(): Promise<void> {
  const problems = await generateStringTables();
  if (problems.length) throw new Error(`The string tables have problems:\n${problems.map(describeProblem).join('\n')}`);
}

export interface BuildOptions {
  /** Shown in index.html; a new version means a new precache manifest, so kiosks are offered the update. */
  version?: string;
}

export async function buildAll(dist = defaultPaths().distDir, options: BuildOptions = {}): Promise<void> {
  await compileStringTables();
  const version = options.version ?? (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const assets = join(dist, 'assets');
  await rm(dist, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const common = { absWorkingDir: ROOT, bundle: true, minify: true, target: TARGET, define, metafile: true, logLevel: 'warning' as const, legalComments: 'none' as const };

  const worker = await build({
    ...common, format: 'iife', outdir: assets, entryNames: '[name]-[hash]',
    entryPoints: { 'search-worker': join(ROOT, 'src/worker/search.worker.ts') },
  });
  const workerUrl = publicUrl(dist, entryOutput(worker.metafile!, 'search.worker.ts'));

  // Every other UI language's strings, each part its own file outside the app's chunk graph. A language added to src/app/i18n/languages/ is picked up here.
  const languageEntries: Record<string, string> = {};
  for (const code of await readdir(LANGUAGES_DIR)) {
    for (const file of await readdir(join(LANGUAGES_DIR, code))) {
      // English travels inside the bundles (the app, after-first-render.ts, kiosk-bundle.ts): no files of its own.
      if (file.endsWith('.ts') && code !== 'en') languageEntries[`lang-${code}-${basename(file, '.ts')}`] = join(LANGUAGES_DIR, code, file);
    }
  }
  const languages = await build({ ...common, format: 'esm', outdir: assets, entryNames: '[name]-[hash]', entryPoints: languageEntries });
  const languageFiles: Record<string, Record<string, string>> = {};
  /** Which devices keep a file offline (src/shared/device-needs.ts, groupNeeded); files not listed: every device. */
  const groups = new Map<string, string>();
  for (const [output, meta] of Object.entries(languages.metafile!.outputs)) {
    const [, code, part] = /languages\/([^/]+)\/([^/]+)\.ts$/.exec(meta.entryPoint ?? '') ?? [];
    if (!code || !part) continue;
    (languageFiles[code] ??= {})[part] = publicUrl(dist, output);
    groups.set(publicUrl(dist, output), KIOSK_STRING_PARTS.has(part) ? `kiosk ${code}` : code);
  }

  // The screens' stylesheet, a file of its own that after-first-render.ts links: only the home screen's styles go inline.
  const screensCss = await build({ ...common, outdir: assets, entryNames: '[name]-[hash]', entryPoints: { screens: join(ROOT, 'src/app/screens.css') } });

  const app = await build({
    ...common, format: 'esm', splitting: true, outdir: assets, entryNames: '[name]-[hash]', chunkNames: 'chunk-[hash]',
    entryPoints: { app: join(ROOT, 'src/app/main.tsx'), styles: join(ROOT, 'src/app/styles.css') },
    jsx: 'automatic', jsxImportSource: 'preact',
    // A string, not an object: esbuild would put an object define in a chunk of its own.
    define: {
      ...define, __SEARCH_WORKER_URL__: JSON.stringify(workerUrl), __LANGUAGE_FILES__: JSON.stringify(JSON.stringify(languageFiles)),
      __SCREENS_CSS__: JSON.stringify(publicUrl(dist, entryOutput(screensCss.metafile!, 'screens.css'))),
    },
  });
  const appJs = entryOutput(app.metafile!, 'main.tsx');
  await writeLazyChunks(dist, app.metafile!, appJs);
  for (const [file, group] of bundleOnly(app.metafile!, appJs)) groups.set(publicUrl(dist, file), group);
  groups.set(workerUrl, 'library');
  const css = entryOutput(app.metafile!, 'styles.css');
  // Chunks the entry imports statically are needed for the first render: preload them with it.
  const preloads = app.metafile!.outputs[appJs]!.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path);

  const { icon, manifest } = await writeHashedShellFiles(dist);
  for (const entry of await readdir(join(ROOT, 'public'))) {
    if (!HASHED_SHELL_FILES.has(entry) && entry !== 'index.html') await cp(join(ROOT, 'public', entry), join(dist, entry), { recursive: true });
  }
  // The stylesheet goes inline: the first render then needs the HTML alone, one round trip after the handshakes.
  const styles = (await readFile(join(ROOT, css), 'utf8')).trim();
  await rm(join(ROOT, css));
  const template = await readFile(join(ROOT, 'public/index.html'), 'utf8');
  const html = template
    .replace('{{version}}', version)
    .replace('{{manifest}}', manifest)
    .replace('{{icon}}', icon)
    .replace('{{js}}', publicUrl(dist, appJs))
    .replace('{{preloads}}', preloads.map((p) => `<link rel="modulepreload" href="${publicUrl(dist, p)}">`).join(''))
    .replace(/\n\s*/g, '')
    .replace('{{prerender}}', await prerenderHome())
    .replace('{{styles}}', () => styles);
  await writeFile(join(dist, 'index.html'), html);
  await writeFile(join(dist, INLINE_SOURCES_FILE), `${inlineSources(html)}\n`);

  let precache: { url: string; group?: string }[] = [];
  // Inside this build's own folder: builds into other folders may run at the same time (tests do).
  const swTmp = join(dist, '.sw-before-manifest.js');
  const sw = await build({ ...common, format: 'iife', outfile: swTmp, entryPoints: [join(ROOT, 'src/sw/sw.ts')] });
  const { warnings } = await injectManifest({
    swSrc: swTmp,
    swDest: join(dist, 'sw.js'),
    globDirectory: dist,
    globPatterns: ['index.html', 'assets/*.{js,css,svg,webmanifest}'],
    // esbuild's [hash] (and writeHashedShellFiles's) already versions these URLs.
    dontCacheBustURLsMatching: /-[A-Z0-9]{8}\.(js|css|svg|webmanifest)$/,
    manifestTransforms: [async (entries) => {
      // A revision is the file's contentHash, which the worker can check (Workbox's is an MD5).
      const manifest = await Promise.all(entries.map(async (e) => ({ ...e, revision: e.revision && (await contentHash(await readFile(join(dist, e.url)))), group: groups.get(`/${e.url}`) })));
      precache = manifest.map(({ url, group }) => ({ url: `/${url}`, group }));
      return { manifest, warnings: [] };
    }],
  });
  // What each kind of device saves at install, for the whole-install budgets (build/budgets.ts).
  await writeFile(join(dist, PRECACHE_FILE), JSON.stringify(precache));
  if (warnings.length) throw new Error(`workbox: ${warnings.join('; ')}`);
  await rm(swTmp);

  const consoleApp = await buildConsole(dist, common, icon);

  await minifyScripts(dist);
  await compressTree(dist);
  writeBuildStamp(ROOT, dist, [worker.metafile!, languages.metafile!, screensCss.metafile!, app.metafile!, sw.metafile!, consoleApp]);
}

/** Files of public/ that the build names by their content, as esbuild names scripts. */
const HASHED_SHELL_FILES = new Set(['icon.svg', 'manifest.webmanifest']);

const hashedName = (name: string, body: string) => {
  const dot = name.indexOf('.');
  return `${name.slice(0, dot)}-${createHash('sha256').update(body).digest('hex').slice(0, 8).toUpperCase()}${name.slice(dot)}`;
};

/**
 * The icon and the web app manifest under content-hashed names in assets/:
 * the server sends them as immutable, so the worker's install and the
 * browser's own favicon and manifest checks take them from the HTTP cache
 * instead of asking the server again (three round trips of a first visit).
 */
async function writeHashedShellFiles(dist: string): Promise<{ icon: string; manifest: string }> {
  const write = async (name: string, body: string) => {
    const hashed = hashedName(name, body);
    await writeFile(join(dist, 'assets', hashed), body);
    return `/assets/${hashed}`;
  };
  const icon = await write('icon.svg', await readFile(join(ROOT, 'public/icon.svg'), 'utf8'));
  const manifest = await write('manifest.webmanifest', (await readFile(join(ROOT, 'public/manifest.webmanifest'), 'utf8')).replace('{{icon}}', icon));
  return { icon, manifest };
}

/**
 * The L&D console: its own entry, chunks and stylesheet under dist/console/,
 * outside the service worker's precache and sharing no file with the kiosk,
 * so nothing of it ever reaches a kiosk's first render or its worker.
 */
async function buildConsole(dist: string, common: Parameters<typeof build>[0], icon: string): Promise<Metafile> {
  const assets = join(dist, 'console/assets');
  const result = await build({
    ...common, format: 'esm', splitting: true, outdir: assets, entryNames: '[name]-[hash]', chunkNames: 'chunk-[hash]',
    entryPoints: { console: join(ROOT, 'src/console/main.tsx'), 'console-styles': join(ROOT, 'src/console/console.css') },
    jsx: 'automatic', jsxImportSource: 'preact',
  });
  const js = entryOutput(result.metafile!, 'main.tsx');
  const css = entryOutput(result.metafile!, 'console.css');
  const preloads = result.metafile!.outputs[js]!.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path);
  const html = (await readFile(join(ROOT, 'src/console/index.html'), 'utf8'))
    .replace('{{icon}}', icon)
    .replace('{{js}}', publicUrl(dist, js))
    .replace('{{css}}', publicUrl(dist, css))
    .replace('{{preloads}}', preloads.map((p) => `<link rel="modulepreload" href="${publicUrl(dist, p)}">`).join(''))
    .replace(/\n\s*/g, '');
  await writeFile(join(dist, 'console/index.html'), html);
  return result.metafile!;
}

/**
 * The server bundled into one ES module. Packages stay outside it, so every
 * one it imports must be in `dependencies`: the production install is
 * `npm ci --omit=dev`, and a test runs this file with exactly that tree.
 */
export async function buildServer(outDir = defaultPaths().serverDir): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const server = await build({
    absWorkingDir: ROOT, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    // The compile worker is an entry of its own: the server starts it as a thread, by its file name, for every console compile.
    entryPoints: { server: join(ROOT, 'src/server/start.ts'), 'compile-worker': join(ROOT, 'src/server/console/compile-worker.ts') },
    outdir: outDir, metafile: true, logLevel: 'warning',
    // The publisher is its own chunk, loaded only when the console previews or publishes.
    splitting: true, chunkNames: 'chunk-[hash]',
  });
  writeBuildStamp(ROOT, outDir, [server.metafile!]);
}

/**
 * Lazy chunks with a budget of their own (budgets.json path /lazy/<name>):
 * what first using the feature downloads, from the screen that opens it.
 */
const BUDGETED_LAZY = {
  'follow-up': { source: 'follow-up.tsx', openedFrom: 'kiosk-bundle.ts' },
  'usb-files': { source: 'usb-files.tsx', openedFrom: 'kiosk-bundle.ts' },
} as const;
/** String parts only an enrolled kiosk shows (src/app/i18n/parts.ts): kept offline by kiosks alone. */
const KIOSK_STRING_PARTS = new Set(['kiosk', 'transfer']);
export const LAZY_CHUNKS_FILE = '.lazy-chunks.json';
/** The service worker's precache list with each entry's group (src/shared/device-needs.ts, groupNeeded). */
export const PRECACHE_FILE = '.precache.json';

/**
 * Writes, for each budgeted lazy chunk, the files its first use fetches: the
 * chunk and what it imports, less what the first render already loaded.
 */
async function writeLazyChunks(dist: string, meta: Metafile, appJs: string): Promise<void> {
  const closure = (start: string, into?: Set<string>) => reachable(meta, start, { staticOnly: true, into });
  const chunks: Record<string, string[]> = {};
  for (const [name, { source, openedFrom }] of Object.entries(BUDGETED_LAZY)) {
    const loaded = closure(entryOutput(meta, openedFrom), closure(appJs));
    chunks[`/lazy/${name}`] = [...closure(entryOutput(meta, source))].filter((f) => !loaded.has(f)).map((f) => publicUrl(dist, f));
  }
  await writeFile(join(dist, LAZY_CHUNKS_FILE), JSON.stringify(chunks));
}

/**
 * Output files reachable from `start` (added to `into`) through its imports:
 * static ones only (what loads with it), or dynamic ones too (what it may
 * load later), never passing `avoid`.
 */
function reachable(meta: Metafile, start: string, options: { staticOnly?: boolean; avoid?: ReadonlySet<string>; into?: Set<string> } = {}): Set<string> {
  const into = options.into ?? new Set<string>();
  if (options.avoid?.has(start) || into.has(start)) return into;
  into.add(start);
  for (const i of meta.outputs[start]?.imports ?? []) {
    if (!options.staticOnly || i.kind === 'import-statement') reachable(meta, i.path, { ...options, into });
  }
  return into;
}

/** The parts of the app some devices keep and others never download, by the entry file of each and the group its files get. */
const DEVICE_BUNDLES = { kiosk: 'kiosk-bundle.ts', phone: 'phone-bundle.ts', library: 'search-client.ts' } as const;
type DeviceGroup = keyof typeof DEVICE_BUNDLES;

/**
 * Files only one kind of device uses, with its group: the kiosk's screens
 * (kiosk/kiosk-bundle.ts), a linked phone's (phone/phone-bundle.ts) and the
 * search of a device that keeps the whole library (search/search-client.ts),
 * each with what only it imports. A file two of them use is every device's.
 */
function bundleOnly(meta: Metafile, appJs: string): Map<string, DeviceGroup> {
  const bundles = Object.entries(DEVICE_BUNDLES).map(([group, source]) => [group, entryOutput(meta, source)] as [DeviceGroup, string]);
  const everyDevice = reachable(meta, appJs, { avoid: new Set(bundles.map(([, bundle]) => bundle)) });
  const only = new Map<string, DeviceGroup>();
  const shared = new Set<string>();
  for (const [group, bundle] of bundles) {
    for (const file of reachable(meta, bundle)) {
      if (everyDevice.has(file)) continue;
      if (only.has(file)) shared.add(file);
      only.set(file, group);
    }
  }
  for (const file of shared) only.delete(file);
  return only;
}

function entryOutput(meta: Metafile, sourceName: string): string {
  const found = Object.entries(meta.outputs).find(([, o]) => o.entryPoint && basename(o.entryPoint) === sourceName);
  if (!found) throw new Error(`no output for ${sourceName}`);
  return found[0];
}

function publicUrl(dist: string, outputPath: string): string {
  return '/' + relative(dist, join(ROOT, outputPath)).split('\\').join('/');
}

/**
 * A second minification of every script, after esbuild's: terser's passes
 * find what esbuild's single pass leaves (1.3 KiB brotli of a device's
 * first visit, 0.2 KiB of the first render). Scripts are ES modules or
 * esbuild's IIFEs, strict either way, so `module` is safe for both.
 */
async function minifyScripts(dist: string): Promise<void> {
  for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const { code } = await minify(await readFile(file, 'utf8'), { module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
    await writeFile(file, code!);
  }
}

async function compressTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const data = await readFile(file);
    await writeFile(`${file}.br`, brotli(data));
    await writeFile(`${file}.gz`, gzip(data));
  }
}

export async function printSizes(dist: string): Promise<void> {
  const rows: string[] = [];
  for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const [raw, br] = await Promise.all([readFile(file), readFile(`${file}.br`)]);
    rows.push(`  ${relative(dist, file).padEnd(40)} ${formatKiB(raw.length).padStart(11)} ${formatKiB(br.length).padStart(11)} brotli`);
  }
  console.log(`dist/\n${rows.sort().join('\n')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { distDir, serverDir } = defaultPaths();
  await buildAll(distDir);
  await buildServer(serverDir);
  await printSizes(distDir);
  console.log(`${relative(ROOT, serverDir)}/server.js: the server; run it with npm run serve.`);
}
