import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { PublishOptions, PublishResult } from '../../publisher/publish.ts';
import type { ImportJob, ImportResult } from '../../publisher/import-file.ts';
import type { AcceptedImage } from '../../publisher/image-check.ts';
import { BoundedQueue } from '../bounded-queue.ts';

/** The jobs a compile worker takes: see compile-worker.ts. */
export type CompileJob =
  | { kind: 'publish'; options: PublishOptions }
  | { kind: 'import'; job: ImportJob }
  | { kind: 'image'; data: Uint8Array; fileName: string; imageLimit: number };

type Values = { publish: PublishResult; import: ImportResult; image: AcceptedImage };
type Value<K extends CompileJob['kind']> = Values[K];

export type CompileAnswer =
  | { ok: true; value: Values[keyof Values] }
  | { ok: false; import: boolean; message: string };

export interface CompileLimits {
  /** Wall-clock time one job may take before its thread is terminated. */
  timeMs: number;
  /** The worker's JavaScript heap; past it the thread dies, the server does not. */
  memoryMb: number;
}

/**
 * A whole-catalog publish of the demo course takes about a second; ten is
 * generous for a real one and still "seconds, not minutes" for a hostile
 * draft. 128 MiB of heap reads a 2 MiB document.xml (import-limits.ts). An
 * upload's bytes and the images sharp decodes live outside the heap: their
 * own caps bound them (MAX_IMPORT_BYTES, image-fit.ts's MAX_INPUT_PIXELS).
 */
export const COMPILE_LIMITS: CompileLimits = { timeMs: 10_000, memoryMb: 128 };

/** Why a job did not finish: it ran out of time or memory, in words for its author. */
export class CompileLimitError extends Error {}

/** The job's own failure (a damaged archive, say), as the publisher or importer worded it. */
export class CompileJobError extends Error {
  constructor(message: string, readonly fromImport: boolean) {
    super(message);
  }
}

/**
 * The worker: beside the bundled server in dist-server/, where esbuild puts it
 * as an entry of its own; or, run from the sources (tests, `tsx`), the
 * TypeScript file beside this one, loaded through tsx's hooks registered in
 * the new thread first (Node 20 does not pass `--import tsx` on to a worker's entry).
 */
function newWorker(options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./compile-worker.js', import.meta.url), options);
  const entry = new URL('./compile-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
}

/**
 * Runs compile jobs one at a time in a fresh worker thread each, with a
 * short line behind it (a 503 with Retry-After past it), a time limit and a
 * heap limit. A fresh thread per job: whatever one job did to its heap, the
 * next starts clean, and terminating one never leaves shared state behind.
 */
export function compileRunner(limits: CompileLimits = COMPILE_LIMITS) {
  const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 4, what: 'compiling modules', retryAfterSeconds: 5 });

  function inWorker(job: CompileJob): Promise<CompileAnswer> {
    return new Promise((resolve, reject) => {
      const worker = newWorker({
        workerData: job,
        // An upload of tens of MiB moves to the worker rather than being copied.
        transferList: job.kind === 'import' ? [job.job.data.buffer as ArrayBuffer] : [],
        resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
        stdout: false, stderr: false,
      });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        fn();
      };
      const timer = setTimeout(() => settle(() => reject(new CompileLimitError(`too complex to compile in ${limits.timeMs / 1000} s: split it into smaller modules or simplify it`))), limits.timeMs);
      worker.once('message', (answer: CompileAnswer) => settle(() => resolve(answer)));
      worker.once('error', (err: Error & { code?: string }) => settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new CompileLimitError(`too large to compile in ${limits.memoryMb} MiB of memory: split it into smaller modules`)
        : err)));
      worker.once('exit', (code) => settle(() => reject(new Error(`the compile worker stopped (exit code ${code}) without an answer`))));
    });
  }

  return {
    /** Runs one job off the main thread; throws CompileLimitError past the limits, CompileJobError for the job's own failure, a 503 when the line is full. */
    async run<K extends CompileJob['kind']>(job: Extract<CompileJob, { kind: K }>): Promise<Value<K>> {
      const answer = await queue.run(() => inWorker(job));
      if (!answer.ok) throw new CompileJobError(answer.message, answer.import);
      return answer.value as Value<K>;
    },
    get load() {
      return queue.load;
    },
  };
}

export type CompileRunner = ReturnType<typeof compileRunner>;
