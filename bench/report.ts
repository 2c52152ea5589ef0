import type { Summary } from './stats.ts';

/** How a figure is counted: milliseconds, bytes, or a plain number. */
export type Unit = 'ms' | 'B' | 'n';

/** One figure of a bench table as bench/results/*.json keeps it: its target and one summary per column. */
export interface StoredRow {
  target: string;
  unit: Unit;
  limit?: number;
  minimum?: number;
  verdict: string;
  /** Bytes, counts or a modelled figure: the same on any machine, so bench:gate holds it to its target (bench/gate.ts). Older results lack it. */
  deterministic?: boolean;
  [column: string]: Summary | string | number | boolean | undefined | null;
}

export interface BenchResult {
  date: string;
  link: { bytesPerSecond: number; rttMs: number };
  runs: number;
  kiosk: Record<string, StoredRow>;
  scale: Record<string, StoredRow>;
  sync: Record<string, StoredRow>;
  /** Each kind of device's whole first visit from its one-time address, and the posters' files (bench/first-visits.ts); older results lack it. */
  devices?: Record<string, StoredRow>;
  /** A 30-person sign-off's modelled times (bench/effort-run.ts), and the operator times assumed; older results lack them. */
  effort?: Record<string, StoredRow>;
  effortAssumptions?: string;
  /** What each kind of import makes of its fixture (bench/import-run.ts); older results lack it. */
  imports?: Record<string, StoredRow>;
  /** The server's TLS choices (bench/tls-run.ts); older results lack it. */
  tls?: Record<string, StoredRow>;
  /** Choices the bench could not measure on its machine, and why. */
  tlsSkipped?: string[];
  durationMs: number;
  /** Headings of each table's value columns, by column key; older results lack it. */
  columns?: Partial<Record<'kiosk' | 'devices' | 'scale' | 'sync' | 'effort' | 'imports' | 'tls', Record<string, string>>>;
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'n') return Number.isInteger(value) || value > 1000 ? String(Math.round(value)) : value.toFixed(1);
  return unit === 'ms' ? `${(value / 1000).toFixed(2)} s` : value >= 1024 * 1024 ? `${(value / 1048576).toFixed(2)} MiB` : `${(value / 1024).toFixed(2)} KiB`;
}

/** A median, with the range when the runs differ. */
export function formatSummary(s: Summary | null | undefined, unit: Unit): string {
  if (!s) return '—';
  const [median, min, max] = [s.median, s.min, s.max].map((v) => formatValue(v, unit));
  return min === max ? median! : `${median} (${min}–${max})`;
}

const META = new Set(['target', 'unit', 'limit', 'minimum', 'verdict', 'deterministic']);

/** A stored row's value columns, in the order the bench wrote them; the last is the one its verdict is for. */
export const valueColumns = (row: StoredRow): string[] => Object.keys(row).filter((k) => !META.has(k));

function table(rows: Record<string, StoredRow>, headings: Record<string, string> | undefined): string[] {
  const first = Object.values(rows)[0];
  if (!first) return [];
  const keys = valueColumns(first);
  const head = ['figure', 'target', ...keys.map((k) => headings?.[k] ?? k), 'verdict'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const [figure, row] of Object.entries(rows)) {
    const cells = keys.map((k) => formatSummary(row[k] as Summary | null | undefined, row.unit));
    lines.push(`| ${[figure, row.target, ...cells, row.verdict || ''].join(' | ')} |`);
  }
  return lines;
}

export const README_START = '<!-- bench:start: written by npm run bench from bench/results/latest.json; do not edit -->';
export const README_END = '<!-- bench:end -->';

/** The README's measured figures, exactly as the last bench run recorded them. */
export function benchSection(result: BenchResult): string {
  const minutes = Math.round(result.durationMs / 60000);
  return [
    README_START,
    `Latest run: ${result.date.slice(0, 10)}, ${result.runs} cold run(s) per protocol (median, with min–max), one shared link of ${result.link.bytesPerSecond} bytes/s each way with ${result.link.rttMs} ms round trips; the bench took about ${minutes} min.`,
    '',
    ...table(result.kiosk, result.columns?.kiosk),
    ...(result.devices ? [
      '',
      "Each kind of device's whole first visit, from its one-time address until it says every module it keeps is saved (HTTPS h2), on the demo site and on the scale run's site, and the posters' files:",
      '',
      ...table(result.devices, result.columns?.devices),
    ] : []),
    '',
    'Scale (HTTPS h2):',
    '',
    ...table(result.scale, result.columns?.scale),
    '',
    'Sync:',
    '',
    ...table(result.sync, result.columns?.sync),
    ...(result.effort ? [
      '',
      `A supervisor signing off a 30-person session (${result.effortAssumptions}):`,
      '',
      ...table(result.effort, result.columns?.effort),
    ] : []),
    ...(result.imports ? [
      '',
      'Imports: the files the tests import (harness/import-files/), as sent, against what kiosks download for the draft each becomes (its quiz, added in the form, is a few hundred bytes more):',
      '',
      ...table(result.imports, result.columns?.imports),
    ] : []),
    ...(result.tls ? [
      '',
      'TLS choices (a new connection with a full handshake, then one that resumes if a ticket allows, through the same link, for the same small page):',
      '',
      ...table(result.tls, result.columns?.tls),
      ...(result.tlsSkipped ?? []).map((why) => `\nNot measured: ${why}.`),
    ] : []),
    README_END,
  ].join('\n');
}

/** The README with its bench section replaced by `section`; throws when the markers are missing. */
export function withBenchSection(readme: string, section: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end < start) throw new Error(`README.md: the bench section's markers are missing (${README_START} … ${README_END})`);
  return readme.slice(0, start) + section + readme.slice(end + README_END.length);
}
