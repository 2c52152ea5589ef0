import { followedModule, type CampaignSummary } from '../../shared/campaign/campaign.ts';
import { comparePilot, funnel, retentionCurve, undelivered, type Journey } from '../../shared/campaign/insights.ts';
import { itemStats, type FirstAttempt } from '../../shared/campaign/item-analysis.ts';
import { SYNTHETIC_SITE_PREFIX, type CampaignReport } from '../../shared/campaign/report.ts';
import { runsFor } from '../../shared/campaign/schedule.ts';
import { groupCount } from '../../shared/campaign/small-groups.ts';
import type { TrainingModule } from '../../shared/module.ts';
import { isAnswerCorrect } from '../../shared/quiz.ts';
import type { Person } from '../../shared/roster/roster.ts';
import type { AttemptRecord, EventRecord, LearningRecord } from '../../shared/sync/records.ts';
import type { Stores } from '../store/stores.ts';
import { publishedModule } from '../../node/published-modules.ts';

/**
 * Gathers a campaign's facts from the stores and reduces them with the pure
 * functions of shared/campaign: the same numbers for page, CSV and CLI.
 */
export async function campaignReport(stores: Stores, campaign: CampaignSummary, contentDir: string | null): Promise<CampaignReport> {
  const moduleId = followedModule(campaign);
  const published = moduleId && contentDir ? await publishedModule(contentDir, moduleId) : null;
  const sections = published?.sections.length ?? 0;
  const allSites = await stores.sites.sites();
  const targeted = async (siteId: string) => (await stores.sites.people(siteId)).filter((p) => runsFor(campaign, p));

  const journeysAt = async (people: readonly Person[]) => journeys(stores, campaign.id, moduleId, people.map((p) => p.id));
  const sites = [];
  const inCampaign: Journey[] = [];
  const attempts: AttemptRecord[] = [];
  for (const site of allSites.filter((s) => campaign.sites.includes(s.id))) {
    const people = await targeted(site.id);
    const { list, firstAttempts } = await journeysAt(people);
    inCampaign.push(...list);
    attempts.push(...firstAttempts);
    sites.push({ siteId: site.id, name: site.name, synthetic: site.id.startsWith(SYNTHETIC_SITE_PREFIX), funnel: funnel(list, sections), undelivered: undelivered(list), retention: retentionCurve(list) });
  }

  let pilot = null;
  if (campaign.pilot) {
    // The rest: the same roles at every site that did not get the campaign, followed on the same module.
    const rest: Journey[] = [];
    for (const site of allSites.filter((s) => !campaign.sites.includes(s.id))) rest.push(...(await journeysAt(await targeted(site.id))).list);
    pilot = comparePilot(inCampaign, rest);
  }

  const items = published ? itemsOf(published, attempts) : [];
  const learners = inCampaign.map((j) => j.learnerId);
  const misses = (await stores.records.about(learners, ['event'], [''])) as EventRecord[];
  const byText = new Map<string, Set<string>>();
  for (const e of misses.filter((m) => m.type === 'search-miss')) {
    const text = e.text.trim().toLowerCase();
    byText.set(text, (byText.get(text) ?? new Set()).add(e.learnerId));
  }
  const searches = [...byText].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).slice(0, 20).map(([text, who]) => ({ text, people: groupCount(who.size) }));
  return { campaign, moduleId, sites, items, pilot, searches };
}

function itemsOf(module: TrainingModule, attempts: readonly AttemptRecord[]): CampaignReport['items'] {
  const questions = module.quiz.questions;
  // Only attempts at the live set of questions: a changed quiz is a different test.
  const comparable = attempts.filter((a) => a.total === questions.length);
  const firsts: FirstAttempt[] = comparable.map((a) => ({ answers: a.answers, correct: questions.map((q, i) => isAnswerCorrect(q.correct, a.answers[i])) }));
  const stats = itemStats(firsts, questions.map((q) => q.choices.length), questions.map((q) => q.correct));
  return stats.map((s, i) => ({ ...s, prompt: questions[i]!.prompt, choices: questions[i]!.choices, correct: questions[i]!.correct }));
}

async function journeys(stores: Stores, campaignId: string, moduleId: string | null, learnerIds: readonly string[]): Promise<{ list: Journey[]; firstAttempts: AttemptRecord[] }> {
  const subjects = moduleId ? [campaignId, moduleId] : [campaignId];
  const records = await stores.records.about(learnerIds, ['event', 'checkpoint', 'attempt', 'completion', 'review'], subjects);
  const mine = new Map<string, (LearningRecord | EventRecord)[]>(learnerIds.map((id) => [id, []]));
  for (const r of records) mine.get(r.learnerId)?.push(r);
  const firstAttempts: AttemptRecord[] = [];
  const list = learnerIds.map((learnerId): Journey => {
    const rs = mine.get(learnerId)!;
    const events = rs.filter((r): r is EventRecord => r.kind === 'event');
    const learning = rs.filter((r): r is LearningRecord => r.kind !== 'event' && r.moduleId === moduleId);
    const attempts = learning.filter((r): r is AttemptRecord => r.kind === 'attempt');
    if (attempts[0]) firstAttempts.push(attempts[0]);
    const passes = learning.filter((r) => r.kind === 'completion').map((r) => r.at);
    return {
      learnerId,
      delivered: events.some((e) => e.type === 'delivered' && e.subject === campaignId),
      opened: events.some((e) => e.type === 'opened' && e.subject === moduleId),
      furthestSection: Math.max(-1, ...learning.map((r) => (r.kind === 'checkpoint' ? r.section : -1))),
      attempted: attempts.length > 0,
      passedAt: passes.length ? Math.min(...passes) : null,
      reviews: learning.flatMap((r) => (r.kind === 'review' ? [{ at: r.at, correct: r.correct }] : [])),
    };
  });
  return { list, firstAttempts };
}
