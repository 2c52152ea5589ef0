import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import type { ReviewRecord } from '../../shared/sync/records.ts';

/**
 * Which of a module's questions a learner sees in a follow-up, by FSRS
 * (ts-fsrs): each question is a card, each follow-up answer a review graded
 * Good (right) or Again (wrong). The card is rebuilt from the review log
 * every time, so the log is the only state and parameters can be refitted
 * from it later. Day-level scheduling: no same-day learning steps, no fuzz.
 */
const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });

export const gradeOf = (correct: boolean) => (correct ? Rating.Good : Rating.Again);

/** One question's card after its reviews, oldest first; a new card when never reviewed. */
export function cardAfter(reviews: readonly Pick<ReviewRecord, 'at' | 'correct'>[], start: number): Card {
  let card = createEmptyCard(new Date(start));
  for (const r of [...reviews].sort((a, b) => a.at - b.at)) card = scheduler.next(card, new Date(r.at), gradeOf(r.correct)).card;
  return card;
}

/** Days until a card is due again after answering now: for tests and the learner's "next in N days". */
export function intervalAfter(card: Card, now: number, correct: boolean): number {
  return scheduler.next(card, new Date(now), gradeOf(correct)).card.scheduled_days;
}

/**
 * The deck: questions due (most overdue first), then never reviewed ones,
 * then the soonest due; at most `cap`. An explicit follow-up step always has
 * questions to ask, as long as the module has any.
 */
export function chooseDeck(questions: number, reviews: readonly Pick<ReviewRecord, 'at' | 'correct' | 'question'>[], now: number, cap: number): number[] {
  const rows = Array.from({ length: questions }, (_, q) => {
    const mine = reviews.filter((r) => r.question === q);
    return { q, reviewed: mine.length > 0, due: mine.length ? cardAfter(mine, now).due.getTime() : now };
  });
  const rank = (r: (typeof rows)[number]) => (r.reviewed && r.due <= now ? 0 : r.reviewed ? 2 : 1);
  return rows.sort((a, b) => rank(a) - rank(b) || a.due - b.due || a.q - b.q).slice(0, cap).map((r) => r.q);
}
