import { describe, expect, it } from 'vitest';
import { QUIET_FAILURES, retryDelayMs } from '../../src/app/services/content-retry.ts';

describe('retrying to save content', () => {
  it('retries soon after a first failure, then less often, never less than every ten minutes', () => {
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(2)).toBe(20_000);
    expect(retryDelayMs(3)).toBe(80_000);
    expect(retryDelayMs(50)).toBe(600_000);
    for (let n = 1; n < 20; n++) expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
  });

  it('says nothing about the first failures: the next try usually fixes them', () => {
    expect(QUIET_FAILURES).toBeGreaterThan(1);
    // The page says so within two minutes of the first failure while online.
    const untilShown = Array.from({ length: QUIET_FAILURES - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(untilShown).toBeLessThan(120_000);
  });
});
