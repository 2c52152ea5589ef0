import { describe, expect, it } from 'vitest';
import { campaignFromWire, campaignToWire, onboardingTemplate, type Campaign } from '../../src/shared/campaign/campaign.ts';
import { addDays } from '../../src/shared/campaign/calendar-days.ts';
import { clockDay, openSteps, sessionKey, stepKey, type Learner, type LearnerFacts } from '../../src/shared/campaign/schedule.ts';
import { comparePilot, funnel, recalled, retentionCurve, type Journey } from '../../src/shared/campaign/insights.ts';
import { itemStats, type FirstAttempt } from '../../src/shared/campaign/item-analysis.ts';
import { groupCount } from '../../src/shared/campaign/small-groups.ts';
import { cardAfter, chooseDeck, intervalAfter } from '../../src/app/follow-up/deck.ts';
import { demoCampaign } from '../../src/server/demo-site.ts';

const DAY = 86_400_000;
const at = (day: string) => Date.parse(`${day}T09:00:00Z`);

/** The demo's shape: awareness, the module, three follow-ups. */
const lockout: Campaign = {
  id: 'lockout-week', name: 'Lockout week', start: { from: 'date', date: '2026-12-01' }, roles: ['maintenance'], nudgeAfterDays: 3,
  steps: [
    { kind: 'teaser', day: 0, title: 'Your hands, your lock', text: 'Four minutes on Wednesday: why your own lock goes on first.' },
    { kind: 'module', day: 2, moduleId: 'lockout-tagout' },
    { kind: 'follow-up', day: 4, moduleId: 'lockout-tagout' },
    { kind: 'follow-up', day: 9, moduleId: 'lockout-tagout' },
    { kind: 'follow-up', day: 32, moduleId: 'lockout-tagout' },
  ],
};
const dmitri: Learner = { id: '1004', roles: ['maintenance'], firstDay: null };
const facts = (f: Partial<{ passed: string[]; opened: [string, string][]; done: string[] }> = {}): LearnerFacts =>
  ({ passed: new Set(f.passed ?? []), opened: new Map(f.opened ?? []), done: new Set(f.done ?? []) });
const kinds = (campaigns: Campaign[], learner: Learner, f: LearnerFacts, day: string) => openSteps(campaigns, learner, f, day).map((s) => `${s.step.kind}@${s.index}${s.nudge ? '!' : ''}`);

describe('a campaign on the wire', () => {
  it('round-trips, and a five-step campaign is at most 300 bytes in the roster delta', () => {
    const wire = campaignToWire(lockout);
    expect(campaignFromWire(wire)).toEqual(lockout);
    expect(Buffer.byteLength(JSON.stringify(wire))).toBeLessThanOrEqual(300);
    const { sites: _sites, pilot: _pilot, ...demo } = demoCampaign('2026-12-01');
    expect(Buffer.byteLength(JSON.stringify(campaignToWire(demo)))).toBeLessThanOrEqual(300);
    const withImage: Campaign = { ...lockout, steps: [{ kind: 'teaser', day: 0, title: 'Locks', text: 'Soon.', image: '/content/media/lock-3fa9c2b1.svg' }] };
    expect(campaignFromWire(campaignToWire(withImage))).toEqual(withImage);
    const onboarding = { id: 'welcome', name: 'Welcome', roles: [], ...onboardingTemplate(['lockout-tagout', 'ppe-basics', 'near-miss-reporting']) };
    expect(campaignFromWire(campaignToWire(onboarding))).toEqual(onboarding);
  });
});

