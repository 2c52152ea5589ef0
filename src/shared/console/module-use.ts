import type { CampaignDefinition } from '../campaign/campaign.ts';
import type { Assignment, SiteInfo } from '../roster/roster.ts';

/** Where a module that would leave every kiosk is still used: said before anyone publishes or rolls back. */
export interface ModuleUse {
  moduleId: string;
  /** Its assignments, site by site, by the site's name. */
  assignments: { site: string; target: Assignment['target']; due: string }[];
  /** Campaigns whose module or follow-up steps name it, by name; `running` when it has not ended by `today`. */
  campaigns: { name: string; running: boolean }[];
}

/**
 * The uses of each module in `moduleIds` (modules a publish or a rollback
 * would take off every kiosk): only those with at least one, in the order given.
 */
export function modulesInUse(
  moduleIds: readonly string[],
  sites: readonly (SiteInfo & { assignments: readonly Assignment[] })[],
  campaigns: readonly CampaignDefinition[],
  today: string,
): ModuleUse[] {
  return moduleIds.map((moduleId) => ({
    moduleId,
    assignments: sites.flatMap((site) => site.assignments.filter((a) => a.moduleId === moduleId).map((a) => ({ site: site.name, target: a.target, due: a.due }))),
    campaigns: campaigns
      .filter((c) => c.steps.some((s) => (s.kind === 'module' || s.kind === 'follow-up') && s.moduleId === moduleId))
      .map((c) => ({ name: c.name, running: !c.end || c.end >= today })),
  })).filter((use) => use.assignments.length > 0 || use.campaigns.length > 0);
}
