import { daysBetween } from './calendar-days.ts';
import { groupCount, SMALL_GROUP, type GroupCount } from './small-groups.ts';

/**
 * What a campaign achieved, from each targeted person's journey: the funnel
 * (assigned → on a device → opened → read → attempted → passed → still knew
 * it 7 and 30 days on), the retention curve, and a pilot's comparison. Pure:
 * the server gathers the facts, page, CSV and CLI show the same numbers.
 */

/** Read: reached at least this share of a module's sections. */
export const READ_SHARE = 0.8;
/** Retained: at least this share of follow-up answers right. */
export const RECALL_SHARE = 0.8;

export interface Review { at: number; correct: boolean }

/** One person's facts for one campaign's module. */
export interface Journey {
  learnerId: string;
  /** The campaign reached a kiosk this person signed in on. */
  delivered: boolean;
  opened: boolean;
  /** Furthest section reached, -1 for none. */
  furthestSection: number;
  attempted: boolean;
  /** Device time of the first pass, or null. */
  passedAt: number | null;
  reviews: readonly Review[];
}

export const FUNNEL_STEPS = ['assigned', 'delivered', 'opened', 'read', 'attempted', 'passed', 'retained7', 'retained30'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelRow {
  step: FunnelStep;
  count: GroupCount;
  /** % of the step before, when both groups are large enough to say. */
  fromPrevious: number | null;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Days from passing to a review, by calendar day. */
export function daysSincePassing(passedAt: number, reviewAt: number): number {
  return daysBetween(dayOf(passedAt), dayOf(reviewAt));
}

/** Did this person still know it at `fromDay`..`toDay` days after passing? null: not measured yet. */
export function recalled(j: Journey, fromDay: number, toDay = Infinity): boolean | null {
  if (j.passedAt === null) return null;
  const window = j.reviews.filter((r) => { const d = daysSincePassing(j.passedAt!, r.at); return d >= fromDay && d < toDay; });
  if (!window.length) return null;
  return window.filter((r) => r.correct).length / window.length >= RECALL_SHARE;
}

export function reached(j: Journey, step: FunnelStep, sections: number): boolean {
  switch (step) {
    case 'assigned': return true;
    case 'delivered': return j.delivered;
    case 'opened': return j.opened;
    case 'read': return sections > 0 && j.furthestSection + 1 >= Math.ceil(sections * READ_SHARE);
    case 'attempted': return j.attempted;
    case 'passed': return j.passedAt !== null;
    case 'retained7': return recalled(j, 7, 30) === true;
    case 'retained30': return recalled(j, 30) === true;
  }
}

/** A share reveals its count when the group it is of is known: both must be zero or large enough. */
const shareOf = (part: number, of: number | null) =>
  of !== null && of >= SMALL_GROUP && (part === 0 || part >= SMALL_GROUP) ? Math.round((part * 100) / of) : null;

export function funnel(journeys: readonly Journey[], sections: number): FunnelRow[] {
  let previous: number | null = null;
  return FUNNEL_STEPS.map((step) => {
    const n = journeys.filter((j) => reached(j, step, sections)).length;
    const row: FunnelRow = { step, count: groupCount(n), fromPrevious: shareOf(n, previous) };
    previous = n;
    return row;
  });
}

/** Assigned but never on a device: the campaign's bounce. */
export function undelivered(journeys: readonly Journey[]): GroupCount {
  return groupCount(journeys.filter((j) => !j.delivered).length);
}

export const RETENTION_BUCKETS = [[0, 7], [7, 14], [14, 30], [30, 60], [60, Infinity]] as const;

export interface RetentionPoint {
  /** Days since passing, from (inclusive) … to (exclusive; null for "and later"). */
  from: number;
  to: number | null;
  people: GroupCount;
  answers: number;
  /** % of follow-up answers right; null when fewer than 5 people answered. */
  correct: number | null;
}

/** Share of follow-up answers right by days since passing. */
export function retentionCurve(journeys: readonly Journey[]): RetentionPoint[] {
  return RETENTION_BUCKETS.map(([from, to]) => {
    const people = new Set<string>();
    let answers = 0;
    let right = 0;
    for (const j of journeys) {
      if (j.passedAt === null) continue;
      for (const r of j.reviews) {
        const d = daysSincePassing(j.passedAt, r.at);
        if (d < from || d >= to) continue;
        people.add(j.learnerId);
        answers++;
        if (r.correct) right++;
      }
    }
    const shown = people.size >= SMALL_GROUP;
    return { from, to: Number.isFinite(to) ? to : null, people: groupCount(people.size), answers: shown ? answers : 0, correct: shown && answers ? Math.round((right * 100) / answers) : null };
  });
}

/** Below this many people in either group, a pilot's difference is not read as anything. */
export const PILOT_MIN_GROUP = 30;

export interface GroupOutcome {
  people: GroupCount;
  passed: GroupCount;
  /** % passed, when the group is large enough to say. */
  passRate: number | null;
  /** Of those followed up 7–30 days after passing: how many still knew it. */
  measured: GroupCount;
  retained: GroupCount;
}

export interface PilotComparison {
  pilot: GroupOutcome;
  rest: GroupOutcome;
  /** 'too-small': fewer than PILOT_MIN_GROUP in a group; otherwise what a two-proportion z-test on the pass rate says. */
  verdict: 'too-small' | 'likely-real' | 'could-be-chance';
  z: number | null;
}

function outcome(journeys: readonly Journey[]): GroupOutcome {
  const passed = journeys.filter((j) => j.passedAt !== null).length;
  const measured = journeys.filter((j) => recalled(j, 7, 30) !== null);
  return {
    people: groupCount(journeys.length), passed: groupCount(passed), passRate: shareOf(passed, journeys.length),
    measured: groupCount(measured.length), retained: groupCount(measured.filter((j) => recalled(j, 7, 30)).length),
  };
}

export function comparePilot(pilot: readonly Journey[], rest: readonly Journey[]): PilotComparison {
  const result = { pilot: outcome(pilot), rest: outcome(rest) };
  const [na, nb] = [pilot.length, rest.length];
  if (Math.min(na, nb) < PILOT_MIN_GROUP) return { ...result, verdict: 'too-small', z: null };
  const pa = pilot.filter((j) => j.passedAt !== null).length;
  const pb = rest.filter((j) => j.passedAt !== null).length;
  const pooled = (pa + pb) / (na + nb);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  const z = se === 0 ? 0 : (pa / na - pb / nb) / se;
  return { ...result, verdict: Math.abs(z) >= 1.96 ? 'likely-real' : 'could-be-chance', z: Math.round(z * 100) / 100 };
}
