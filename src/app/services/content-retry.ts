/**
 * How the page retries saving content after the worker's run failed. A run
 * fails for reasons the next one fixes (the line came back a moment before
 * its requests could pass, a request cut off mid-way), so a failure is
 * retried quietly, sooner at first and then less often, and the page says
 * so only once several in a row have failed while online.
 */

/** Failed runs in a row, online, before the page says saving keeps failing. */
export const QUIET_FAILURES = 3;

const FIRST_RETRY_MS = 5_000;
const LAST_RETRY_MS = 10 * 60_000;

/** The wait before the next try after `failures` failed runs in a row (1, 2, …): 5 s, 20 s, 80 s, … at most 10 min. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 4 ** Math.max(0, failures - 1), LAST_RETRY_MS);
}
