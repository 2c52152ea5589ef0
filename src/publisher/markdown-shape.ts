import type { Diagnostic } from './diagnostics.ts';
import { MODULE_LIMITS } from '../shared/module-limits.ts';

/**
 * What the Markdown parser is never shown. Its inline and container parsing
 * is superlinear on pathological input: 18 KB of nested emphasis took 8 s,
 * 60 KB over a minute, 20,000 `>` six seconds before the stack gave out. A
 * module within the structure limits never comes near these numbers, so a
 * linear scan of the source refuses the rest, with the line, before the
 * parser starts (the console's compiles and `npm run publish` alike).
 */
export const SHAPE_LIMITS = {
  /** Quote and list markers opening one line, plus two columns of indentation per level: the published depth limit, as the source shows it. */
  maxContainerDepth: MODULE_LIMITS.maxDepth,
  /** Runs of `*` or `_` in one paragraph (text between blank lines), and in the whole body. */
  maxDelimiterRunsPerParagraph: 200,
  maxDelimiterRuns: 2000,
  /** `[` in one paragraph, in the whole body, and open at once. */
  maxBracketsPerParagraph: 200,
  maxBrackets: 2000,
  maxBracketDepth: 16,
} as const;

const FENCE = /^ {0,3}(```|~~~)/;

/** Problems that stop a body before it is parsed, each at its line; empty when the parser may have it. */
export function markdownShapeProblems(file: string, body: string, bodyLine: number): Diagnostic[] {
  const lines = body.split(/\r?\n/);
  const L = SHAPE_LIMITS;
  const problems: Diagnostic[] = [];
  const at = (i: number, message: string) => problems.push({ file, line: bodyLine + i, message });
  let inFence = false;
  let runs = 0;
  let brackets = 0;
  let paragraph = { start: 0, runs: 0, brackets: 0, depth: 0, deepest: 0 };
  const endParagraph = (next: number) => {
    if (paragraph.runs > L.maxDelimiterRunsPerParagraph) at(paragraph.start, `this paragraph has ${paragraph.runs} runs of * or _; the most one paragraph may have is ${L.maxDelimiterRunsPerParagraph}: split it or use less emphasis`);
    if (paragraph.brackets > L.maxBracketsPerParagraph) at(paragraph.start, `this paragraph has ${paragraph.brackets} [ brackets; the most one paragraph may have is ${L.maxBracketsPerParagraph}: split it`);
    if (paragraph.deepest > L.maxBracketDepth) at(paragraph.start, `this paragraph opens ${paragraph.deepest} [ brackets inside each other; the most is ${L.maxBracketDepth}`);
    paragraph = { start: next, runs: 0, brackets: 0, depth: 0, deepest: 0 };
  };

  for (let i = 0; i < lines.length && problems.length < 10; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    if (!line.trim()) {
      endParagraph(i + 1);
      continue;
    }
    const depth = containerDepth(line);
    if (depth > L.maxContainerDepth) at(i, `this line is nested ${depth > 64 ? "more than 64" : depth} levels deep (quotes, lists and indentation); the limit is ${L.maxContainerDepth}: flatten its lists and notes`);
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (ch === '\\') { c++; continue; }
      if (ch === '*' || ch === '_') {
        while (line[c + 1] === ch) c++;
        paragraph.runs++;
        runs++;
      } else if (ch === '[') {
        paragraph.brackets++;
        brackets++;
        paragraph.deepest = Math.max(paragraph.deepest, ++paragraph.depth);
      } else if (ch === ']') {
        paragraph.depth = Math.max(0, paragraph.depth - 1);
      }
    }
  }
  endParagraph(lines.length);
  if (runs > L.maxDelimiterRuns) at(0, `the module has ${runs} runs of * or _; the most is ${L.maxDelimiterRuns}: use less emphasis or split the module`);
  if (brackets > L.maxBrackets) at(0, `the module has ${brackets} [ brackets; the most is ${L.maxBrackets}: split the module`);
  return problems;
}

/** Levels a line opens: each `>` or list marker at its start, and every two columns it is indented. */
function containerDepth(line: string): number {
  let columns = 0;
  let i = 0;
  for (; i < line.length && (line[i] === ' ' || line[i] === '\t'); i++) columns += line[i] === '\t' ? 4 : 1;
  let depth = Math.floor(columns / 2);
  for (;;) {
    const rest = line.slice(i, i + 12);
    const marker = /^(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*/.exec(rest);
    if (!marker || depth > 64) return depth;
    depth++;
    i += marker[0].length;
  }
}
