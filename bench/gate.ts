/**
 * The bench's regression gate (npm run bench:gate, in CI): a fresh run set
 * beside the last committed one (bench/results/latest.json). Only figures a
 * row marks deterministic can fail it: bytes, requests, connections and the
 * modelled sign-off, which are the same on any machine. Timings, heap and
 * throughput depend on the machine and what else it runs, so they are
 * printed beside their committed values and never decide.
 */
import type { Summary } from './stats.ts';
import { formatSummary, valueColumns, type BenchResult, type StoredRow } from './report.ts';

export const TABLES = ['kiosk', 'devices', 'scale', 'sync', 'effort', 'imports', 'tls'] as const;

/**
 * How far a figure that already missed its target in the committed run may
 * move before the gate calls it worse: 1 % of its committed median, or the
 * spread its committed runs showed, whichever is more. Bytes on the wire move
 * by a few bytes between runs (header dates, TLS record padding); a count
 * does not move at all, so any increase of one is worse.
 */
const SLACK = 0.01;

export interface GateLine {
  table: string;
  figure: string;
  deterministic: boolean;
  committed: string;
  now: string;
  /** Empty when the figure is within its target, or has none; else why it fails or is allowed. */
  note: string;
  fails: boolean;
}

/** The verdict column's summary: the row's last value column, as verdictOf in bench/run.ts reads it. */
function verdictValue(row: StoredRow): Summary | null {
  const last = valueColumns(row).at(-1);
  return last === undefined ? null : ((row[last] as Summary | null | undefined) ?? null);
}

function misses(row: StoredRow, value: number): boolean {
  if (row.minimum !== undefined) return value < row.minimum;
  if (row.limit !== undefined) return value > row.limit;
  return false;
}

/** Worse by more than the committed run's slack (SLACK), in the direction the target points. */
function worse(row: StoredRow, committed: Summary, value: number): boolean {
  const slack = Math.max(SLACK * Math.abs(committed.median), committed.max - committed.min);
  return row.minimum !== undefined ? value < committed.median - slack : value > committed.median + slack;
}

/**
 * Every figure of `now` beside the same figure in `committed`. A deterministic
 * figure fails when it misses its target and the committed run met it, when
 * it already missed there and is now worse, or when the committed run had it
 * and this one does not.
 */
export function gate(committed: BenchResult, now: BenchResult): GateLine[] {
  const lines: GateLine[] = [];
  for (const table of TABLES) {
    const before = committed[table] ?? {};
    const after = now[table] ?? {};
    for (const [figure, row] of Object.entries(after)) {
      const deterministic = row.deterministic === true;
      const old = before[figure];
      const value = verdictValue(row);
      const oldValue = old ? verdictValue(old) : null;
      const line: GateLine = {
        table, figure, deterministic, committed: oldValue ? formatSummary(oldValue, row.unit) : '—', now: value ? formatSummary(value, row.unit) : '—', note: '', fails: false,
      };
      if (deterministic && value && misses(row, value.median)) {
        if (!old || !oldValue || !misses(old, oldValue.median)) {
          line.note = `moved past its target (${row.target})`;
          line.fails = true;
        } else if (worse(row, oldValue, value.median)) {
          line.note = `missed its target (${row.target}) already, and is now worse`;
          line.fails = true;
        } else line.note = `misses its target (${row.target}), as the committed run did`;
      }
      lines.push(line);
    }
    for (const [figure, old] of Object.entries(before)) {
      if (old.deterministic !== true || figure in after) continue;
      lines.push({ table, figure, deterministic: true, committed: formatSummary(verdictValue(old), old.unit), now: '—', note: 'no longer measured', fails: true });
    }
  }
  return lines;
}

/** The gate's report as a terminal reads it: deterministic figures first, then the timings. */
export function formatGate(lines: readonly GateLine[]): string {
  const row = (l: GateLine) => `${`${l.table}: ${l.figure}`.slice(0, 90).padEnd(90)} ${l.committed.padEnd(28)} ${l.now.padEnd(28)} ${l.fails ? 'FAILS: ' : ''}${l.note}`;
  const head = `${'figure'.padEnd(90)} ${'committed'.padEnd(28)} ${'this run'.padEnd(28)} gate`;
  const failing = lines.filter((l) => l.fails);
  return [
    'Deterministic figures (bytes, requests, connections, the modelled sign-off): gated against their targets',
    head, ...lines.filter((l) => l.deterministic).map(row),
    '',
    'Timings, heap and throughput: this machine against the committed run, reported only',
    head, ...lines.filter((l) => !l.deterministic).map(row),
    '',
    failing.length === 0 ? 'bench gate: passed' : `bench gate: ${failing.length} figure${failing.length === 1 ? '' : 's'} failed:\n${failing.map((l) => `  ${l.table}: ${l.figure}: ${l.committed} → ${l.now}: ${l.note}`).join('\n')}`,
  ].join('\n');
}
