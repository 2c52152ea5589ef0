import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publish } from '../../src/publisher/publish.ts';
import { createAppServer } from '../../src/server/app-server.ts';
import { ROOT } from '../../src/node/paths.ts';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';

/**
 * Vitest's global setup for the browser tests: the fixture course published
 * and served by the real server, which the test page reaches at /content/
 * through the Vite proxy (vitest.config.ts). Nothing about content is faked
 * for the code under test: real fetches, real streams, real Cache Storage.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'lowband-browser-'));
  const content = join(dir, 'published');
  const result = await publish({ sourceDir: FIXTURE_COURSE, outDir: content, budgetsFile: join(ROOT, 'budgets.json') });
  if (!result.ok) throw new Error('the fixture course did not publish');
  const server: Server = createAppServer({ distDir: '/nonexistent', contentDir: content });
  // vitest.config.ts chose the port: Vite's proxy needs it before this runs.
  const port = Number(process.env.BROWSER_CONTENT_PORT);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  };
}
