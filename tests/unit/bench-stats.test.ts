import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/stats.ts';

describe('bench statistics', () => {
  it('reports the median with min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: [3, 1, 2] });
    expect(summarize([4, 1, 2, 3]).median).toBe(2.5);
  });
});
