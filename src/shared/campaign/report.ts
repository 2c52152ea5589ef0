import type { CampaignSummary } from './campaign.ts';
import type { Behaviour, FunnelRow, Learning, PilotComparison, Proportion, RetentionPoint } from './insights.ts';
import type { ItemFlag } from './item-analysis.ts';
import type { GroupCount } from '../privacy-rule.ts';

/** The campaign report as the console API answers it, and the CLI prints it. Every count has passed the privacy rule. */
export interface CampaignReport {
  campaign: CampaignSummary;
  /** The module the funnel follows: the campaign's first module step. */
  moduleId: string | null;
  /** The campaign's window: from its start (null: each person's own first day) to today. */
  window: { from: string | null; to: string };
  /** The sites the reader may read. */
  sites: SiteFunnel[];
  /** What is pooled over all the campaign's sites; null for a reader who may not read every one of them. */
  pooled: PooledSections | null;
}

export interface SiteFunnel {
  siteId: string;
  name: string;
  /** Made by the demo seed (`npm run admin -- seed-activity`): never real people. */
  synthetic: boolean;
  funnel: FunnelRow[];
  /** Assigned but never reached a device: the campaign's bounce. */
  undelivered: GroupCount;
  learning: Learning;
  retention: RetentionPoint[];
  /** "Was this useful?": said yes, of those who answered (asked once, after passing). */
  reaction: Proportion;
  /** Practical assessments signed off by supervisors in the window. */
  behaviour: Behaviour;
}

export interface PooledSections {
  /**
   * Item analysis of the module's quiz: first attempts at the version now
   * published, in its language (another version or language is another
   * test), at the sites whose "took the quiz" count is shown.
   */
  items: { version: string | null; lang: string | null; attempts: GroupCount; sitesLeftOut: number; questions: ItemRow[] };
  /** Searches that found nothing, typed by at least 5 people on at least 2 kiosks. */
  searches: { text: string; people: GroupCount }[];
  /** null unless the campaign is a pilot. */
  pilot: PilotComparison | null;
  /** The sites' own outcome figures, campaign sites against the comparison sites (a pilot's rest; none otherwise). */
  outcomes: OutcomeSeries[];
}

/** One question's statistics, each shown only when its count passes the rule. */
export interface ItemRow {
  question: number;
  prompt: string;
  choices: string[];
  correct: number[];
  facility: number | null;
  discrimination: number | null;
  efficiency: number | null;
  /** % of attempts that picked each choice, null where that count is not shown. */
  choiceShares: (number | null)[];
  flags: ItemFlag[];
}

/** One of a site's own monthly figures L&D upload (near-miss reports, incidents…): not a learning record. */
export interface OutcomeFigure { month: string; measure: string; count: number }

/** A measure's monthly totals over the campaign's sites and over the comparison sites, beside the campaign's window. */
export interface OutcomeSeries {
  measure: string;
  months: { month: string; campaign: SiteTotal | null; comparison: SiteTotal | null }[];
}
/** A month's total over the sites that gave a figure for it, and how many did. */
export interface SiteTotal { count: number; sites: number }

/** Sites the demo seed makes have ids starting with this; the console labels their numbers as synthetic. */
export const SYNTHETIC_SITE_PREFIX = 'synthetic-';
