import { stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAll } from '../../build/build.ts';
import { changedInputs } from '../../build/freshness.ts';
import { ROOT } from '../../src/node/paths.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

/** Moves a source file's mtime past the build for the length of `check`, then puts it back. */
async function editedLater<T>(file: string, check: () => T): Promise<T> {
  const path = join(ROOT, file);
  const before = await stat(path);
  await utimes(path, before.atime, new Date(Date.now() + 60_000));
  try {
    return check();
  } finally {
    await utimes(path, before.atime, before.mtime);
  }
}

describe('build freshness', () => {
  it('comes from what esbuild read: an edit in src/device or src/shared makes dist/ stale, an unrelated file does not', async () => {
    const dist = await tempDir();
    expect(changedInputs(ROOT, dist)).toHaveLength(1); // never built: the missing stamp
    await buildAll(dist);
    expect(changedInputs(ROOT, dist)).toEqual([]);
    expect(await editedLater('src/device/outbox-store.ts', () => changedInputs(ROOT, dist))).toEqual(['src/device/outbox-store.ts']);
    expect(await editedLater('src/shared/module-limits.ts', () => changedInputs(ROOT, dist))).toEqual(['src/shared/module-limits.ts']);
    // The publisher is not part of the app: editing it rebuilds nothing.
    expect(await editedLater('src/publisher/markdown.ts', () => changedInputs(ROOT, dist))).toEqual([]);
    expect(changedInputs(ROOT, dist)).toEqual([]);
  }, 60_000);
});