describe('what is open today (the kiosk, offline)', () => {
  it('opens each step on its day from day 0, and only for the roles it targets', () => {
    expect(kinds([lockout], dmitri, facts(), '2026-11-30')).toEqual([]);
    expect(kinds([lockout], dmitri, facts(), '2026-12-01')).toEqual(['teaser@0']);
    expect(kinds([lockout], dmitri, facts(), '2026-12-03')).toEqual(['teaser@0', 'module@1']);
    expect(kinds([lockout], { ...dmitri, roles: ['warehouse'] }, facts(), '2026-12-03')).toEqual([]);
  });

  it('closes a teaser once read and the module once passed; a follow-up opens only after a pass', () => {
    const read = facts({ done: [stepKey('lockout-week', 0)] });
    expect(kinds([lockout], dmitri, read, '2026-12-05')).toEqual(['module@1']);
    expect(kinds([lockout], dmitri, facts({ done: [stepKey('lockout-week', 0)], passed: ['lockout-tagout'] }), '2026-12-05')).toEqual(['follow-up@2']);
  });

  it('shows one follow-up deck per module: a later one open replaces a missed one, and doing it covers both', () => {
    const passed = { done: [stepKey('lockout-week', 0)], passed: ['lockout-tagout'] };
    expect(kinds([lockout], dmitri, facts(passed), '2026-12-10')).toEqual(['follow-up@3']);
    expect(kinds([lockout], dmitri, facts({ ...passed, done: [...passed.done, stepKey('lockout-week', 3)] }), '2026-12-10')).toEqual([]);
    expect(kinds([lockout], dmitri, facts({ ...passed, done: [...passed.done, stepKey('lockout-week', 3)] }), '2027-01-02')).toEqual(['follow-up@4']);
  });

  it('nudges a module nobody opened N days after it opened, and puts it first; opening it ends the nudge', () => {
    expect(kinds([lockout], dmitri, facts(), '2026-12-05')).toEqual(['teaser@0', 'module@1']);
    expect(kinds([lockout], dmitri, facts(), '2026-12-06')).toEqual(['module@1!', 'teaser@0']);
    expect(kinds([lockout], dmitri, facts({ opened: [['lockout-tagout', '2026-12-04']] }), '2026-12-06')).toEqual(['teaser@0', 'module@1']);
  });

  it('counts onboarding from each person’s first day, and skips people without one', () => {
    const welcome: Campaign = { id: 'welcome', name: 'Welcome', roles: [], ...onboardingTemplate(['lockout-tagout', 'ppe-basics', 'near-miss-reporting']) };
    const newcomer: Learner = { id: '1010', roles: [], firstDay: '2026-12-07' };
    expect(kinds([welcome], newcomer, facts(), '2026-12-03')).toEqual([]);
    expect(kinds([welcome], newcomer, facts(), '2026-12-04')).toEqual(['teaser@0']);
    expect(kinds([welcome], newcomer, facts({ done: [stepKey('welcome', 0)] }), '2026-12-07')).toEqual(['module@1', 'session@2']);
    expect(kinds([welcome], newcomer, facts({ done: [stepKey('welcome', 0), sessionKey(' Site walk with your SUPERVISOR ')] }), '2026-12-07')).toEqual(['module@1']);
    expect(kinds([welcome], { ...newcomer, firstDay: null }, facts(), '2026-12-20')).toEqual([]);
  });

  it('never closes a step when the clock steps backwards: the kiosk goes by the latest day it saw', () => {
    expect(clockDay('2026-12-03', null)).toBe('2026-12-03');
    expect(clockDay('2026-12-03', '2026-12-01')).toBe('2026-12-03');
    const day = clockDay('2026-11-20', '2026-12-03');
    expect(day).toBe('2026-12-03');
    expect(kinds([lockout], dmitri, facts(), day)).toEqual(['teaser@0', 'module@1']);
  });
});

