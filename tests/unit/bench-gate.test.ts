import { describe, expect, it } from 'vitest';
import { formatGate, gate } from '../../bench/gate.ts';
import type { BenchResult, StoredRow } from '../../bench/report.ts';
import { summarize } from '../../bench/stats.ts';

/** A stored row as bench/run.ts writes one: its verdict column is the last. */
function row(values: number[], extra: Partial<StoredRow> = {}): StoredRow {
  return { target: extra.limit === undefined ? '—' : `≤ ${extra.limit}`, unit: 'B', verdict: '', ...extra, 'https-h2': summarize(values) };
}

function result(kiosk: Record<string, StoredRow>, sync: Record<string, StoredRow> = {}): BenchResult {
  return { date: '2026-12-05T10:00:00.000Z', link: { bytesPerSecond: 8000, rttMs: 500 }, runs: 1, durationMs: 1, kiosk, scale: {}, sync };
}

const failing = (committed: BenchResult, now: BenchResult) => gate(committed, now).filter((l) => l.fails).map((l) => `${l.figure}: ${l.note}`);

describe('the bench gate', () => {
  it('fails a deterministic figure that met its target and now misses it, by a byte', () => {
    const committed = result({ 'bytes until saved': row([59_000], { limit: 61_440, deterministic: true }) });
    expect(failing(committed, result({ 'bytes until saved': row([61_440], { limit: 61_440, deterministic: true }) }))).toEqual([]);
    expect(failing(committed, result({ 'bytes until saved': row([61_441], { limit: 61_440, deterministic: true }) }))).toEqual(['bytes until saved: moved past its target (≤ 61440)']);
  });

  it('lets one run land where the committed runs did, even past the target their median met', () => {
    // Bytes up until saved: the committed median 5,930 B meets 6 KiB (6,144 B), one of its runs did not (6,160 B). 1 % of the median is 59 B.
    const up = (values: number[]) => result({ up: row(values, { limit: 6144, deterministic: true }) });
    const committed = up([5900, 5930, 6160]);
    expect(gate(committed, up([6219])).map((l) => [l.fails, l.note])).toEqual([[false, 'misses its target (≤ 6144), within what the committed runs measured']]);
    expect(failing(committed, up([6220]))).toEqual(['up: moved past its target (≤ 6144)']);
  });

  it('reports a timing past its target beside the committed value, and never fails on it', () => {
    const committed = result({ 'every module saved': row([9_500], { unit: 'ms', limit: 10_000 }) });
    const lines = gate(committed, result({ 'every module saved': row([14_000], { unit: 'ms', limit: 10_000 }) }));
    expect(lines).toEqual([{ table: 'kiosk', figure: 'every module saved', deterministic: false, committed: '9.50 s', now: '14.00 s', note: '', fails: false }]);
    expect(formatGate(lines)).toMatch(/reported only\n.*\nkiosk: every module saved +9\.50 s +14\.00 s/);
  });

  it('lets a figure that already missed stay as it was, within its committed runs and 1 %, and fails it when worse', () => {
    // The phone's 46.71 KiB against half a kiosk's 92.44: missed in the committed run. 1 % of 47,831 B is 478 B.
    const phone = (bytes: number, kiosk = 94_658) => result({ phone: row([bytes], { limit: kiosk / 2, deterministic: true }) });
    const committed = phone(47_831);
    expect(failing(committed, phone(47_831 + 478))).toEqual([]);
    expect(gate(committed, phone(47_831)).map((l) => l.note)).toEqual(['misses its target (≤ 47329), as the committed run did']);
    expect(failing(committed, phone(47_831 + 479))).toEqual(['phone: missed its target (≤ 47329) already, and is now worse']);
    // A count has no slack: two connections where one is the target may not become three.
    const connections = (n: number) => result({ connections: row([n], { unit: 'n', limit: 1, deterministic: true }) });
    expect(failing(connections(2), connections(2))).toEqual([]);
    expect(failing(connections(2), connections(3))).toEqual(['connections: missed its target (≤ 1) already, and is now worse']);
    // Bytes that varied between the committed runs may vary as much again: up to the worst of them, and 1 % of their median.
    const up = (values: number[]) => result({ up: row(values, { limit: 100, deterministic: true }) });
    expect(failing(up([200, 200, 230]), up([232]))).toEqual([]);
    expect(failing(up([200, 200, 230]), up([233]))).toEqual(['up: missed its target (≤ 100) already, and is now worse']);
  });

  it('reads the verdict column, the last, as the README\'s verdict does', () => {
    const twoColumns = (http1: number, h2: number): StoredRow => ({ target: '1', unit: 'n', limit: 1, verdict: '', deterministic: true, http1: summarize([http1]), 'https-h2': summarize([h2]) });
    expect(failing(result({ c: twoColumns(6, 1) }), result({ c: twoColumns(6, 1) }))).toEqual([]);
    expect(failing(result({ c: twoColumns(1, 1) }), result({ c: twoColumns(1, 2) }))).toEqual(['c: moved past its target (1)']);
  });

  it('fails when a deterministic figure the committed run had is no longer measured, and says so for a new one', () => {
    const committed = result({}, { 'bytes per completion': row([50.6], { unit: 'n', limit: 60, deterministic: true }), ingest: row([10_000], { unit: 'n' }) });
    const now = result({ 'new figure': row([10], { deterministic: true }) });
    const lines = gate(committed, now);
    expect(lines.filter((l) => l.fails)).toEqual([{ table: 'sync', figure: 'bytes per completion', deterministic: true, committed: '50.6', now: '—', note: 'no longer measured', fails: true }]);
    expect(lines.find((l) => l.figure === 'new figure')).toMatchObject({ committed: '—', now: '0.01 KiB', fails: false });
    expect(formatGate(lines)).toContain('bench gate: 1 figure failed:\n  sync: bytes per completion: 50.6 → —: no longer measured');
    expect(formatGate(gate(committed, committed))).toMatch(/bench gate: passed$/);
  });
});
