import * as v from 'valibot';
import { LanguageCode, slug } from '../shared/field-schemas.ts';

/** The front matter an L&D author writes at the top of a module's Markdown file. */
const id = slug('must be lower-case letters and digits joined by hyphens, like "lockout-tagout"');
const role = slug('must be lower-case letters and digits joined by hyphens, like "forklift-driver"');
const text = (max: number) =>
  v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));

export const QuestionSchema = v.strictObject({
  question: text(300),
  choices: v.pipe(
    v.array(text(200), 'must be a list of choices'),
    v.minLength(2, 'needs at least 2 choices'),
    v.maxLength(6, 'may have at most 6 choices'),
  ),
  /** The correct choice, written out exactly as in `choices`; a list for "select all that apply". */
  answer: v.union(
    [text(200), v.pipe(v.array(text(200)), v.minLength(1, 'must name at least one choice'))],
    'must be one of the choices, or a list of them',
  ),
  explanation: text(500),
});

export const FrontMatterSchema = v.strictObject({
  id,
  title: text(90),
  summary: v.optional(text(200)),
  language: LanguageCode,
  // YAML reads 1e400 as Infinity, which would be published as the version "Infinity".
  version: v.union([text(40), v.pipe(v.number(), v.finite('must be a finite number, not Infinity'))], 'must be a version number or a date like 2026-11-01'),
  minutes: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(60, 'must be at most 60')),
  roles: v.pipe(v.array(role, 'must be a list of roles'), v.minLength(1, 'must name at least one role')),
  quiz: v.strictObject({
    passMark: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(100, 'must be at most 100')),
    questions: v.pipe(v.array(QuestionSchema, 'must be a list of questions'), v.minLength(1, 'needs at least one question'), v.maxLength(20, 'may have at most 20 questions')),
  }),
  /** Extra questions only for spaced follow-ups, beside the quiz's own: the same fact asked another way. */
  followUp: v.optional(v.pipe(v.array(QuestionSchema, 'must be a list of questions'), v.maxLength(20, 'may have at most 20 questions'))),
});

export type FrontMatter = v.InferOutput<typeof FrontMatterSchema>;
export const FRONT_MATTER_KEYS = Object.keys(FrontMatterSchema.entries);
