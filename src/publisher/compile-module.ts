import type { Quiz, QuizQuestion, TrainingModule } from '../shared/module.ts';
import type { DraftParts } from '../shared/console/content.ts';
import type { FrontMatter } from './front-matter-schema.ts';
import type { Diagnostic } from './diagnostics.ts';
import { parseFrontMatter } from './front-matter.ts';
import { splitFrontMatter } from '../shared/console/module-form.ts';
import { compileBody, type ImageResolver } from './markdown.ts';
import { markdownShapeProblems } from './markdown-shape.ts';

export interface CompiledModule {
  module: TrainingModule | null;
  diagnostics: Diagnostic[];
  /** What could be read, errors or not: the console's form and preview show it while the author fixes the rest. */
  parts: DraftParts;
}

/** Compiles one Markdown source into a module. Pure: file access goes through `resolveImage`. */
export function compileModule(file: string, source: string, resolveImage: ImageResolver): CompiledModule {
  const split = splitFrontMatter(source);
  if (!split) {
    return { module: null, parts: { frontMatter: null, sections: [] }, diagnostics: [{ file, line: 1, message: 'missing front matter: start the file with a line "---", the YAML keys, and another "---"' }] };
  }
  const fm = parseFrontMatter(file, split);
  const diagnostics = [...fm.diagnostics];
  const shape = markdownShapeProblems(file, split.body, split.bodyLine);
  const body = shape.length ? { sections: [], diagnostics: shape } : compileBody(file, split.body, split.bodyLine, resolveImage);
  diagnostics.push(...body.diagnostics);
  const report: Report = (path, message) => diagnostics.push({ file, line: fm.lineOf(path), message });
  const quiz = fm.quiz && compileQuiz(fm.quiz, report);
  const parts = { frontMatter: fm.raw, sections: body.sections };
  if (!fm.data || !quiz || diagnostics.length) return { module: null, parts, diagnostics };

  const { id, title, language, summary, version, minutes, roles } = fm.data;
  const followUp = fm.data.followUp?.length ? { followUp: compileQuestions(fm.data.followUp, 'followUp', report) } : {};
  if (diagnostics.length) return { module: null, parts, diagnostics };
  return {
    parts,
    module: {
      id,
      lang: language,
      title,
      summary: summary ?? '',
      version: String(version),
      minutes,
      roles,
      sections: body.sections,
      quiz,
      ...followUp,
    },
    diagnostics,
  };
}

type Report = (path: (string | number)[], message: string) => void;

function compileQuiz(source: FrontMatter['quiz'], report: Report): Quiz {
  return { passMark: source.passMark, questions: compileQuestions(source.questions, ['quiz', 'questions'], report) };
}

/** Answers are written as the text of the right choice; the published module stores their indexes. */
function compileQuestions(source: FrontMatter['quiz']['questions'], where: string | string[], report: Report): QuizQuestion[] {
  return source.map((q, i) => {
    const at = [...[where].flat(), i];
    const dup = q.choices.find((c, j) => q.choices.indexOf(c) !== j);
    if (dup) report([...at, 'choices'], `question ${i + 1} lists the choice "${dup}" twice`);
    const answers = Array.isArray(q.answer) ? q.answer : [q.answer];
    const correct: number[] = [];
    answers.forEach((a, j) => {
      const index = q.choices.indexOf(a);
      if (index === -1) {
        report(Array.isArray(q.answer) ? [...at, 'answer', j] : [...at, 'answer'],
          `question ${i + 1}: answer "${a}" is not among its choices (${q.choices.map((c) => `"${c}"`).join(', ')})`);
      } else if (!correct.includes(index)) correct.push(index);
    });
    return { prompt: q.question, choices: q.choices, correct: correct.sort((x, y) => x - y), explanation: q.explanation };
  });
}
