import { Document, Packer, Paragraph } from 'docx';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { ROOT } from '../../src/node/paths.ts';
import { CompileLimitError, compileRunner, COMPILE_LIMITS } from '../../src/server/console/compile-jobs.ts';
import { HttpError } from '../../src/server/api/read-body.ts';

const out = await mkdtemp(join(tmpdir(), 'lowband-compile-jobs-'));
afterAll(() => rm(out, { recursive: true, force: true }));
const publishJob = (outDir: string) => ({ kind: 'publish' as const, options: { sourceDir: FIXTURE_COURSE, outDir, budgetsFile: join(ROOT, 'budgets.json') } });

/** A real worker thread each time: these tests start several, so they get a time budget of their own. */
describe('compile jobs in a worker thread', { timeout: 60_000 }, () => {
  it('publishes off the main thread and answers as the publisher would', async () => {
    const result = await compileRunner().run(publishJob(join(out, 'ok')));
    expect(result.ok).toBe(true);
    expect(result.catalog!.modules.length).toBeGreaterThan(3);
  });

  it('terminates a job past its time limit and says so in words', async () => {
    // No worker starts and loads the publisher within a millisecond, however fast the machine.
    await expect(compileRunner({ ...COMPILE_LIMITS, timeMs: 1 }).run(publishJob(join(out, 'late')))).rejects.toThrow(/^too complex to compile in 0\.001 s/);
  });

  it('ends a job that needs more memory than its limit, and the process goes on', async () => {
    // Mammoth holds a document's whole XML tree: tens of thousands of paragraphs do not fit in 16 MiB of heap.
    const doc = new Document({ sections: [{ children: Array.from({ length: 20_000 }, (_, i) => new Paragraph(`Paragraph ${i}: lock it, tag it, try it.`)) }] });
    const data = new Uint8Array(await Packer.toBuffer(doc));
    const run = compileRunner({ ...COMPILE_LIMITS, memoryMb: 16 }).run({ kind: 'import', job: { format: 'docx', data, fileName: 'big.docx', draft: { name: 'big.md', id: 'big' }, lang: 'en', imageLimit: 1024, speakerNotes: false } });
    await expect(run).rejects.toThrow(CompileLimitError);
    await expect(run).rejects.toThrow(/too large to compile in 16 MiB of memory/);
  });

  it('runs one job at a time with a short line, and refuses past it at once', async () => {
    const runner = compileRunner();
    const jobs = Array.from({ length: 7 }, (_, i) => runner.run(publishJob(join(out, `line-${i}`))).then(() => 'done', (err: HttpError) => err.status));
    expect(runner.load).toEqual({ running: 1, waiting: 4 });
    expect(await Promise.all(jobs)).toEqual(['done', 'done', 'done', 'done', 'done', 503, 503]);
  });
});