describe('spaced follow-up with FSRS', () => {
  const start = at('2026-12-05');
  it('lets the interval grow with each Good and shrink after an Again', () => {
    const reviews: { at: number; correct: boolean }[] = [];
    const intervals: number[] = [];
    let now = start;
    for (let i = 0; i < 4; i++) {
      const interval = intervalAfter(cardAfter(reviews, start), now, true);
      intervals.push(interval);
      reviews.push({ at: now, correct: true });
      now += interval * DAY;
    }
    expect(intervals.every((n, i) => i === 0 || n > intervals[i - 1]!)).toBe(true);
    const afterAgain = intervalAfter(cardAfter(reviews, start), now, false);
    expect(afterAgain).toBeLessThan(intervals.at(-1)!);
  });

  it('builds a deck of due questions first, then new ones, then the soonest due, at most the cap', () => {
    // Question 0 was answered wrong long ago (due), 1 right yesterday (not due), 2 and 3 never asked.
    const reviews = [{ question: 0, at: start - 20 * DAY, correct: false }, { question: 1, at: start - DAY, correct: true }];
    expect(chooseDeck(4, reviews, start, 3)).toEqual([0, 2, 3]);
    expect(chooseDeck(4, reviews, start, 5)).toEqual([0, 2, 3, 1]);
    expect(chooseDeck(0, [], start, 5)).toEqual([]);
  });
});

describe('item analysis (Moodle’s definitions, first attempts)', () => {
  // Golden fixture, worked by hand: five learners, three questions of three choices, right answers 0, 1 and 2.
  // Item scores (rows: learners): [1,1,1] [1,1,0] [1,0,0] [0,1,0] [1,0,1]; totals 3 2 1 1 2.
  // Q3: x = 1 0 0 0 1 (mean .4), rest = 2 2 1 1 1 (mean 1.4); Σ(dx·dr) = .36 − .24 + .16 + .16 − .24 = .2,
  //     cov = .2/4 = .05; var x = var rest = 1.2/4 = .3, so D = 100 × .05/.3 = 16.7; sorted, both lists
  //     have the same deviations, so the largest covariance is .3 and DE = 16.7.
  // Q1: x = 1 1 1 0 1, rest = 2 1 0 1 1: cov 0, so D = DE = 0. Q2: cov −.15, D = −32.7, max cov .35, DE = −42.9.
  const answers = [[[0], [1], [2]], [[0], [1], [0]], [[0], [0], [1]], [[1], [1], [0]], [[0], [2], [2]]];
  const key = [[0], [1], [2]];
  const attempts: FirstAttempt[] = answers.map((a) => ({ answers: a, correct: a.map((chosen, q) => chosen[0] === key[q]![0]) }));
  const stats = itemStats(attempts, [3, 3, 3], key);

  it('computes facility, discrimination and discriminative efficiency', () => {
    expect(stats.map((s) => [s.facility, s.discrimination, s.efficiency])).toEqual([[80, 0, 0], [60, -32.7, -42.9], [40, 16.7, 16.7]]);
    expect(stats.map((s) => s.choiceShares)).toEqual([[80, 20, 0], [20, 60, 20], [40, 20, 40]]);
  });

  it('flags weak questions and wrong choices nobody picks', () => {
    expect(stats.map((s) => s.flags)).toEqual([
      ['low-efficiency', 'low-discrimination', 'unused-wrong-choice'],
      ['low-efficiency', 'negative-discrimination'],
      ['low-discrimination'],
    ]);
  });

  it('says nothing it cannot compute', () => {
    const [one] = itemStats(attempts.slice(0, 1), [3], [[0]]);
    expect([one!.facility, one!.discrimination, one!.efficiency]).toEqual([100, null, null]);
    expect(itemStats([], [3], [[0]])[0]!.facility).toBeNull();
  });
});

