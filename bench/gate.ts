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
 * How far past the committed run's worst a figure may come before the gate
 * calls it worse, as a share of the committed median. Bytes on the wire are
 * not quite fixed (header dates, when HTTP/2 sends its window updates), and
 * a gate run is one run where the committed one is three, so a figure near
 * its target may land anywhere its committed runs did, and a little beyond.
 * A count does not move at all: one more connection is worse.
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

/** Past the committed run's worst by more than SLACK, in the direction the target points. */
function worse(row: StoredRow, committed: Summary, value: number): boolean {
  const slack = SLACK * Math.abs(committed.median);
  return row.minimum !== undefined ? value < committed.min - slack : value > committed.max + slack;
}

/**
 * Every figure of `now` beside the same figure in `committed`. A deterministic
 * figure fails when it misses its target and is worse than every committed run
 * of it (beyond SLACK), so a figure that met its target cannot move past it,
 * and one that missed cannot get worse; or when the committed run had it and
 * this one does not.
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
        const missedBefore = old && oldValue && misses(old, oldValue.median);
        line.fails = !oldValue || worse(row, oldValue, value.median);
        line.note = !line.fails ? `misses its target (${row.target}), ${missedBefore ? 'as the committed run did' : 'within what the committed runs measured'}`
          : missedBefore ? `missed its target (${row.target}) already, and is now worse` : `moved past its target (${row.target})`;
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
