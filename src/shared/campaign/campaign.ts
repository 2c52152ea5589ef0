import type { SessionType } from '../sync/records.ts';
import { SESSION_TYPES } from '../sync/records.ts';

/**
 * A campaign: small steps on days counted from a start, the way marketing
 * runs a launch (a teaser, the module, then follow-ups that check what
 * stayed). Kiosks receive these definitions in the roster delta and work out
 * offline, from the rules and their own clock, what is open for whom.
 */

export const CAMPAIGNS_API = '/api/v1/console/campaigns';

/**
 * A short awareness card, its own tiny content type: these words and, if L&D
 * chose one, an image a published module already ships (so the kiosk has it saved).
 */
export interface TeaserStep {
  kind: 'teaser'; day: number; title: string; text: string; image?: string;
  /** The language the title and text are in; absent: English (campaigns written before translations). */
  lang?: string;
  /** The same words in other languages, by language code. */
  translations?: Record<string, TeaserWords>;
}
export interface TeaserWords { title: string; text: string }

/**
 * The teaser's words for a learner who reads `lang`: theirs when there is a
 * translation, else the words as written, said to be a fallback so the
 * kiosk can say so rather than pass another language off as theirs.
 */
export function teaserFor(step: TeaserStep, lang: string): TeaserWords & { lang: string; fallback: boolean } {
  const written = step.lang ?? 'en';
  const own = written === lang ? step : step.translations?.[lang];
  return own ? { title: own.title, text: own.text, lang, fallback: false } : { title: step.title, text: step.text, lang: written, fallback: true };
}

/** Of `languages`, those a teaser has no words in. */
export function teaserMissing(step: TeaserStep, languages: readonly string[]): string[] {
  return languages.filter((l) => l !== (step.lang ?? 'en') && !step.translations?.[l]);
}
export interface ModuleStep { kind: 'module'; day: number; moduleId: string }
/** Spaced re-quizzing of a module already passed; which questions, the scheduler picks. */
export interface FollowUpStep { kind: 'follow-up'; day: number; moduleId: string }
/** An in-person session a supervisor signs off on the kiosk (a toolbox talk): blended campaigns. */
export interface SessionStep { kind: 'session'; day: number; sessionType: SessionType; topic: string }
export type CampaignStep = TeaserStep | ModuleStep | FollowUpStep | SessionStep;
export const STEP_KINDS = ['teaser', 'module', 'follow-up', 'session'] as const satisfies readonly CampaignStep['kind'][];
export type StepKind = (typeof STEP_KINDS)[number];

/** Where a campaign's day 0 is: one date for everyone, or each person's own first day (onboarding). */
export type CampaignStart = { from: 'date'; date: string } | { from: 'first-day' };

/** What a kiosk needs to run a campaign. */
export interface Campaign {
  id: string;
  name: string;
  start: CampaignStart;
  /** Roles it targets; empty: everyone on the site's roster. */
  roles: string[];
  /** The rule "not opened N days after it opened: show it first and tell the supervisor"; null: no nudge. */
  nudgeAfterDays: number | null;
  steps: CampaignStep[];
}

/** A campaign as L&D keep it: the kiosk's part plus where it runs. */
export interface CampaignDefinition extends Campaign {
  sites: string[];
  /** A pilot: reports compare its sites with the sites that did not get it. */
  pilot: boolean;
  /** Its last day (YYYY-MM-DD): reports credit nothing after it. Absent: it runs until removed. */
  end?: string;
}

export interface CampaignSummary extends CampaignDefinition {
  updatedAt: number;
}

/** The module a campaign's reports follow: its first module step's. */
export const followedModule = (c: Pick<Campaign, 'steps'>): string | null => c.steps.find((s) => s.kind === 'module')?.moduleId ?? null;

export const LIMITS = { name: 80, title: 60, text: 140, topic: 120, steps: 12, maxDay: 365, translations: 8 } as const;

/** Positional on the wire, as everything in the roster delta: ≤ 300 B for a five-step campaign, plus each translation's own words. */
export type WireStep = ['t', number, string, string] | ['t', number, string, string, string]
  | ['t', number, string, string, image: string, lang: string, translations: [lang: string, title: string, text: string][]]
  | ['m', number, string] | ['f', number, string] | ['s', number, number, string];
export type WireCampaign = [id: string, name: string, startDate: string, roles: string, nudgeAfterDays: number, steps: WireStep[]];

/** An empty start date on the wire means "each person's first day". */
export function campaignToWire(c: Campaign): WireCampaign {
  const steps = c.steps.map((s): WireStep => {
    switch (s.kind) {
      case 'teaser':
        if (s.lang || s.translations) return ['t', s.day, s.title, s.text, s.image ?? '', s.lang ?? 'en', Object.entries(s.translations ?? {}).map(([lang, w]) => [lang, w.title, w.text])];
        return s.image ? ['t', s.day, s.title, s.text, s.image] : ['t', s.day, s.title, s.text];
      case 'module': return ['m', s.day, s.moduleId];
      case 'follow-up': return ['f', s.day, s.moduleId];
      case 'session': return ['s', s.day, SESSION_TYPES.indexOf(s.sessionType), s.topic];
    }
  });
  return [c.id, c.name, c.start.from === 'date' ? c.start.date : '', c.roles.join(' '), c.nudgeAfterDays ?? -1, steps];
}

export function campaignFromWire([id, name, date, roles, nudge, steps]: WireCampaign): Campaign {
  return {
    id, name, start: date ? { from: 'date', date } : { from: 'first-day' }, roles: roles ? roles.split(' ') : [], nudgeAfterDays: nudge < 0 ? null : nudge,
    steps: steps.map((w): CampaignStep => {
      switch (w[0]) {
        case 't': return {
          kind: 'teaser', day: w[1], title: w[2], text: w[3], ...(w[4] ? { image: w[4] } : {}),
          ...(w.length === 7 ? { lang: w[5], translations: Object.fromEntries(w[6].map(([lang, title, text]) => [lang, { title, text }])) } : {}),
        };
        case 'm': return { kind: 'module', day: w[1], moduleId: w[2] };
        case 'f': return { kind: 'follow-up', day: w[1], moduleId: w[2] };
        case 's': return { kind: 'session', day: w[1], sessionType: SESSION_TYPES[w[2]] ?? 'toolbox-talk', topic: w[3] };
      }
    }),
  };
}

/**
 * The onboarding template: pieces before day one, on day one, day three,
 * week one and week four of a person's first month. L&D fills in the modules.
 */
export function onboardingTemplate(moduleIds: readonly string[]): Pick<Campaign, 'start' | 'steps' | 'nudgeAfterDays'> {
  const [first, second, third] = moduleIds;
  const steps: CampaignStep[] = [{ kind: 'teaser', day: -3, title: 'Welcome to the plant', text: 'Your first week, in five short pieces on this kiosk. Start with the first one on day one.' }];
  if (first) steps.push({ kind: 'module', day: 0, moduleId: first });
  steps.push({ kind: 'session', day: 0, sessionType: 'toolbox-talk', topic: 'Site walk with your supervisor' });
  if (second) steps.push({ kind: 'module', day: 2, moduleId: second });
  if (third) steps.push({ kind: 'module', day: 6, moduleId: third });
  if (first) steps.push({ kind: 'follow-up', day: 27, moduleId: first });
  return { start: { from: 'first-day' }, nudgeAfterDays: 2, steps };
}
