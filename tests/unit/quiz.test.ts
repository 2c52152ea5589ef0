import { describe, expect, it } from 'vitest';
import { isAnswerCorrect, isQuizComplete, scoreQuiz } from '../../src/shared/quiz.ts';
import type { Quiz } from '../../src/shared/module.ts';

const quiz: Quiz = {
  passMark: 80,
  questions: [
    { prompt: 'one', choices: ['a', 'b'], correct: [0], explanation: '' },
    { prompt: 'many', choices: ['a', 'b', 'c'], correct: [0, 2], explanation: '' },
    { prompt: 'three', choices: ['a', 'b'], correct: [1], explanation: '' },
    { prompt: 'four', choices: ['a', 'b'], correct: [1], explanation: '' },
    { prompt: 'five', choices: ['a', 'b'], correct: [0], explanation: '' },
  ],
};

describe('quiz scoring', () => {
  it('needs exactly the set of correct choices', () => {
    expect(isAnswerCorrect([0, 2], [2, 0])).toBe(true);
    expect(isAnswerCorrect([0, 2], [0])).toBe(false);
    expect(isAnswerCorrect([0, 2], [0, 1, 2])).toBe(false);
    expect(isAnswerCorrect([0, 2], [0, 0])).toBe(false);
    expect(isAnswerCorrect([1], undefined)).toBe(false);
  });

  it('passes at exactly the pass mark and fails one question below it', () => {
    expect(scoreQuiz(quiz, [[0], [0, 2], [1], [1], [1]])).toEqual({ correct: 4, total: 5, score: 80, passed: true, perQuestion: [true, true, true, true, false] });
    expect(scoreQuiz(quiz, [[0], [0], [1], [1], [1]])).toMatchObject({ correct: 3, score: 60, passed: false });
  });

  it('rounds the score down, so a pass is never rounded into existence', () => {
    const six: Quiz = { passMark: 67, questions: Array.from({ length: 3 }, () => ({ prompt: '', choices: ['a', 'b'], correct: [0], explanation: '' })) };
    expect(scoreQuiz(six, [[0], [0], [1]])).toMatchObject({ score: 66, passed: false });
  });

  it('knows when every question has an answer', () => {
    expect(isQuizComplete(quiz, [[0], [0], [1], [1]])).toBe(false);
    expect(isQuizComplete(quiz, [[0], [0], [1], [1], []])).toBe(false);
    expect(isQuizComplete(quiz, [[0], [0], [1], [1], [0]])).toBe(true);
  });
});
