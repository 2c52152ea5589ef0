import { describe, expect, it } from 'vitest';
import { campaignFromWire, campaignToWire, onboardingTemplate, teaserFor, teaserMissing, type Campaign, type TeaserStep } from '../../src/shared/campaign/campaign.ts';
import { addDays, clockDay } from '../../src/shared/campaign/calendar-days.ts';
import { deckMinutes, followUpQuestions, moduleOf, openSteps, sessionKey, stepKey, type Learner, type LearnerFacts } from '../../src/shared/campaign/schedule.ts';
import { contrast, detectableDifference, difference, wilson } from '../../src/shared/campaign/comparison.ts';
import { behaviour, daysSincePassing, funnel, learning, reachedStep, recalled, retentionCurve, undelivered, type Counter, type FunnelRow, type Journey } from '../../src/shared/campaign/insights.ts';
import { itemStats, releasedItem, type FirstAttempt } from '../../src/shared/campaign/item-analysis.ts';
import { Disclosure, HIDDEN, isShown } from '../../src/shared/privacy-rule.ts';
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
    const translated: Campaign = { ...lockout, steps: [{ kind: 'teaser', day: 0, title: 'Locks', text: 'Soon.', lang: 'en', translations: { nl: { title: 'Sloten', text: 'Binnenkort.' } } }] };
    expect(campaignFromWire(campaignToWire(translated))).toEqual(translated);
    const onboarding = { id: 'welcome', name: 'Welcome', roles: [], ...onboardingTemplate(['lockout-tagout', 'ppe-basics', 'near-miss-reporting']) };
    expect(campaignFromWire(campaignToWire(onboarding))).toEqual(onboarding);
  });
});

