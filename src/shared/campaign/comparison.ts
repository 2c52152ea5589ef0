import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { isShown } from '../privacy-rule.ts';
import type { Contrast, Proportion } from './insights.ts';

/**
 * What two groups' proportions can and cannot say: the difference with its
 * 95 % interval (Newcombe's hybrid score interval, "method 10" of Newcombe
 * 1998, built on Wilson's score intervals: it behaves at small counts and
 * near 0 % and 100 %, where the textbook Wald interval does not), and the
 * smallest difference groups of these sizes could detect (80 % power,
 * two-sided 5 %). Both treat people as independent: where a campaign was
 * given to whole sites, they are the best case, and the report says so.
 */
export const CONFIDENCE = 0.95;
export const POWER = 0.8;

const z = (p: number) => normalQuantile(p, 0, 1);

/** Wilson's score interval for k of n. */
export function wilson(k: number, n: number, confidence = CONFIDENCE): [number, number] {
  const q = z(1 - (1 - confidence) / 2);
  const p = k / n;
  const centre = (p + (q * q) / (2 * n)) / (1 + (q * q) / n);
  const half = (q / (1 + (q * q) / n)) * Math.sqrt((p * (1 - p)) / n + (q * q) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface Difference {
  /** p1 − p2, as a share (0.18 is 18 points). */
  estimate: number;
  low: number;
  high: number;
}

/** p1 − p2 with Newcombe's hybrid score interval. */
export function difference(k1: number, n1: number, k2: number, n2: number, confidence = CONFIDENCE): Difference {
  const [p1, p2] = [k1 / n1, k2 / n2];
  const [l1, u1] = wilson(k1, n1, confidence);
  const [l2, u2] = wilson(k2, n2, confidence);
  const estimate = p1 - p2;
  return {
    estimate,
    low: Math.max(-1, estimate - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
    high: Math.min(1, estimate + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)),
  };
}

/**
 * The smallest rise above `baseline` (the comparison group's share) that a
 * two-sided test at 1 − CONFIDENCE detects with POWER, for groups of n1 and
 * n2: the usual normal approximation (pooled variance under no difference,
 * each group's own under the difference), solved for the difference.
 * null when even a rise to 100 % could not be detected.
 */
export function detectableDifference(n1: number, n2: number, baseline: number): number | null {
  const [za, zb] = [z(1 - (1 - CONFIDENCE) / 2), z(POWER)];
  const needed = (d: number) => {
    const p1 = baseline + d;
    const pooled = (n1 * p1 + n2 * baseline) / (n1 + n2);
    return za * Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)) + zb * Math.sqrt((p1 * (1 - p1)) / n1 + (baseline * (1 - baseline)) / n2);
  };
  let [lo, hi] = [0, 1 - baseline];
  if (hi <= 0 || needed(hi) > hi) return null;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (needed(mid) <= mid) hi = mid; else lo = mid;
  }
  return hi;
}

const points = (share: number) => Math.round(share * 1000) / 10;

/** Pilot minus rest for one measure; null unless all four counts are shown. */
export function contrast(pilot: Proportion, rest: Proportion): Contrast | null {
  const [a, n1, b, n2] = [pilot.yes, pilot.of, rest.yes, rest.of];
  if (!isShown(a) || !isShown(n1) || !isShown(b) || !isShown(n2) || !n1.people || !n2.people) return null;
  const d = difference(a.people, n1.people, b.people, n2.people);
  const detectable = detectableDifference(n1.people, n2.people, b.people / n2.people);
  return { points: points(d.estimate), low: points(d.low), high: points(d.high), detectable: detectable === null ? null : points(detectable) };
}
