import type { Quiz } from './module.ts';

/** What the learner picked: for each question, the chosen choice indexes. */
export type Answers = number[][];

export interface QuizResult {
  correct: number;
  total: number;
  /** Whole percent, rounded down so that a pass is never rounded into existence. */
  score: number;
  passed: boolean;
  /** Per question: was the answer exactly the set of correct choices. */
  perQuestion: boolean[];
}

export function isAnswerCorrect(correct: readonly number[], chosen: readonly number[] | undefined): boolean {
  if (!chosen || chosen.length !== correct.length) return false;
  const want = new Set(correct);
  return new Set(chosen).size === chosen.length && chosen.every((c) => want.has(c));
}

export function scoreQuiz(quiz: Quiz, answers: Answers): QuizResult {
  const perQuestion = quiz.questions.map((q, i) => isAnswerCorrect(q.correct, answers[i]));
  const correct = perQuestion.filter(Boolean).length;
  const total = quiz.questions.length;
  const score = total === 0 ? 0 : Math.floor((correct * 100) / total);
  return { correct, total, score, passed: total > 0 && score >= quiz.passMark, perQuestion };
}

export function isQuizComplete(quiz: Quiz, answers: Answers): boolean {
  return quiz.questions.every((_, i) => (answers[i]?.length ?? 0) > 0);
}
