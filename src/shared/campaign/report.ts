import type { CampaignSummary } from './campaign.ts';
import type { FunnelRow, Learning, PilotComparison, RetentionPoint } from './insights.ts';
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

/** Sites the demo seed makes have ids starting with this; the console labels their numbers as synthetic. */
export const SYNTHETIC_SITE_PREFIX = 'synthetic-';
