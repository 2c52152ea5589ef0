/**
 * Item statistics with Moodle's quiz statistics definitions, over first
 * attempts only (a second attempt is a different test: the learner has seen
 * the questions). Each item scores 0 or 1.
 *
 *  facility          mean item score, in %: how many got it right
 *  discrimination    100 × correlation of the item with the rest of the test
 *                    (the total without this item), so an item is not
 *                    correlated with itself
 *  efficiency        100 × covariance(item, rest) / the largest covariance
 *                    these two score lists could have (both sorted the same
 *                    way): discrimination as a share of what the item's
 *                    facility allows
 * Pure, for golden tests. `releasedItem` then applies the privacy rule.
 */
import { countOf, isShown } from '../privacy-rule.ts';

export interface FirstAttempt {
  /** Per question: the chosen choice indexes. */
  answers: number[][];
  /** Per question: right or not. */
  correct: boolean[];
}

export interface ItemStats {
  question: number;
  attempts: number;
  /** Percent, or null with no attempts. */
  facility: number | null;
  /** null when either score list does not vary (correlation undefined). */
  discrimination: number | null;
  efficiency: number | null;
  /** Attempts that got it right. */
  right: number;
  /** Attempts that picked each choice. */
  picks: number[];
  /** Share (%) of attempts that picked each choice. */
  choiceShares: number[];
  flags: ItemFlag[];
}

export type ItemFlag = 'low-efficiency' | 'low-discrimination' | 'negative-discrimination' | 'unused-wrong-choice';

export const FLAG_LIMITS = { efficiency: 15, discrimination: 20, unusedChoice: 5 } as const;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function covariance(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  return xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0) / (xs.length - 1);
}

/** The covariance of the two lists each sorted ascending: the most they could vary together. */
function maxCovariance(xs: readonly number[], ys: readonly number[]): number {
  const up = (a: number, b: number) => a - b;
  return covariance([...xs].sort(up), [...ys].sort(up));
}

export function itemStats(attempts: readonly FirstAttempt[], choicesPerQuestion: readonly number[], correctChoices: readonly (readonly number[])[]): ItemStats[] {
  const totals = attempts.map((a) => a.correct.filter(Boolean).length);
  return choicesPerQuestion.map((choices, q) => {
    const n = attempts.length;
    const item = attempts.map((a) => (a.correct[q] ? 1 : 0));
    const rest = item.map((x, i) => totals[i]! - x);
    const picks = Array.from({ length: choices }, (_, c) => attempts.filter((a) => a.answers[q]?.includes(c)).length);
    const choiceShares = picks.map((p) => (n ? round1((p * 100) / n) : 0));
    let discrimination: number | null = null;
    let efficiency: number | null = null;
    if (n >= 2) {
      const cov = covariance(item, rest);
      const sd = Math.sqrt(covariance(item, item) * covariance(rest, rest));
      const most = maxCovariance(item, rest);
      if (sd > 0) discrimination = round1((100 * cov) / sd);
      if (most > 0) efficiency = round1((100 * cov) / most);
    }
    const right = item.filter(Boolean).length;
    const facility = n ? round1(mean(item) * 100) : null;
    return { question: q, attempts: n, facility, discrimination, efficiency, right, picks, choiceShares, flags: flagsOf(discrimination, efficiency, n ? choiceShares : [], correctChoices[q] ?? []) };
  });
}

function flagsOf(discrimination: number | null, efficiency: number | null, shares: readonly (number | null)[], correct: readonly number[]): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (efficiency !== null && efficiency < FLAG_LIMITS.efficiency) flags.push('low-efficiency');
  if (discrimination !== null && discrimination < 0) flags.push('negative-discrimination');
  else if (discrimination !== null && discrimination < FLAG_LIMITS.discrimination) flags.push('low-discrimination');
  if (shares.some((s, c) => s !== null && !correct.includes(c) && s < FLAG_LIMITS.unusedChoice)) flags.push('unused-wrong-choice');
  return flags;
}

/**
 * One question as a report may show it: its statistics only when the
 * privacy rule shows how many got it right (and so how many did not), each
 * choice's share only when the rule shows how many picked it, and flags
 * only from what is shown.
 */
export function releasedItem(s: ItemStats, correct: readonly number[]): Pick<ItemStats, 'facility' | 'discrimination' | 'efficiency' | 'flags'> & { choiceShares: (number | null)[] } {
  const shown = isShown(countOf(s.right, s.attempts));
  const choiceShares = s.picks.map((p, c) => (isShown(countOf(p, s.attempts)) ? s.choiceShares[c]! : null));
  const [facility, discrimination, efficiency] = shown ? [s.facility, s.discrimination, s.efficiency] : [null, null, null];
  return { facility, discrimination, efficiency, choiceShares, flags: flagsOf(discrimination, efficiency, choiceShares, correct) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
