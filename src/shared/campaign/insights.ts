import { HIDDEN, isShown, shareOf, type GroupCount } from '../privacy-rule.ts';
import { dayIn, daysBetween } from './calendar-days.ts';

/**
 * What a campaign achieved, from each targeted person's journey inside the
 * campaign's window: the funnel (assigned → on a device → opened → read →
 * took the quiz → passed, each step counting only people who made every step
 * before it), learning (passed among those who took the quiz, still knew it
 * among those followed up), the retention curve, and a pilot's comparison.
 * Pure: the server gathers the facts and a Counter per released group (the
 * privacy rule's); page, CSV and CLI show the same numbers.
 */

/** Read: reached at least this share of a module's sections. */
export const READ_SHARE = 0.8;
/** Retained: at least this share of follow-up answers right. */
export const RECALL_SHARE = 0.8;

export interface Review { at: number; correct: boolean }

/** One person's facts for one campaign's module, from records inside the campaign's window. */
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
  /** The time zone of the person's site: days since passing are counted in its calendar, as the kiosk counts them. */
  timeZone: string;
  /** Their latest practical assessment a supervisor signed off in the window (Kirkpatrick's behaviour), or null. */
  assessment: 'competent' | 'not-yet-competent' | null;
  /** Their answer to "Was this useful?" after passing (Kirkpatrick's reaction), or null. */
  useful: boolean | null;
}

/** How many of one released group have a fact, as the privacy rule lets it be said. */
export type Counter = (has: (j: Journey) => boolean) => GroupCount;

