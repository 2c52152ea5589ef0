import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/node/paths.ts';
import type { SignoffEffort } from './effort-model.ts';

/**
 * A 30-person sign-off's modelled times, from the e2e test that performs it
 * in Chromium against the real server (tests/e2e/signoff.test.ts): the test
 * counts a supervisor's steps as it goes and hands their seconds over in a
 * file. Steps, not a stopwatch: the figures do not depend on this machine.
 */
export async function measureSignoffEffort(): Promise<SignoffEffort> {
  const dir = await mkdtemp(join(tmpdir(), 'lowband-effort-'));
  const file = join(dir, 'effort.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e', 'tests/e2e/signoff.test.ts'], {
        cwd: ROOT, env: { ...process.env, SIGNOFF_EFFORT_FILE: file }, stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`tests/e2e/signoff.test.ts failed (exit ${code}): the sign-off times cannot be measured`);
    return JSON.parse(await readFile(file, 'utf8')) as SignoffEffort;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
