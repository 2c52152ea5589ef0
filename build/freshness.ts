import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Metafile } from 'esbuild';

export const BUILD_STAMP = '.build-stamp';

/** Inputs no bundler reads but a build depends on: the build scripts, the page template and icons, the locked dependency versions. */
// The language folders too: a new language is new files that nothing imports by name.
const ALWAYS = ['build', 'public', 'package-lock.json', 'src/app/i18n/languages', 'src/console/i18n', 'src/console/index.html'];

interface Stamp {
  builtAt: string;
  /** Every file the build read, relative to the root: what esbuild's metafiles list, and ALWAYS. */
  inputs: string[];
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Records what a build read, from esbuild's own metafiles (paths relative to
 * `root`, esbuild's working directory): an edit anywhere in the import graph,
 * in whatever folder, makes the output stale. Dependencies count through
 * package-lock.json rather than file by file.
 */
export function writeBuildStamp(root: string, outDir: string, metafiles: readonly Metafile[]): void {
  const read = new Set(ALWAYS);
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) if (!input.includes('node_modules/') && !input.includes(':')) read.add(input);
  }
  const stamp: Stamp = { builtAt: new Date().toISOString(), inputs: [...read].sort() };
  writeFileSync(join(outDir, BUILD_STAMP), `${JSON.stringify(stamp, null, 1)}\n`);
}

/** The inputs that changed (or went away) since `outDir` was built; every input when it never was. */
export function changedInputs(root: string, outDir: string): string[] {
  const file = join(outDir, BUILD_STAMP);
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(file, 'utf8')) as Stamp;
  } catch {
    return [relative(root, file)];
  }
  const built = statSync(file).mtimeMs;
  return stamp.inputs.filter((input) => !existsSync(join(root, input)) || newestMtime(join(root, input)) > built);
}

export function isBuildStale(root: string, outDir: string): boolean {
  return changedInputs(root, outDir).length > 0;
}
