import type { Contrast, FunnelStep, Pooled, Proportion } from '../shared/campaign/insights.ts';
import type { CampaignReport } from '../shared/campaign/report.ts';
import { isShown, type GroupCount } from '../shared/privacy-rule.ts';
import { englishCount } from '../shared/plural.ts';

const count = (c: GroupCount) => (isShown(c) ? String(c.people) : 'not shown');
const ratio = (p: Proportion) => `${count(p.yes)} of ${count(p.of)}${p.percent === null ? '' : ` (${p.percent}%)`}`;
const pooledText = (p: Pooled, sites: number) => (p.sitesCounted === 0 ? 'not shown' : `${ratio(p)}${p.sitesCounted < sites ? ` at ${p.sitesCounted} of ${sites} sites` : ''}`);
const contrastText = (c: Contrast | null) => (c === null ? 'difference not shown'
  : `difference ${c.points > 0 ? '+' : ''}${c.points} points (95% interval ${c.low} to ${c.high}); these groups detect ${c.detectable === null ? 'no difference reliably' : `${c.detectable} points or more`}`);
const STEP_WORDS: Record<FunnelStep, string> = {
  assigned: 'assigned', delivered: 'reached a kiosk', opened: 'opened', read: 'read 80 %', attempted: 'took the quiz', passed: 'passed',
};

/** `npm run admin -- campaign <id>`: the console's campaign report as lines of text, the same numbers. */
export function campaignReportLines(report: CampaignReport): string[] {
  const lines = [
    `${report.campaign.name} (${report.campaign.id}), following ${report.moduleId ?? 'no module'}, from ${report.window.from ?? 'each person\'s first day'} to ${report.window.to}`,
    'A count is shown only when at least 5 people did it and at least 5 did not, and no other report can be subtracted from it to reach fewer.',
  ];
  for (const site of report.sites) {
    lines.push(`${site.name} (${site.siteId})${site.synthetic ? ' [synthetic data]' : ''}`);
    for (const row of site.funnel) lines.push(`  ${STEP_WORDS[row.step].padEnd(20)} ${count(row.count).padStart(13)}${row.fromPrevious === null ? '' : `  (${row.fromPrevious}% of the step before)`}`);
    lines.push(`  never reached a kiosk: ${count(site.undelivered)}`);
    lines.push(`  passed, of those who took the quiz: ${ratio(site.learning.passed)}`);
    lines.push(`  followed up 7-29 days on, of those due then (the rest dropped out): ${ratio(site.learning.followedWeek)}`);
    lines.push(`  still knew it 7-29 days on, of those followed up: ${ratio(site.learning.retainedWeek)}`);
    lines.push(`  followed up 30-59 days on, of those due then: ${ratio(site.learning.followedMonth)}`);
    lines.push(`  still knew it 30-59 days on, of those followed up: ${ratio(site.learning.retainedMonth)}`);
    lines.push(`  said it was useful, of those who answered: ${ratio(site.reaction)}`);
    lines.push(`  assessed by a supervisor, of those assigned: ${ratio(site.behaviour.assessed)}; competent at the latest, of those assessed: ${ratio(site.behaviour.competent)}`);
    for (const p of site.retention) lines.push(`  follow-ups ${p.to === null ? `${p.from}+` : `${p.from}-${p.to - 1}`} days after passing: ${count(p.people)} people${p.correct === null ? '' : `, ${p.correct}% right`}`);
  }
  const pooled = report.pooled;
  if (!pooled) return lines;
  if (pooled.items.version !== null) lines.push(`Questions: first attempts at version ${pooled.items.version} (${pooled.items.lang}): ${count(pooled.items.attempts)}${pooled.items.sitesLeftOut ? `; ${englishCount(pooled.items.sitesLeftOut, 'site')} left out` : ''}`);
  for (const item of pooled.items.questions) {
    const fmt = (n: number | null, unit = '') => (n === null ? 'not shown' : `${n}${unit}`);
    lines.push(`  Q${item.question + 1}: facility ${fmt(item.facility, '%')}, discrimination ${fmt(item.discrimination)}, efficiency ${fmt(item.efficiency, '%')}${item.flags.length ? `  CHECK: ${item.flags.join(', ')}` : ''}`);
  }
  for (const s of pooled.searches) lines.push(`  searched, found nothing: "${s.text}" (${count(s.people)} people)`);
  for (const series of pooled.outcomes) {
    const total = (t: { count: number; sites: number } | null) => (t ? `${t.count} (${englishCount(t.sites, 'site')})` : '-');
    lines.push(`Results: ${series.measure} per month (the sites' own figures), campaign sites / comparison sites`);
    for (const m of series.months) lines.push(`  ${m.month}${m.month === report.window.from?.slice(0, 7) ? ' (campaign started)' : ''}: ${total(m.campaign)} / ${total(m.comparison)}`);
  }
  const pilot = pooled.pilot;
  if (pilot) {
    lines.push(`Pilot (${englishCount(pilot.pilot.sites, 'site')}) against the rest (${englishCount(pilot.rest.sites, 'site')})`);
    const sides = (p: typeof pilot.pilot, r: typeof pilot.rest, m: 'reach' | 'learning' | 'retention') => `pilot ${pooledText(p[m], p.sites)}, rest ${pooledText(r[m], r.sites)}`;
    for (const m of ['reach', 'learning', 'retention'] as const) lines.push(`  ${m}: ${sides(pilot.pilot, pilot.rest, m)}; ${contrastText(pilot[m])}`);
    for (const m of ['reach', 'learning'] as const) lines.push(`  ${m} before the campaign: ${sides(pilot.before.pilot, pilot.before.rest, m)}; ${contrastText(pilot.before[m])}`);
    const oneEach = (['reach', 'learning', 'retention'] as const).some((m) => pilot[m] && pilot.pilot[m].sitesCounted === 1 && pilot.rest[m].sitesCounted === 1);
    if (oneEach) lines.push('  One site against one site: site and campaign cannot be told apart.');
  }
  return lines;
}
