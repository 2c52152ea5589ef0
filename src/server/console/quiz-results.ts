import type { QuizResult } from '../../shared/console/report.ts';
import type { StoreSet } from '../store/stores.ts';
import { loadPopulation, reportAudiences } from './report-audiences.ts';

/**
 * A site's quiz results per module: of everyone ever on its roster, how many
 * took the quiz and how many passed, each through the privacy rule with the
 * module's campaigns (so a campaign at the site and these numbers cannot be
 * subtracted into a small group). No scores: a site's matrix names who is
 * done, and an average beside it would say how one person did.
 */
export async function quizResults(stores: StoreSet, siteId: string): Promise<QuizResult[]> {
  const population = await loadPopulation(stores);
  const people = (population.rosters.get(siteId) ?? []).map((p) => p.id);
  const byModule = new Map<string, { tried: Set<string>; passed: Set<string> }>();
  for (const r of await stores.records.about(people, ['attempt', 'completion'], null)) {
    if (r.kind !== 'attempt' && r.kind !== 'completion') continue;
    const m = byModule.get(r.moduleId) ?? { tried: new Set(), passed: new Set() };
    (r.kind === 'attempt' ? m.tried : m.passed).add(r.learnerId);
    byModule.set(r.moduleId, m);
  }
  const results: QuizResult[] = [];
  for (const [moduleId, m] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) {
    const { disclosure } = reportAudiences(population, moduleId);
    results.push({ moduleId, people: people.length, tried: disclosure.count(people, (id) => m.tried.has(id)), passed: disclosure.count(people, (id) => m.passed.has(id)) });
  }
  return results;
}
