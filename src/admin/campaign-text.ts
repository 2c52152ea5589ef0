import { FUNNEL_STEPS } from '../shared/campaign/insights.ts';
import type { CampaignReport } from '../shared/campaign/report.ts';
import type { GroupCount } from '../shared/campaign/small-groups.ts';

const count = (c: GroupCount) => ('people' in c ? String(c.people) : 'fewer than 5');
const STEP_WORDS: Record<(typeof FUNNEL_STEPS)[number], string> = {
  assigned: 'assigned', delivered: 'reached a kiosk', opened: 'opened', read: 'read 80 %', attempted: 'took the quiz', passed: 'passed',
  retained7: 'knew it 7 days on', retained30: 'knew it 30 days on',
};

/** `npm run admin -- campaign <id>`: the console's campaign report as lines of text, the same numbers. */
export function campaignReportLines(report: CampaignReport): string[] {
  const lines = [`${report.campaign.name} (${report.campaign.id}), following ${report.moduleId ?? 'no module'}; groups under 5 people are not counted`];
  for (const site of report.sites) {
    lines.push(`${site.name} (${site.siteId})${site.synthetic ? ' [synthetic data]' : ''}`);
    for (const row of site.funnel) lines.push(`  ${STEP_WORDS[row.step].padEnd(20)} ${count(row.count).padStart(13)}${row.fromPrevious === null ? '' : `  (${row.fromPrevious}% of the step before)`}`);
    lines.push(`  never reached a kiosk: ${count(site.undelivered)}`);
    for (const p of site.retention) lines.push(`  follow-ups ${p.to === null ? `${p.from}+` : `${p.from}-${p.to - 1}`} days after passing: ${count(p.people)} people${p.correct === null ? '' : `, ${p.correct}% right`}`);
  }
  for (const item of report.items) {
    const fmt = (n: number | null, unit = '') => (n === null ? 'n/a' : `${n}${unit}`);
    lines.push(`  Q${item.question + 1}: facility ${fmt(item.facility, '%')}, discrimination ${fmt(item.discrimination)}, efficiency ${fmt(item.efficiency, '%')}${item.flags.length ? `  CHECK: ${item.flags.join(', ')}` : ''}`);
  }
  for (const s of report.searches) lines.push(`  searched, found nothing: "${s.text}" (${count(s.people)} people)`);
  if (report.pilot) {
    const g = (label: string, o: NonNullable<CampaignReport['pilot']>['pilot']) => `  ${label}: ${count(o.people)} people, ${count(o.passed)} passed${o.passRate === null ? '' : ` (${o.passRate}%)`}, ${count(o.retained)} of ${count(o.measured)} followed up knew it 7 days on`;
    lines.push('Pilot against the rest', g('pilot', report.pilot.pilot), g('rest', report.pilot.rest), `  ${report.pilot.verdict}${report.pilot.z === null ? '' : ` (z = ${report.pilot.z})`}`);
  }
  return lines;
}
