import { HttpError } from './api/read-body.ts';

export interface BoundedQueueOptions {
  /** Jobs that run at once. */
  concurrency: number;
  /** Jobs that may wait for a turn; one more is refused at once. */
  maxWaiting: number;
  /** What the work is, for the 503's words ("password checks"). */
  what: string;
  /** Seconds the 503 tells the client to wait. */
  retryAfterSeconds: number;
}

/**
 * Slow work (a password hash, a compile) behind a fixed number of slots and a
 * short waiting line. When the line is full the caller gets a 503 with
 * Retry-After at once, so a burst costs the server a refusal each, never a
 * queue that grows with the burst or a thread pool that static files and
 * sync share.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: BoundedQueueOptions) {}

  /** Runs `work` when a slot is free; throws a 503 HttpError, without running it, when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxWaiting) {
        throw new HttpError(503, `The server is busy with ${this.options.what}: try again in ${this.options.retryAfterSeconds} s.`, 'busy', this.options.retryAfterSeconds);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so the count never dips and lets a newcomer jump it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Running and waiting jobs now, for tests and the bench. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
