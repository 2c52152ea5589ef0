import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { formatDiagnostic } from '../../src/publisher/diagnostics.ts';
import { publish } from '../../src/publisher/publish.ts';

/**
 * The publisher in a thread of its own, for heap-bounded-publisher.ts: one
 * module source in, its diagnostics and the wall time of the publish out.
 */
export interface PublishCase { source: string }
export interface PublishOutcome { ok: boolean; lines: string[]; ms: number }

const { budgetsFile } = workerData as { budgetsFile: string };

parentPort!.on('message', async ({ source }: PublishCase) => {
  const dir = await mkdtemp(join(tmpdir(), 'lowband-fuzz-'));
  try {
    const src = join(dir, 'src');
    await mkdir(src);
    await writeFile(join(src, 'm.md'), source);
    const started = performance.now();
    const result = await publish({ sourceDir: src, outDir: join(dir, 'out'), budgetsFile, cwd: src });
    const outcome: PublishOutcome = { ok: result.ok, lines: result.diagnostics.map(formatDiagnostic), ms: performance.now() - started };
    parentPort!.postMessage(outcome);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
parentPort!.postMessage('ready');
