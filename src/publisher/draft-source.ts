import { note, type ImportNote } from '../shared/console/import-report.ts';
import { englishCount } from '../shared/plural.ts';
import { quizLines, type QuestionFields } from '../shared/console/module-form.ts';

/** What every import turns a file into: one draft module's source, the images it shows, and what it says about the file. */
export interface ImportedImage {
  /** Path relative to the module file, as the Markdown names it. */
  path: string;
  data: Uint8Array;
}

export interface ImportedModule {
  source: string;
  images: ImportedImage[];
  notes: ImportNote[];
}

const WORDS_PER_MINUTE = 180;
/** The most a kiosk card shows, and what the front matter allows. */
const MAX_TITLE = 90;
const MAX_SUMMARY = 200;

export interface DraftFields {
  id: string;
  lang: string;
  title: string;
  summary?: string;
  body: string;
  fileName: string;
  /** Questions a package's own quiz data gave, and its mastery score as the pass mark. */
  quiz?: { passMark: number | null; questions: QuestionFields[] };
}

/**
 * A draft's Markdown source: front matter with what the file gave (title,
 * language, minutes from its words) and empty roles, which the form marks
 * "To fill in" with the quiz. A title or summary too long for a kiosk card is
 * cut, and the notes say so.
 */
export function draftSource(fields: DraftFields, notes: ImportNote[]): string {
  let title = fields.title.replace(/\s+/g, ' ').trim();
  if (title.length > MAX_TITLE) {
    notes.push(note('', 'changed', `The title was cut to ${MAX_TITLE} characters, the most a kiosk card shows.`));
    title = title.slice(0, MAX_TITLE).trim();
  }
  const summary = fields.summary?.replace(/\s+/g, ' ').trim().slice(0, MAX_SUMMARY).trim();
  const words = wordCount(fields.body);
  notes.push(note('', 'to-do', fields.quiz?.questions.length
    ? 'Add the roles the module is for, and check the quiz it brought (each question needs its "why"), before it can be published: the form marks what is missing.'
    : 'Add the roles the module is for and a quiz before it can be published: the form marks both.'));
  return [
    '---',
    `id: ${fields.id}`,
    `title: ${JSON.stringify(title)}`,
    ...(summary ? [`summary: ${JSON.stringify(summary)}`] : []),
    `language: ${fields.lang}`,
    'version: 1',
    `minutes: ${Math.min(60, Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)))}`,
    'roles: []',
    ...(fields.quiz ? quizLines(fields.quiz.passMark, fields.quiz.questions) : []),
    `# Imported from ${fields.fileName.replace(/[\r\n]/g, ' ')}. Add a quiz: see any demo module for its shape.`,
    '---',
    '',
    fields.body.trim(),
    '',
  ].join('\n');
}

/**
 * Text from a slide, page or web page as Markdown that says only what it
 * said: every character Markdown would read as markup is escaped, so "5 * 3"
 * or "<b>" arrives as written, never as emphasis or refused HTML.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+-]|\d+[.)])(?=\s|$)/, (_all, space: string, marker: string) => `${space}${marker.replace(/^([#+-])$/, '\\$1').replace(/^(\d+)([.)])$/, '$1\\$2')}`);
}

/** Words in some text or Markdown, what minutes and the report count: pictures and table rules are not words. */
export const wordCount = (text: string): number =>
  text.replace(/!\[[^\]]*\]\([^)]*\)/g, '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** A size as the import notes say it: one decimal under 10 KiB, whole KiB above, MiB from one. */
export const kib = (n: number): string => (n / 1024).toFixed(n < 10 * 1024 ? 1 : 0);
export const fileSize = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${kib(n)} KiB` : englishCount(n, 'byte'));

/** A GFM table of cells already written as Markdown: its first row the header, as a reader takes it; short rows padded. */
export function markdownTable(rows: string[][]): string {
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] || ' ').join(' | ')} |`;
  return [line(rows[0]!), `| ${Array(width).fill('---').join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}
