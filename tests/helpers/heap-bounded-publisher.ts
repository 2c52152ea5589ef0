import { Worker } from 'node:worker_threads';
import type { PublishOutcome } from './publish-worker.ts';

/**
 * The publisher in a worker thread whose whole JavaScript heap is capped at
 * `heapMb`: one publish at a time, and a publish whose peak heap (with the
 * publisher's own code, which the thread holds too) passes the cap ends the
 * thread, so the next call rejects. A peak, not what is left once the garbage
 * is collected.
 */
export async function heapBoundedPublisher(heapMb: number, budgetsFile: string) {
  const entry = new URL('./publish-worker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, {
    eval: true, workerData: { budgetsFile }, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 },
  });
  let failure: Error | null = null;
  let pending: { resolve: (o: PublishOutcome) => void; reject: (e: Error) => void } | null = null;
  const fail = (err: Error) => {
    failure = err;
    pending?.reject(err);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the publisher's thread stopped (exit code ${code})`)));
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.on('message', (outcome: PublishOutcome) => pending?.resolve(outcome));

  return {
    publish(source: string): Promise<PublishOutcome> {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage({ source });
      }).finally(() => { pending = null; }) as Promise<PublishOutcome>;
    },
    async close(): Promise<void> {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
