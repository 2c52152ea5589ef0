import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_STAMP = '.build-stamp';

/** Inputs whose change makes dist/ stale. */
const INPUTS = ['src/app', 'src/shared', 'src/sw', 'src/worker', 'public', 'build', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** True when dist/ is missing or older than anything it is built from. */
export function isBuildStale(root: string, dist: string): boolean {
  const stamp = join(dist, BUILD_STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((p) => newestMtime(join(root, p)) > built);
}
