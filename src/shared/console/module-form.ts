/**
 * A module source as the console's form edits it, and back: the form fills
 * these fields from the front matter the publisher parsed (whatever of it
 * could be read), and every change in the form writes the whole source
 * again, in the one shape an author would write by hand. The Markdown
 * stays the truth: the publisher reads what this writes, and an author may
 * still edit the source directly.
 */

export interface QuestionFields {
  question: string;
  choices: string[];
  /** The right choices, written out as in `choices`: one for a single answer, more for "all that apply". */
  answer: string[];
  explanation: string;
}

export interface ModuleFields {
  id: string;
  title: string;
  summary: string;
  language: string;
  version: string;
  /** null while the author has not said. */
  minutes: number | null;
  roles: string[];
  passMark: number | null;
  questions: QuestionFields[];
  /** Only for spaced follow-ups: the same facts asked another way. */
  followUp: QuestionFields[];
  /** The Markdown after the front matter and the blank line under it. */
  body: string;
}

export interface SplitSource {
  yaml: string;
  /** 1-based line of the first YAML line in the file. */
  yamlLine: number;
  body: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
}

/** Splits `---`-fenced YAML front matter from the Markdown body; null when the source has none. */
export function splitFrontMatter(source: string): SplitSource | null {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return null;
  const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (end === -1) return null;
  return { yaml: lines.slice(1, end).join('\n'), yamlLine: 2, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}

const text = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '');
const texts = (x: unknown): string[] => (Array.isArray(x) ? x.map(text) : typeof x === 'string' && x ? [x] : []);
const count = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const record = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

function questionsFrom(x: unknown): QuestionFields[] {
  return (Array.isArray(x) ? x : []).map((q) => {
    const r = record(q);
    return { question: text(r.question), choices: texts(r.choices), answer: texts(r.answer), explanation: text(r.explanation) };
  });
}

/** The form's fields from front matter as parsed (any shape: what is missing or of the wrong kind comes back empty). */
export function fieldsFrom(frontMatter: unknown, body: string): ModuleFields {
  const fm = record(frontMatter);
  const quiz = record(fm.quiz);
  return {
    id: text(fm.id),
    title: text(fm.title),
    summary: text(fm.summary),
    language: text(fm.language),
    version: text(fm.version),
    minutes: count(fm.minutes),
    roles: texts(fm.roles),
    passMark: count(quiz.passMark),
    questions: questionsFrom(quiz.questions),
    followUp: questionsFrom(fm.followUp),
    // The blank line after the front matter is the source's, not the author's text.
    body: body.replace(/^(\r?\n)+/, ''),
  };
}

/** A YAML scalar that reads back as exactly this text: JSON's double-quoted strings are YAML's too. */
const quoted = (s: string) => JSON.stringify(s);
/** Plain where a slug or a language code cannot be misread, so the source reads as an author would write it. */
const plain = (s: string) => (/^[a-z0-9]+(?:-[a-z0-9A-Z]+)*$/.test(s) && !/^\d+$/.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) ? s : quoted(s));
const list = (items: string[], show: (s: string) => string) => `[${items.map(show).join(', ')}]`;

function questionLines(q: QuestionFields, indent: string): string[] {
  return [
    `${indent}- question: ${quoted(q.question)}`,
    `${indent}  choices: ${list(q.choices, quoted)}`,
    `${indent}  answer: ${q.answer.length === 1 ? quoted(q.answer[0]!) : list(q.answer, quoted)}`,
    `${indent}  explanation: ${quoted(q.explanation)}`,
  ];
}

/** The front matter's quiz, as the form writes it (and an import that found questions). */
export function quizLines(passMark: number | null, questions: QuestionFields[]): string[] {
  return ['quiz:', ...(passMark !== null ? [`  passMark: ${passMark}`] : []), questions.length ? '  questions:' : '  questions: []', ...questions.flatMap((q) => questionLines(q, '    '))];
}

/**
 * The Markdown source for these fields. A field left empty is left out (or
 * written empty), so the publisher names it at its line; a version that is a
 * plain number stays a number.
 */
export function sourceFrom(f: ModuleFields): string {
  const lines = ['---', `id: ${plain(f.id)}`, `title: ${quoted(f.title)}`];
  if (f.summary.trim()) lines.push(`summary: ${quoted(f.summary)}`);
  lines.push(`language: ${plain(f.language)}`);
  lines.push(`version: ${/^\d{1,9}$/.test(f.version) ? f.version : quoted(f.version)}`);
  if (f.minutes !== null) lines.push(`minutes: ${f.minutes}`);
  lines.push(`roles: ${list(f.roles, plain)}`, ...quizLines(f.passMark, f.questions));
  if (f.followUp.length) lines.push('followUp:', ...f.followUp.flatMap((q) => questionLines(q, '  ')));
  lines.push('---');
  return `${lines.join('\n')}\n\n${f.body}`;
}

/** The fields a module cannot be published without, that the form marks while they are empty. */
export type MissingField = 'title' | 'language' | 'minutes' | 'roles' | 'passMark' | 'questions' | 'body';

export function missingFields(f: ModuleFields): MissingField[] {
  const missing: MissingField[] = [];
  if (!f.title.trim()) missing.push('title');
  if (!f.language.trim()) missing.push('language');
  if (f.minutes === null) missing.push('minutes');
  if (!f.roles.length) missing.push('roles');
  if (f.passMark === null) missing.push('passMark');
  if (!f.questions.length) missing.push('questions');
  if (!f.body.trim()) missing.push('body');
  return missing;
}

/** What a question still lacks before it can be published, in the order the form shows its parts. */
export type QuestionGap = 'question' | 'choices' | 'answer' | 'explanation';

export function questionGaps(q: QuestionFields): QuestionGap[] {
  const gaps: QuestionGap[] = [];
  if (!q.question.trim()) gaps.push('question');
  if (q.choices.filter((c) => c.trim()).length < 2) gaps.push('choices');
  if (!q.answer.some((a) => q.choices.includes(a) && a.trim())) gaps.push('answer');
  if (!q.explanation.trim()) gaps.push('explanation');
  return gaps;
}

/** A short name from a title, as an author would make it: "Lift a load safely" → "lift-a-load-safely". */
export function idFromTitle(title: string): string {
  return title.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
}

/** The source file a module's language variant lives in: English as `id.md`, others as `id.nl.md`. */
export const fileNameFor = (id: string, language: string): string => `${id || 'new-module'}${language && language !== 'en' ? `.${language}` : ''}.md`;

/** Where a new module starts: everything an author must fill in is empty and marked, one question ready. */
export const newModuleFields = (language: string): ModuleFields => ({
  id: '', title: '', summary: '', language, version: '1', minutes: 5, roles: [], passMark: 80,
  questions: [emptyQuestion()], followUp: [], body: '',
});

export const emptyQuestion = (): QuestionFields => ({ question: '', choices: ['', ''], answer: [], explanation: '' });
