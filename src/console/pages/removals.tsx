import type { PublishPlan } from '../../shared/console/content.ts';
import type { ConsoleStrings } from '../i18n/en.ts';

/**
 * What a publish or a rollback takes off the kiosks, by title, and where
 * those modules are still assigned or followed by a campaign: said before
 * the button is pressed, not found out from a supervisor afterwards.
 */
export function Removals({ t, plan }: { t: ConsoleStrings; plan: PublishPlan }) {
  const c = t.content;
  if (!plan.removed.length) return null;
  const titleOf = (id: string) => plan.removed.find((m) => m.id === id)?.title ?? id;
  const uses = (plan.inUse ?? []).flatMap((use) => [
    ...use.assignments.map((a) => c.assignedAt(titleOf(use.moduleId), a.site, a.target.startsWith('role:') ? a.target.slice('role:'.length) : c.onePerson, a.due)),
    ...use.campaigns.map((campaign) => c.inCampaign(titleOf(use.moduleId), campaign.name, campaign.running)),
  ]);
  return (
    <div class="error" data-testid="removals">
      <p>{c.takenOff(plan.removed.map((m) => `${m.title} (${m.lang})`).join(', '))}</p>
      {uses.length > 0 && <ul>{uses.map((text) => <li key={text}>{text}</li>)}</ul>}
    </div>
  );
}
