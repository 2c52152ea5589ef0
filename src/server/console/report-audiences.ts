import { followedModule, type CampaignSummary } from '../../shared/campaign/campaign.ts';
import { runsFor } from '../../shared/campaign/schedule.ts';
import { Disclosure } from '../../shared/privacy-rule.ts';
import type { Person, SiteInfo } from '../../shared/roster/roster.ts';
import type { StoreSet } from '../store/stores.ts';

/**
 * Every group any report releases a count about one module for, at every
 * site: each site's roster (its quiz results) and, for every campaign that
 * ever followed the module (removed ones too: their reports were read),
 * the people it targets at each of its sites and, for a pilot, at the sites
 * it is compared with. The privacy rule's blocks come from all of them
 * together, whoever reads which report, so no two reports can be
 * subtracted into a small group. People who left stay in every group they
 * were in, with the roles they last had.
 */
export interface ReportAudiences {
  disclosure: Disclosure<string>;
  sites: SiteInfo[];
  /** Everyone ever on the site's roster. */
  roster(siteId: string): readonly Person[];
  /** The campaign's people at the site. */
  targeted(campaign: CampaignSummary, siteId: string): readonly Person[];
}

/** A campaign reaches a site's people when it runs there, or when it is a pilot and the site is its comparison. */
const reaches = (c: CampaignSummary, siteId: string) => c.sites.includes(siteId) || c.pilot;

/** Who is on which roster and every campaign ever defined: read once, then grouped per module without more I/O. */
export interface Population {
  sites: SiteInfo[];
  rosters: ReadonlyMap<string, readonly Person[]>;
  history: readonly CampaignSummary[];
}

export async function loadPopulation(stores: StoreSet): Promise<Population> {
  const sites = await stores.sites.sites();
  const rosters = new Map<string, Person[]>();
  for (const site of sites) rosters.set(site.id, await stores.sites.everyone(site.id));
  return { sites, rosters, history: await stores.campaigns.history() };
}

export function reportAudiences({ sites, rosters, history }: Population, moduleId: string | null, campaign?: CampaignSummary): ReportAudiences {
  const about = history.filter((c) => (moduleId !== null && followedModule(c) === moduleId) || c.id === campaign?.id);
  const roster = (siteId: string) => rosters.get(siteId) ?? [];
  const targeted = (c: CampaignSummary, siteId: string) => roster(siteId).filter((p) => runsFor(c, p));
  const groups: string[][] = [];
  for (const site of sites) {
    groups.push(roster(site.id).map((p) => p.id));
    for (const c of about) if (reaches(c, site.id)) groups.push(targeted(c, site.id).map((p) => p.id));
  }
  return { disclosure: new Disclosure(groups), sites, roster, targeted };
}
