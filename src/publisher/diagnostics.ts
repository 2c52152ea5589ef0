import type { Diagnostic } from '../shared/console/content.ts';

/** A problem in a source file, reported as `file:line: message`. */
export type { Diagnostic };

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${d.message}`;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}
