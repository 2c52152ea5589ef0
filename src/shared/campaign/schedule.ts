import type { QuizQuestion, TrainingModule } from '../module.ts';
import type { Campaign, CampaignStep } from './campaign.ts';
import { addDays, daysBetween } from './calendar-days.ts';

/**
 * What is open for one learner today, worked out on the kiosk from the
 * campaign rules alone: no server is asked, so a step opens on its day even
 * on a kiosk that has been offline since day 0. Pure, for unit tests.
 */

/** What the kiosk knows of one learner, from its own records and the server's. */
export interface LearnerFacts {
  /** Modules passed (any version, any device the server told us of). */
  passed: ReadonlySet<string>;
  /** Modules opened on this kiosk, with the local day first opened. */
  opened: ReadonlyMap<string, string>;
  /** Markers this kiosk wrote: `${campaignId}:${step}` for a teaser read or a follow-up done, `session:${topic}` for a signed-off session. */
  done: ReadonlySet<string>;
}

export interface OpenStep {
  campaign: Pick<Campaign, 'id' | 'name'>;
  index: number;
  step: CampaignStep;
  /** The day it opened. */
  openedOn: string;
  /** The nudge rule fired: shown first, and listed for the supervisor. */
  nudge: boolean;
}

export const stepKey = (campaignId: string, index: number) => `${campaignId}:${index}`;
/** The module a step is about, if any. */
export const moduleOf = (step: CampaignStep): string | null => (step.kind === 'module' || step.kind === 'follow-up' ? step.moduleId : null);
export const sessionKey = (topic: string) => `session:${topic.trim().toLowerCase()}`;

export interface Learner { id: string; roles: readonly string[]; firstDay: string | null }

export function appliesTo(campaign: Campaign, learner: Learner): boolean {
  return campaign.roles.length === 0 || campaign.roles.some((r) => learner.roles.includes(r));
}

/**
 * Day 0 of a campaign for this learner, or null when it has none (onboarding
 * for someone without a first day). Someone who joined after a dated
 * campaign started gets their first day as their own day 0: the steps come
 * to them in order, and they are not "not opened" on the day they arrive.
 */
export function dayZero(campaign: Campaign, learner: Learner): string | null {
  if (campaign.start.from === 'first-day') return learner.firstDay;
  return learner.firstDay && learner.firstDay > campaign.start.date ? learner.firstDay : campaign.start.date;
}

/** The campaign is this learner's: it targets their roles, and they have a day 0 for it. */
export const runsFor = (campaign: Campaign, learner: Learner): boolean => appliesTo(campaign, learner) && dayZero(campaign, learner) !== null;

function isDone(campaign: Campaign, index: number, facts: LearnerFacts): boolean {
  const step = campaign.steps[index]!;
  switch (step.kind) {
    case 'teaser': return facts.done.has(stepKey(campaign.id, index));
    case 'module': return facts.passed.has(step.moduleId);
    case 'session': return facts.done.has(sessionKey(step.topic));
    case 'follow-up':
      // A later follow-up of the same module done covers an earlier one missed: one deck, not a backlog.
      return campaign.steps.some((s, j) => j >= index && s.kind === 'follow-up' && s.moduleId === step.moduleId && facts.done.has(stepKey(campaign.id, j)));
  }
}

/**
 * Open steps, nudged ones first, then in the order they opened. `today` is
 * the kiosk's day, never earlier than the latest it has seen (see
 * `clockDay` in calendar-days.ts): a clock stepped backwards closes nothing.
 */
export function openSteps(campaigns: readonly Campaign[], learner: Learner, facts: LearnerFacts, today: string): OpenStep[] {
  const open: OpenStep[] = [];
  for (const campaign of campaigns) {
    if (!runsFor(campaign, learner)) continue;
    const zero = dayZero(campaign, learner)!;
    campaign.steps.forEach((step, index) => {
      const openedOn = addDays(zero, step.day);
      if (openedOn > today || isDone(campaign, index, facts)) return;
      if (step.kind === 'follow-up') {
        if (!facts.passed.has(step.moduleId)) return;
        // Only the newest open follow-up of a module: the others are the same deck.
        const later = campaign.steps.findIndex((s, j) => j > index && s.kind === 'follow-up' && s.moduleId === step.moduleId && addDays(zero, s.day) <= today);
        if (later >= 0) return;
      }
      const nudge = step.kind === 'module' && campaign.nudgeAfterDays !== null && !facts.opened.has(step.moduleId)
        && daysBetween(openedOn, today) >= campaign.nudgeAfterDays;
      open.push({ campaign: { id: campaign.id, name: campaign.name }, index, step, openedOn, nudge });
    });
  }
  return open.sort((a, b) => Number(b.nudge) - Number(a.nudge) || a.openedOn.localeCompare(b.openedOn) || a.index - b.index);
}


/** A follow-up deck's size and the minutes it takes, for "3 questions, about 2 minutes". */
export const DECK_CAP = 5;
export const SECONDS_PER_QUESTION = 30;
export function deckMinutes(questions: number): number {
  return Math.max(1, Math.round((questions * SECONDS_PER_QUESTION) / 60));
}

/**
 * Every question a follow-up may ask: the quiz's, then the follow-up's own.
 * A review's `question` indexes this list. Here, not in module.ts, so that it
 * stays out of the first render's chunk.
 */
export const followUpQuestions = (m: Pick<TrainingModule, 'quiz' | 'followUp'>): QuizQuestion[] => [...m.quiz.questions, ...(m.followUp ?? [])];