describe('what a step is about', () => {
  it('names the module of a module step and of a follow-up, and none of a teaser', () => {
    expect(moduleOf({ kind: 'module', day: 1, moduleId: 'ppe-basics' })).toBe('ppe-basics');
    expect(moduleOf({ kind: 'follow-up', day: 3, moduleId: 'ppe-basics' })).toBe('ppe-basics');
    expect(moduleOf({ kind: 'teaser', day: 0, title: 'Soon', text: 'Locks.' })).toBeNull();
  });

  it('says a deck takes half a minute a question, at least a minute', () => {
    expect([deckMinutes(1), deckMinutes(3), deckMinutes(5), deckMinutes(8)]).toEqual([1, 2, 3, 4]);
  });

  it('asks from the quiz first, then the follow-up\'s own questions', () => {
    const q = (prompt: string) => ({ prompt, choices: ['a', 'b'], correct: [0], explanation: '' });
    expect(followUpQuestions({ quiz: { passMark: 80, questions: [q('one'), q('two')] }, followUp: [q('three')] }).map((x) => x.prompt)).toEqual(['one', 'two', 'three']);
    expect(followUpQuestions({ quiz: { passMark: 80, questions: [q('one')] } }).map((x) => x.prompt)).toEqual(['one']);
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

  it('gives someone who joins after a dated campaign started their own day 0', () => {
    const joiner: Learner = { ...dmitri, firstDay: '2026-12-20' };
    // On their first day only the teaser is open, and the module is not "unopened for days".
    expect(kinds([lockout], joiner, facts(), '2026-12-20')).toEqual(['teaser@0']);
    expect(kinds([lockout], joiner, facts(), '2026-12-22')).toEqual(['teaser@0', 'module@1']);
    // The nudge counts from their day 2, not the campaign's.
    expect(kinds([lockout], joiner, facts(), '2026-12-24')).toEqual(['teaser@0', 'module@1']);
    expect(kinds([lockout], joiner, facts(), '2026-12-25')).toContain('module@1!');
    // Someone who was there before the start keeps the campaign's day 0.
    expect(kinds([lockout], { ...dmitri, firstDay: '2020-01-06' }, facts(), '2026-12-03')).toEqual(kinds([lockout], dmitri, facts(), '2026-12-03'));
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
    const four = { quiz: 4, followUpOnly: 0 };
    expect(chooseDeck(four, reviews, start, 3)).toEqual([0, 2, 3]);
    expect(chooseDeck(four, reviews, start, 5)).toEqual([0, 2, 3, 1]);
    expect(chooseDeck({ quiz: 0, followUpOnly: 0 }, [], start, 5)).toEqual([]);
  });

  it('calls a question due on its day, not at its hour', () => {
    // Answered right at 17:00: due some days later at 17:00; in the morning of that day it is due already.
    const answered = new Date(2026, 11, 1, 17, 0).getTime();
    const dueAt = cardAfter([{ at: answered, correct: true }], answered).due.getTime();
    const morning = new Date(new Date(dueAt).setHours(8, 0, 0, 0)).getTime();
    expect(morning).toBeLessThan(dueAt);
    expect(chooseDeck({ quiz: 2, followUpOnly: 0 }, [{ question: 1, at: answered, correct: true }], morning, 1)).toEqual([1]);
    expect(chooseDeck({ quiz: 2, followUpOnly: 0 }, [{ question: 1, at: answered, correct: true }], morning - DAY, 1)).toEqual([0]);
  });

  it('starts the first deck with the follow-up-only questions, and keeps one of them in every deck', () => {
    const questions = { quiz: 5, followUpOnly: 2 };
    // Nothing reviewed yet: not the five questions of the quiz just answered.
    expect(chooseDeck(questions, [], start, 5)).toEqual([5, 6, 0, 1, 2]);
    // Every quiz question due (answered wrong), the held-out ones answered right and not due: one still comes in.
    const reviews = [0, 1, 2, 3, 4].map((question) => ({ question, at: start - 20 * DAY, correct: false }))
      .concat([5, 6].map((question) => ({ question, at: start - DAY, correct: true })));
    const deck = chooseDeck(questions, reviews, start, 5);
    expect(deck.filter((q) => q >= 5)).toHaveLength(1);
    expect(deck.slice(0, 4)).toEqual([0, 1, 2, 3]);
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

  it('shows a question\'s statistics and a choice\'s share only when the privacy rule shows their counts', () => {
    // Twelve attempts: Q1 right for 6 and wrong for 6 (shown), its wrong choices picked by 3 each (hidden); Q2 wrong for 2 (hidden).
    const twelve: FirstAttempt[] = Array.from({ length: 12 }, (_, i) => ({
      answers: [[i < 6 ? 0 : i < 9 ? 1 : 2], [i < 10 ? 1 : 0]],
      correct: [i < 6, i < 10],
    }));
    const [q1, q2] = itemStats(twelve, [3, 2], [[0], [1]]);
    expect(releasedItem(q1!, [0])).toMatchObject({ facility: 50, choiceShares: [50, null, null] });
    expect(releasedItem(q2!, [1])).toMatchObject({ facility: null, discrimination: null, efficiency: null, choiceShares: [null, null] });
  });

  it('says nothing it cannot compute', () => {
    const [one] = itemStats(attempts.slice(0, 1), [3], [[0]]);
    expect([one!.facility, one!.discrimination, one!.efficiency]).toEqual([100, null, null]);
    expect(itemStats([], [3], [[0]])[0]!.facility).toBeNull();
    // Everyone right: the item does not vary, so it tells nobody apart (no division by a zero spread).
    const allRight = itemStats(attempts.map((a) => ({ ...a, correct: [true, ...a.correct.slice(1)] })), [3, 3, 3], key)[0]!;
    expect([allRight.facility, allRight.discrimination, allRight.efficiency]).toEqual([100, null, null]);
  });

  it('computes from two attempts on: one right on both questions, one wrong on both', () => {
    // Q1: x = 1 0, rest = 1 0: cov = (.5·.5 + .5·.5)/1 = .5, var x = var rest = .5, so D = 100; sorted the same, DE = 100.
    const two: FirstAttempt[] = [{ answers: [[0], [1]], correct: [true, true] }, { answers: [[1], [0]], correct: [false, false] }];
    expect(itemStats(two, [2, 2], [[0], [1]]).map((s) => [s.facility, s.discrimination, s.efficiency])).toEqual([[50, 100, 100], [50, 100, 100]]);
  });

  it('flags a wrong choice under 5 % of picks, and not one at exactly 5 %', () => {
    // Twenty attempts at one question: 15 pick the right 0, 4 pick 1, 1 picks 2 (5 %); then 2 is picked by none (0 %).
    const picks = (choices: number[]): FirstAttempt[] => choices.map((c) => ({ answers: [[c]], correct: [c === 0] }));
    const atFive = picks([...Array(15).fill(0), 1, 1, 1, 1, 2]);
    expect(itemStats(atFive, [3], [[0]])[0]!.choiceShares).toEqual([75, 20, 5]);
    expect(itemStats(atFive, [3], [[0]])[0]!.flags).not.toContain('unused-wrong-choice');
    expect(itemStats(picks([...Array(15).fill(0), 1, 1, 1, 1, 1]), [3], [[0]])[0]!.flags).toContain('unused-wrong-choice');
  });
});

describe('reports built from learning events', () => {
  const passedOn = at('2026-12-03');
  const journey = (id: number, over: Partial<Journey> = {}): Journey => ({
    learnerId: String(id), delivered: true, opened: true, furthestSection: 4, attempted: true, passedAt: passedOn,
    reviews: [{ at: passedOn + 8 * DAY, correct: true }], timeZone: 'UTC', assessment: null, useful: null, ...over,
  });
  const nothing: Partial<Journey> = { delivered: false, opened: false, furthestSection: -1, attempted: false, passedAt: null, reviews: [] };
  /** The privacy rule over one group, as the server builds it. */
  const counter = (journeys: readonly Journey[]): Counter => {
    const byId = new Map(journeys.map((j) => [j.learnerId, j]));
    const rule = new Disclosure<string>([[...byId.keys()]]);
    return (has) => rule.count([...byId.keys()], (id) => has(byId.get(id)!));
  };
  const counts = (rows: FunnelRow[]) => Object.fromEntries(rows.map((r) => [r.step, isShown(r.count) ? r.count.people : 'hidden']));

  it('counts a step only for people who made every step before it, so no step is more than the one before', () => {
    // 10 read and took the quiz; 6 took it without reading (the old funnel's "104 % of read"); 14 did nothing.
    const people = [
      ...Array.from({ length: 10 }, (_, i) => journey(i)),
      ...Array.from({ length: 6 }, (_, i) => journey(10 + i, { furthestSection: -1 })),
      ...Array.from({ length: 14 }, (_, i) => journey(20 + i, nothing)),
    ];
    const rows = funnel(people, 5, counter(people));
    expect(counts(rows)).toEqual({ assigned: 30, delivered: 16, opened: 16, read: 10, attempted: 10, passed: 10 });
    expect(rows.map((r) => r.fromPrevious)).toEqual([null, 53, 100, 63, 100, 100]);
    expect(undelivered(rows)).toEqual({ people: 14 });
  });

  it('hides a step when fewer than 5 made it or fewer than 5 did not, and every share and total built on it', () => {
    const people = [...Array.from({ length: 8 }, (_, i) => journey(i)), ...Array.from({ length: 3 }, (_, i) => journey(10 + i, nothing))];
    const rows = funnel(people, 5, counter(people));
    expect(counts(rows)).toEqual({ assigned: 11, delivered: 'hidden', opened: 'hidden', read: 'hidden', attempted: 'hidden', passed: 'hidden' });
    expect(rows.every((r) => r.fromPrevious === null)).toBe(true);
    expect(undelivered(rows)).toEqual(HIDDEN);
  });

  it('reports learning apart from reach: passed among those who took the quiz, retained among those followed up, and who dropped out', () => {
    const people = [
      ...Array.from({ length: 6 }, (_, i) => journey(i)),
      // Passed, and never came back for a follow-up: the drop-out.
      ...Array.from({ length: 5 }, (_, i) => journey(6 + i, { reviews: [] })),
      ...Array.from({ length: 6 }, (_, i) => journey(20 + i, { passedAt: null, reviews: [] })),
      ...Array.from({ length: 8 }, (_, i) => journey(30 + i, nothing)),
    ];
    const l = learning(counter(people), passedOn + 40 * DAY);
    expect(l.passed).toEqual({ yes: { people: 11 }, of: { people: 17 }, percent: 65 });
    // Everyone who passed is past the 7–29 day window: 6 of the 11 were followed up in it.
    expect(l.followedWeek).toEqual({ yes: { people: 6 }, of: { people: 11 }, percent: 55 });
    // The rule is over the whole group: 6 of 25 knew it and 19 did not, so "6 of the 6 followed up" names no one.
    expect(l.retainedWeek).toEqual({ yes: { people: 6 }, of: { people: 6 }, percent: 100 });
    // Forty days on, nobody's 30–59 day window is over and nobody was followed up in it: nothing to say.
    expect(l.followedMonth).toEqual({ yes: HIDDEN, of: HIDDEN, percent: null });
    // Ten days after passing the week window is still open: people not yet followed up are not drop-outs.
    expect(learning(counter(people), passedOn + 10 * DAY).followedWeek).toEqual({ yes: { people: 6 }, of: { people: 6 }, percent: 100 });
  });

  it('counts days since passing in the site\'s calendar, as its kiosks do', () => {
    // Passed at 23:30 on 1 December in Amsterdam (22:30 UTC), reviewed at 00:30 on 8 December (23:30 UTC on the 7th).
    const passed = Date.UTC(2026, 11, 1, 22, 30);
    const review = Date.UTC(2026, 11, 7, 23, 30);
    expect(daysSincePassing(passed, review, 'UTC')).toBe(6);
    expect(daysSincePassing(passed, review, 'Europe/Amsterdam')).toBe(7);
    const j = journey(1, { passedAt: passed, reviews: [{ at: review, correct: true }], timeZone: 'Europe/Amsterdam' });
    expect(recalled(j, 7, 30)).toBe(true);
    expect(recalled({ ...j, timeZone: 'UTC' }, 7, 30)).toBeNull();
  });

  it('reads behaviour from supervisors\' practical assessments: assessed of those assigned, competent of those assessed', () => {
    const people = [
      ...Array.from({ length: 5 }, (_, i) => journey(i, { assessment: 'competent' })),
      ...Array.from({ length: 5 }, (_, i) => journey(10 + i, { assessment: 'not-yet-competent' })),
      ...Array.from({ length: 6 }, (_, i) => journey(20 + i)),
    ];
    expect(behaviour(counter(people), people.length)).toEqual({
      assessed: { yes: { people: 10 }, of: { people: 16 }, percent: 63 },
      competent: { yes: { people: 5 }, of: { people: 10 }, percent: 50 },
    });
  });

  it('reads "retained" from follow-ups in its window only, and "read" as 80 % of the sections', () => {
    const j = journey(1, { furthestSection: 3, reviews: [{ at: passedOn + 2 * DAY, correct: false }, { at: passedOn + 10 * DAY, correct: true }] });
    expect(recalled(j, 7, 30)).toBe(true);
    expect(recalled(j, 0, 7)).toBe(false);
    expect(recalled(j, 30)).toBeNull();
    expect(reachedStep(j, 'read', 5)).toBe(true);
    expect(reachedStep(journey(1, { furthestSection: 2 }), 'read', 5)).toBe(false);
  });

  it('draws the retention curve by days since passing, hiding what the rule hides', () => {
    const people = [
      ...Array.from({ length: 5 }, (_, i) => journey(i, { reviews: [{ at: passedOn + 8 * DAY, correct: i !== 4 }, { at: passedOn + DAY, correct: true }] })),
      ...Array.from({ length: 5 }, (_, i) => journey(10 + i, nothing)),
    ];
    const curve = retentionCurve(people, counter(people));
    expect(curve[1]).toEqual({ from: 7, to: 14, people: { people: 5 }, answers: 5, correct: 80 });
    expect(curve.at(-1)).toEqual({ from: 60, to: null, people: HIDDEN, answers: null, correct: null });
    const few = people.slice(0, 7);
    expect(retentionCurve(few, counter(few))[1]).toEqual({ from: 7, to: 14, people: HIDDEN, answers: null, correct: null });
  });

  it('contrasts a pilot with the rest only from shown counts', () => {
    const shown = (yes: number, of: number) => ({ yes: { people: yes }, of: { people: of }, percent: Math.round((yes * 100) / of) });
    expect(contrast(shown(56, 70), shown(48, 80))).toMatchObject({ points: 20, low: 5.2, high: 33.4 });
    expect(contrast({ yes: HIDDEN, of: { people: 70 }, percent: null }, shown(48, 80))).toBeNull();
  });
});

describe('what two proportions can conclude', () => {
  it('gives Newcombe\'s hybrid score interval (his 1998 paper, table II)', () => {
    const a = difference(56, 70, 48, 80);
    expect([a.estimate, a.low, a.high].map((x) => x.toFixed(4))).toEqual(['0.2000', '0.0524', '0.3339']);
    const b = difference(9, 10, 3, 10);
    expect([b.low, b.high].map((x) => x.toFixed(4))).toEqual(['0.1705', '0.8090']);
  });

  it('gives Wilson\'s score interval', () => {
    // 81 of 263: Newcombe 1998 (single proportion paper), method 3: 0.2553 to 0.3662.
    expect(wilson(81, 263).map((x) => x.toFixed(4))).toEqual(['0.2553', '0.3662']);
  });

  it('finds the smallest difference groups can detect, matching a published sample size', () => {
    // JMP's worked example: 8 % against 6 %, two-sided 5 %, 80 % power, needs 2554 per group.
    expect(detectableDifference(2554, 2554, 0.06)).toBeCloseTo(0.02, 4);
    expect(detectableDifference(2000, 2000, 0.06)!).toBeGreaterThan(0.02);
    expect(detectableDifference(3, 3, 0.9)).toBeNull();
  });
});

describe('calendar days', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-12-01', -3)).toBe('2026-11-28');
  });
});

describe('a teaser in the learner\'s language', () => {
  const teaser: TeaserStep = { kind: 'teaser', day: 0, title: 'Locks', text: 'Soon.', lang: 'en', translations: { nl: { title: 'Sloten', text: 'Binnenkort.' } } };
  it('gives a translation where there is one, else the words as written, marked as a fallback in their language', () => {
    expect(teaserFor(teaser, 'nl')).toEqual({ title: 'Sloten', text: 'Binnenkort.', lang: 'nl', fallback: false });
    expect(teaserFor(teaser, 'en')).toEqual({ title: 'Locks', text: 'Soon.', lang: 'en', fallback: false });
    expect(teaserFor(teaser, 'pl')).toEqual({ title: 'Locks', text: 'Soon.', lang: 'en', fallback: true });
    // A campaign from before translations is English.
    expect(teaserFor({ kind: 'teaser', day: 0, title: 'Sloten', text: 'x' }, 'nl').fallback).toBe(true);
  });
  it('names the languages it is still missing', () => {
    expect(teaserMissing(teaser, ['en', 'nl', 'pl'])).toEqual(['pl']);
    expect(teaserMissing({ ...teaser, lang: 'pl' }, ['en', 'nl', 'pl'])).toEqual(['en']);
  });
});