export const FUNNEL_STEPS = ['assigned', 'delivered', 'opened', 'read', 'attempted', 'passed'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelRow {
  step: FunnelStep;
  count: GroupCount;
  /** % of the step before, when both are shown. */
  fromPrevious: number | null;
}

/** Days from passing to a review, by calendar day in the site's time zone (7 local days are 7, whatever UTC says). */
export function daysSincePassing(passedAt: number, reviewAt: number, timeZone: string): number {
  return daysBetween(dayIn(passedAt, timeZone), dayIn(reviewAt, timeZone));
}

const reviewsIn = (j: Journey, fromDay: number, toDay: number) =>
  j.passedAt === null ? [] : j.reviews.filter((r) => { const d = daysSincePassing(j.passedAt!, r.at, j.timeZone); return d >= fromDay && d < toDay; });

/** Did this person still know it `fromDay`..`toDay` days after passing? null: not followed up then. */
export function recalled(j: Journey, fromDay: number, toDay = Infinity): boolean | null {
  const window = reviewsIn(j, fromDay, toDay);
  if (!window.length) return null;
  return window.filter((r) => r.correct).length / window.length >= RECALL_SHARE;
}

/** This one step, on its own. */
export function reachedStep(j: Journey, step: FunnelStep, sections: number): boolean {
  switch (step) {
    case 'assigned': return true;
    case 'delivered': return j.delivered;
    case 'opened': return j.opened;
    case 'read': return sections > 0 && j.furthestSection + 1 >= Math.ceil(sections * READ_SHARE);
    case 'attempted': return j.attempted;
    case 'passed': return j.passedAt !== null;
  }
}

/** This step and every step before it: a funnel only narrows. */
export const reachedAll = (j: Journey, step: FunnelStep, sections: number): boolean =>
  FUNNEL_STEPS.slice(0, FUNNEL_STEPS.indexOf(step) + 1).every((s) => reachedStep(j, s, sections));

/** The funnel of one released group; `assigned` is the group's size, which is a roster fact, not a learning one. */
export function funnel(journeys: readonly Journey[], sections: number, count: Counter): FunnelRow[] {
  let previous: GroupCount | null = null;
  return FUNNEL_STEPS.map((step) => {
    const n: GroupCount = step === 'assigned' ? { people: journeys.length } : count((j) => reachedAll(j, step, sections));
    const row: FunnelRow = { step, count: n, fromPrevious: previous ? shareOf(n, previous) : null };
    previous = n;
    return row;
  });
}

/** Assigned but never on a device: the funnel's first loss, shown when "delivered" is (the rule is symmetric). */
export function undelivered(rows: readonly FunnelRow[]): GroupCount {
  const [assigned, delivered] = [rows[0]!.count, rows[1]!.count];
  return isShown(assigned) && isShown(delivered) ? { people: assigned.people - delivered.people } : HIDDEN;
}

/** k of n, each as the rule shows it, and the share when both are shown. */
export interface Proportion { yes: GroupCount; of: GroupCount; percent: number | null }

const proportion = (yes: GroupCount, of: GroupCount): Proportion => ({ yes, of, percent: shareOf(yes, of) });

/** Followed-up windows, in days since passing: "still knew it a week on" and "a month on". */
export const RETAINED_WINDOWS = { week: [7, 30], month: [30, 60] } as const;

/** Learning, apart from reach: what happened to those who got as far as the quiz. */
export interface Learning {
  /** Passed, of those who took the quiz. */
  passed: Proportion;
  /** Followed up 7–29 days after passing, of those whose window is over or who were: the rest dropped out. */
  followedWeek: Proportion;
  /** Knew it 7–29 days after passing, of those followed up then. */
  retainedWeek: Proportion;
  followedMonth: Proportion;
  /** Knew it 30–59 days after passing, of those followed up then. */
  retainedMonth: Proportion;
}

export function learning(count: Counter, now: number): Learning {
  const followed = ([from, to]: readonly [number, number]) => (j: Journey) => recalled(j, from, to) !== null;
  // Could have been followed up in the window: it is over, or it happened.
  const due = ([from, to]: readonly [number, number]) => (j: Journey) =>
    j.passedAt !== null && (daysSincePassing(j.passedAt, now, j.timeZone) >= to || followed([from, to])(j));
  const measure = (window: readonly [number, number]) => ({
    followed: proportion(count(followed(window)), count(due(window))),
    retained: proportion(count((j) => recalled(j, window[0], window[1]) === true), count(followed(window))),
  });
  const [week, month] = [measure(RETAINED_WINDOWS.week), measure(RETAINED_WINDOWS.month)];
  return {
    passed: proportion(count((j) => j.attempted && j.passedAt !== null), count((j) => j.attempted)),
    followedWeek: week.followed, retainedWeek: week.retained, followedMonth: month.followed, retainedMonth: month.retained,
  };
}

/** Reaction: said the module was useful, of those who answered the one-tap question after passing. */
export const reaction = (count: Counter): Proportion => proportion(count((j) => j.useful === true), count((j) => j.useful !== null));

/** Behaviour on the job, as supervisors saw it in practical assessments they signed off. */
export interface Behaviour {
  /** Assessed, of those assigned. */
  assessed: Proportion;
  /** Judged competent at their latest assessment, of those assessed. */
  competent: Proportion;
}

export function behaviour(count: Counter, assigned: number): Behaviour {
  const assessed = count((j) => j.assessment !== null);
  return { assessed: proportion(assessed, { people: assigned }), competent: proportion(count((j) => j.assessment === 'competent'), assessed) };
}

export const RETENTION_BUCKETS = [[0, 7], [7, 14], [14, 30], [30, 60], [60, Infinity]] as const;

export interface RetentionPoint {
  /** Days since passing, from (inclusive) … to (exclusive; null for "and later"). */
  from: number;
  to: number | null;
  people: GroupCount;
  /** Follow-up answers, and the % right, when the people who gave them are shown. */
  answers: number | null;
  correct: number | null;
}

/** Share of follow-up answers right by days since passing. */
export function retentionCurve(journeys: readonly Journey[], count: Counter): RetentionPoint[] {
  return RETENTION_BUCKETS.map(([from, to]) => {
    const people = count((j) => reviewsIn(j, from, to).length > 0);
    const answers = journeys.flatMap((j) => reviewsIn(j, from, to));
    const shown = isShown(people) && answers.length > 0;
    return {
      from, to: Number.isFinite(to) ? to : null, people,
      answers: shown ? answers.length : null,
      correct: shown ? Math.round((answers.filter((r) => r.correct).length * 100) / answers.length) : null,
    };
  });
}

/** A measure over one side's sites: only the sites where the rule shows both its counts, so the sums are sums of shown numbers. */
export interface Pooled extends Proportion {
  /** Sites counted in it; the others are left out. */
  sitesCounted: number;
}

/** One side of a pilot: its sites, and reach and learning over them. */
export interface Side {
  sites: number;
  /** Opened the module, of those assigned. */
  reach: Pooled;
  /** Passed, of those who took the quiz. */
  learning: Pooled;
  /** Knew it 7–29 days after passing, of those followed up then. */
  retention: Pooled;
}

/** The pilot's share minus the rest's, in points, with its 95 % interval and what groups this size can detect. */
export interface Contrast {
  points: number;
  low: number;
  high: number;
  /** The smallest rise these group sizes detect with 80 % power; null when none could be. */
  detectable: number | null;
}

export interface PilotComparison {
  pilot: Side;
  rest: Side;
  reach: Contrast | null;
  learning: Contrast | null;
  retention: Contrast | null;
  /** The same measures over the same number of days before the campaign started, at the same sites. */
  before: { pilot: Side; rest: Side; reach: Contrast | null; learning: Contrast | null };
}

/** One site's people and the rule's counter over them. */
export interface SiteGroup { assigned: number; count: Counter }

function pool(sites: readonly Proportion[]): Pooled {
  const shown = sites.filter((p) => isShown(p.yes) && isShown(p.of));
  const sum = (key: 'yes' | 'of') => shown.reduce((n, p) => n + (p[key] as { people: number }).people, 0);
  const yes: GroupCount = { people: sum('yes') };
  const of: GroupCount = { people: sum('of') };
  return { yes, of, percent: shown.length ? shareOf(yes, of) : null, sitesCounted: shown.length };
}

export function side(sites: readonly SiteGroup[], now: number): Side {
  const per = sites.map(({ assigned, count }) => ({ reach: proportion(count((j) => j.opened), { people: assigned }), ...learning(count, now) }));
  return {
    sites: sites.length,
    reach: pool(per.map((p) => p.reach)), learning: pool(per.map((p) => p.passed)), retention: pool(per.map((p) => p.retainedWeek)),
  };
}
