import { HttpError } from '../api/read-body.ts';

/**
 * At most `max` pieces of slow work at once for the whole server; one more
 * is refused at once with a 429, checked and counted in the same tick, so a
 * burst gets `max` answers and refusals, never a queue that grows.
 */
export class WorkLimit {
  private running = 0;

  constructor(private readonly max: number, private readonly busy: string) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) throw new HttpError(429, this.busy, 'busy', 2);
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
    }
  }
}