describe('reports built from learning events', () => {
  const passedOn = at('2026-12-03');
  const journey = (id: number, over: Partial<Journey> = {}): Journey => ({
    learnerId: String(id), delivered: true, opened: true, furthestSection: 4, attempted: true, passedAt: passedOn,
    reviews: [{ at: passedOn + 8 * DAY, correct: true }], ...over,
  });

  it('shows any group of 1 to 4 people as "fewer than 5", never as a number', () => {
    expect([0, 1, 4, 5, 12].map(groupCount)).toEqual([{ people: 0 }, { fewerThan: 5 }, { fewerThan: 5 }, { people: 5 }, { people: 12 }]);
    const rows = funnel([1, 2, 3, 4].map((i) => journey(i)), 5);
    expect(rows.map((r) => [r.step, r.count])).toEqual([
      ['assigned', { fewerThan: 5 }], ['delivered', { fewerThan: 5 }], ['opened', { fewerThan: 5 }], ['read', { fewerThan: 5 }],
      ['attempted', { fewerThan: 5 }], ['passed', { fewerThan: 5 }], ['retained7', { fewerThan: 5 }], ['retained30', { people: 0 }],
    ]);
    expect(rows.every((r) => r.fromPrevious === null)).toBe(true);
  });

  it('counts each funnel step, with the conversion from the step before when both groups are large enough', () => {
    const people = [
      ...[1, 2, 3, 4, 5, 6].map((i) => journey(i)),
      ...[7, 8, 9, 10].map((i) => journey(i, { delivered: false, opened: false, furthestSection: -1, attempted: false, passedAt: null, reviews: [] })),
    ];
    const rows = Object.fromEntries(funnel(people, 5).map((r) => [r.step, r]));
    expect(rows.assigned!.count).toEqual({ people: 10 });
    expect(rows.delivered).toEqual({ step: 'delivered', count: { people: 6 }, fromPrevious: 60 });
    expect(rows.read!.count).toEqual({ people: 6 });
    expect(rows.retained7).toEqual({ step: 'retained7', count: { people: 6 }, fromPrevious: 100 });
    expect(rows.retained30).toEqual({ step: 'retained30', count: { people: 0 }, fromPrevious: 0 });
  });

  it('reads "retained" from follow-ups in its window only, and "read" as 80 % of the sections', () => {
    const j = journey(1, { furthestSection: 3, reviews: [{ at: passedOn + 2 * DAY, correct: false }, { at: passedOn + 10 * DAY, correct: true }] });
    expect(recalled(j, 7, 30)).toBe(true);
    expect(recalled(j, 0, 7)).toBe(false);
    expect(recalled(j, 30)).toBeNull();
    expect(funnel([j], 5).find((r) => r.step === 'read')!.count).toEqual({ fewerThan: 5 });
    expect(funnel([journey(1, { furthestSection: 2 })], 5).find((r) => r.step === 'read')!.count).toEqual({ people: 0 });
  });

  it('draws the retention curve by days since passing, hiding shares of small groups', () => {
    const people = [1, 2, 3, 4, 5].map((i) => journey(i, { reviews: [{ at: passedOn + 8 * DAY, correct: i !== 5 }, { at: passedOn + DAY, correct: true }] }));
    const curve = retentionCurve(people);
    expect(curve[1]).toEqual({ from: 7, to: 14, people: { people: 5 }, answers: 5, correct: 80 });
    expect(retentionCurve(people.slice(0, 2))[1]).toEqual({ from: 7, to: 14, people: { fewerThan: 5 }, answers: 0, correct: null });
    expect(curve.at(-1)).toEqual({ from: 60, to: null, people: { people: 0 }, answers: 0, correct: null });
  });

  it('compares a pilot with the rest, and says when the groups are too small to tell', () => {
    const group = (n: number, passRate: number, offset: number) => Array.from({ length: n }, (_, i) => journey(offset + i, i < n * passRate ? {} : { passedAt: null, reviews: [] }));
    expect(comparePilot(group(10, 0.9, 0), group(40, 0.5, 100)).verdict).toBe('too-small');
    const real = comparePilot(group(40, 0.9, 0), group(40, 0.5, 100));
    expect(real.verdict).toBe('likely-real');
    expect(real.pilot.passRate).toBe(90);
    expect(comparePilot(group(40, 0.55, 0), group(40, 0.5, 100)).verdict).toBe('could-be-chance');
  });
});

describe('calendar days', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-12-01', -3)).toBe('2026-11-28');
  });
});
