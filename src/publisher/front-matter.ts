import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import * as v from 'valibot';
import { FRONT_MATTER_KEYS, FrontMatterSchema, type FrontMatter } from './front-matter-schema.ts';
import type { Diagnostic } from './diagnostics.ts';
import { invisibleIn } from '../shared/text-hygiene.ts';
import { isCalendarDate } from '../shared/calendar-date.ts';
import type { SplitSource } from '../shared/console/module-form.ts';

export interface ParsedFrontMatter {
  data: FrontMatter | null;
  /** The quiz alone, when it is valid even though other keys are not, so its answers can still be checked. */
  quiz: FrontMatter['quiz'] | null;
  /** The front matter as YAML read it, before the schema: what the console's form shows; null when YAML could not read it. */
  raw: unknown;
  /** Line in the file of any key path, for checks that run after the schema. */
  lineOf(path: readonly (string | number)[]): number;
  diagnostics: Diagnostic[];
}

export function parseFrontMatter(file: string, split: SplitSource): ParsedFrontMatter {
  const counter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const toFileLine = (offset: number) => counter.linePos(offset).line + split.yamlLine - 1;
  const lineOf = (path: readonly (string | number)[]) => lineOfPath(doc, path, toFileLine, split.yamlLine - 1);

  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    file,
    line: toFileLine(e.pos[0]),
    message: `front matter is not valid YAML: ${e.message.split('\n')[0]}`,
  }));
  if (diagnostics.length) return { data: null, quiz: null, raw: null, lineOf, diagnostics };

  // Every string an author wrote, wherever it sits: ids, titles, choices and answers are compared and shown as they are.
  visit(doc, {
    Scalar(_key, node) {
      const problem = typeof node.value === 'string' ? invisibleIn(node.value) : null;
      if (problem) diagnostics.push({ file, line: node.range ? toFileLine(node.range[0]) : split.yamlLine, message: `front matter ${problem}` });
    },
  });
  if (diagnostics.length) return { data: null, quiz: null, raw: null, lineOf, diagnostics };

  let raw: unknown;
  try {
    // A few aliases are fine; a "billion laughs" expansion is not.
    raw = doc.toJS({ maxAliasCount: 20 }) ?? {};
  } catch (err) {
    return { data: null, quiz: null, raw: null, lineOf, diagnostics: [{ file, line: split.yamlLine, message: `front matter could not be read: ${(err as Error).message.split('\n')[0]}` }] };
  }
  const result = v.safeParse(FrontMatterSchema, raw);
  if (result.success) {
    const { version } = result.output;
    if (typeof version === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(version) && !isCalendarDate(version)) {
      return { data: null, quiz: null, raw, lineOf, diagnostics: [{ file, line: lineOf(['version']), message: `version "${version}" is not a real calendar date` }] };
    }
    return { data: result.output, quiz: result.output.quiz, raw, lineOf, diagnostics };
  }
  const quiz = v.safeParse(FrontMatterSchema.entries.quiz, (raw as { quiz?: unknown }).quiz);
  for (const issue of result.issues) {
    const path = (issue.path ?? []).map((p) => p.key as string | number);
    diagnostics.push({ file, line: lineOf(path), message: describeIssue(path, issue) });
  }
  return { data: null, quiz: quiz.success ? quiz.output : null, raw, lineOf, diagnostics };
}

function describeIssue(path: (string | number)[], issue: v.BaseIssue<unknown>): string {
  const where = path.map((p) => (typeof p === 'number' ? `[${p + 1}]` : `.${p}`)).join('').replace(/^\./, '');
  const key = path.at(-1);
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return `unknown front-matter key "${String(key)}"${path.length === 1 ? ` (allowed: ${FRONT_MATTER_KEYS.join(', ')})` : ''}`;
  }
  if (issue.type === 'strict_object' && issue.received === 'undefined') return `missing front-matter key "${where}"`;
  return `${where || 'front matter'} ${issue.message}`;
}

/** The file line of the deepest node that exists along `path`, pointing at the key of an unknown entry. */
function lineOfPath(doc: Document, path: readonly (string | number)[], toFileLine: (o: number) => number, fallback: number): number {
  let node: unknown = doc.contents;
  let line = fallback + 1;
  for (const key of path) {
    if (!node || typeof node !== 'object' || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    const found = isMap(node)
      ? items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key)
      : items[key as number];
    if (!found) break;
    const target = isPair(found) ? found.key : found;
    const range = (target as YamlNode | undefined)?.range;
    if (range) line = toFileLine(range[0]);
    node = isPair(found) ? found.value : found;
  }
  return line;
}
