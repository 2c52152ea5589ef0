import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchSection, README_END, README_START, withBenchSection, type BenchResult } from '../../bench/report.ts';
import { ROOT } from '../../src/node/paths.ts';

describe('the README\'s performance figures', () => {
  it('are exactly the last committed bench run\'s (npm run bench writes both)', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const latest = JSON.parse(await readFile(join(ROOT, 'bench/results/latest.json'), 'utf8')) as BenchResult;
    const start = readme.indexOf(README_START);
    expect(start).toBeGreaterThan(-1);
    expect(readme.slice(start, readme.indexOf(README_END) + README_END.length)).toBe(benchSection(latest));
  });

  it('are replaced whole by the next run, and a README without the markers is refused by name', () => {
    const result: BenchResult = {
      date: '2026-12-04T00:00:00.000Z', link: { bytesPerSecond: 8000, rttMs: 500 }, runs: 1, durationMs: 60_000,
      kiosk: { 'cold: every module saved': { target: '≤ 10 s', unit: 'ms', limit: 10_000, verdict: 'meets target', http1: { median: 9000, min: 9000, max: 9000, runs: [9000] } } },
      scale: {}, sync: {},
    };
    const before = `intro\n${README_START}\nold figures\n${README_END}\nafter\n`;
    const after = withBenchSection(before, benchSection(result));
    expect(after).toContain('| cold: every module saved | ≤ 10 s | 9.00 s | meets target |');
    expect(after).not.toContain('old figures');
    expect(after.startsWith('intro\n') && after.endsWith('\nafter\n')).toBe(true);
    expect(() => withBenchSection('no markers', 'x')).toThrow(/README.md: the bench section's markers are missing/);
  });
});
