/**
 * A worker thread's whole life: one compile job (a publish into a folder, a
 * file to import as drafts, an image to check), its answer posted
 * back, and the thread ends. The main thread gives it a time and a memory
 * limit and terminates it past either (compile-jobs.ts), so nothing an author
 * sends can hold the event loop that kiosks, sync and content are served from.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CompileAnswer, CompileJob } from './compile-jobs.ts';

async function run(job: CompileJob): Promise<CompileAnswer> {
  const { ImportError } = await import('../../publisher/import-limits.ts');
  try {
    switch (job.kind) {
      case 'publish': {
        const { publish } = await import('../../publisher/publish.ts');
        return { ok: true, value: await publish(job.options) };
      }
      case 'import': {
        const { importFile } = await import('../../publisher/import-file.ts');
        return { ok: true, value: await importFile(job.job) };
      }
      case 'image': {
        const { acceptImage } = await import('../../publisher/image-check.ts');
        return { ok: true, value: acceptImage(job.fileName, job.data, job.imageLimit) };
      }
    }
  } catch (err) {
    return { ok: false, import: err instanceof ImportError, message: (err as Error).message };
  }
}

parentPort!.postMessage(await run(workerData as CompileJob));
