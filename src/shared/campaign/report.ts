import type { CampaignSummary } from './campaign.ts';
import type { FunnelRow, PilotComparison, RetentionPoint } from './insights.ts';
import type { ItemStats } from './item-analysis.ts';
import type { GroupCount } from './small-groups.ts';

/** The campaign report as the console API answers it, and the CLI prints it. */
export interface CampaignReport {
  campaign: CampaignSummary;
  /** The module the funnel follows: the campaign's first module step. */
  moduleId: string | null;
  sites: SiteFunnel[];
  /** Item analysis of the module's quiz, first attempts at the campaign's sites. */
  items: (ItemStats & { prompt: string; choices: string[]; correct: number[] })[];
  /** null unless the campaign is a pilot. */
  pilot: PilotComparison | null;
  /** Searches on the campaign's kiosks that found nothing, most people first. */
  searches: { text: string; people: GroupCount }[];
}

export interface SiteFunnel {
  siteId: string;
  name: string;
  /** Made by the demo seed (`npm run admin -- seed-activity`): never real people. */
  synthetic: boolean;
  funnel: FunnelRow[];
  /** Assigned but never reached a device: the campaign's bounce. */
  undelivered: GroupCount;
  retention: RetentionPoint[];
}

/** Sites the demo seed makes have ids starting with this; the console labels their numbers as synthetic. */
export const SYNTHETIC_SITE_PREFIX = 'synthetic-';
