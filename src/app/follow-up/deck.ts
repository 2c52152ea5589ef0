import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import { localDate } from '../../shared/roster/roster.ts';
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

/** A module's follow-up questions: the quiz's own first, then those written only for follow-up (the `followUp:` set). */
export interface DeckQuestions { quiz: number; followUpOnly: number }

/**
 * The deck, at most `cap`: questions due today or earlier (by the local
 * day: a question due this afternoon is due this morning), most overdue
 * first, then never asked ones, then the soonest due. Among equals the
 * follow-up-only questions come first — they were never in the quiz, so
 * they measure what stayed rather than what was just read back — and every
 * deck holds at least one of them when the module has any, so a learner who
 * gets everything right still meets them. A first deck (nothing reviewed
 * yet) therefore starts with them instead of the quiz just answered. An
 * explicit follow-up step always has questions to ask, as long as the
 * module has any.
 */
export function chooseDeck({ quiz, followUpOnly }: DeckQuestions, reviews: readonly Pick<ReviewRecord, 'at' | 'correct' | 'question'>[], now: number, cap: number): number[] {
  const today = localDate(now);
  const rows = Array.from({ length: quiz + followUpOnly }, (_, q) => {
    const mine = reviews.filter((r) => r.question === q);
    const due = mine.length ? cardAfter(mine, now).due.getTime() : now;
    const rank = !mine.length ? 1 : localDate(due) <= today ? 0 : 2;
    return { q, rank, due, heldOut: q >= quiz };
  });
  const sorted = rows.sort((a, b) => a.rank - b.rank || Number(b.heldOut) - Number(a.heldOut) || a.due - b.due || a.q - b.q);
  const deck = sorted.slice(0, cap);
  const heldOut = sorted.find((r) => r.heldOut);
  if (heldOut && cap > 0 && !deck.some((r) => r.heldOut)) deck[deck.length - 1] = heldOut;
  return deck.map((r) => r.q);
}
