import type { PilotComparison, RetentionPoint } from '../../shared/campaign/insights.ts';
import type { CampaignReport, SiteFunnel } from '../../shared/campaign/report.ts';
import type { GroupCount } from '../../shared/campaign/small-groups.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { navigate } from '../router.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';

/** A count of people as the small-group rule lets it be shown. */
function Count({ t, c }: { t: ConsoleStrings; c: GroupCount }) {
  return 'people' in c ? <>{c.people}</> : <span class="fewer">{t.campaignReport.fewer}</span>;
}
const countText = (t: ConsoleStrings, c: GroupCount) => ('people' in c ? String(c.people) : t.campaignReport.fewer);

/**
 * What a campaign achieved: per site the funnel and the retention curve, the
 * module's item analysis, searches that found nothing and, for a pilot, its
 * sites against the rest. Every chart has its table; every number from
 * learning events follows the small-group rule (the server applies it).
 */
export function CampaignReportPage({ t, id }: PageProps & { id: string }) {
  const r = t.campaignReport;
  const report = useApi<CampaignReport>(`/campaigns/${encodeURIComponent(id)}/report`);
  if (report.error) return <p class="error" role="alert">{t.failed(report.error)}</p>;
  const data = report.data;
  if (!data) return <p role="status">{t.loading}</p>;
  return (
    <section data-testid="campaign-report">
      <p><a href="/console/campaigns" onClick={(e) => { e.preventDefault(); navigate({ name: 'campaigns' }); }}>← {r.back}</a></p>
      <h1>{r.heading(data.campaign.name)}</h1>
      <p class="notice">{r.privacy}</p>
      {data.sites.map((site) => <SiteSection key={site.siteId} t={t} site={site} />)}

      <h2>{r.items}{data.moduleId ? `: ${data.moduleId}` : ''}</h2>
      {data.items.every((i) => i.attempts === 0) ? <p>{r.noItems}</p> : (
        <div class="table-wrap">
          <table data-testid="item-analysis">
            <thead><tr><th scope="col">{r.question}</th><th scope="col">{r.facility}</th><th scope="col">{r.discrimination}</th><th scope="col">{r.efficiency}</th><th scope="col">{r.choices}</th><th scope="col">{r.flags}</th></tr></thead>
            <tbody>{data.items.map((item) => (
              <tr key={item.question} data-question={item.question}>
                <th scope="row">{item.question + 1}. {item.prompt}</th>
                <td>{percentOrNa(t, item.facility)}</td>
                <td>{item.discrimination === null ? r.notComputable : (item.discrimination / 100).toFixed(2)}</td>
                <td>{percentOrNa(t, item.efficiency)}</td>
                <td>{item.choices.map((choice, c) => <div key={c}>{item.correct.includes(c) ? '✓ ' : ''}{choice}: {item.choiceShares[c]}%</div>)}</td>
                <td>{item.flags.map((f) => <div key={f} class="flag">⚠ {r.flagWords[f]}</div>)}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}

      <h2>{r.searches}</h2>
      {data.searches.length === 0 ? <p>{r.noSearches}</p> : (
        <div class="table-wrap"><table data-testid="searches">
          <thead><tr><th scope="col">{r.searchText}</th><th scope="col">{r.people}</th></tr></thead>
          <tbody>{data.searches.map((s) => <tr key={s.text}><th scope="row">{s.text}</th><td><Count t={t} c={s.people} /></td></tr>)}</tbody>
        </table></div>
      )}

      {data.pilot && <PilotSection t={t} pilot={data.pilot} />}
    </section>
  );
}

const percentOrNa = (t: ConsoleStrings, n: number | null) => (n === null ? t.campaignReport.notComputable : `${n}%`);

function SiteSection({ t, site }: { t: ConsoleStrings; site: SiteFunnel }) {
  const r = t.campaignReport;
  const top = site.funnel[0] && 'people' in site.funnel[0].count ? site.funnel[0].count.people : 0;
  return (
    <div data-site={site.siteId}>
      <h2>{r.funnel(site.name)}</h2>
      {site.synthetic && <p class="notice" data-testid="synthetic">{r.synthetic}</p>}
      <div class="table-wrap"><table data-testid="funnel">
        <thead><tr><th scope="col">{r.step}</th><th scope="col">{r.people}</th><th scope="col">{r.fromPrevious}</th></tr></thead>
        <tbody>{site.funnel.map((row) => (
          <tr key={row.step} data-step={row.step}>
            <th scope="row">{r.steps[row.step]}</th>
            <td>
              {'people' in row.count && top > 0 && <progress max={top} value={row.count.people} aria-hidden="true" />} <Count t={t} c={row.count} />
            </td>
            <td>{row.fromPrevious === null ? '' : `${row.fromPrevious}%`}</td>
          </tr>
        ))}</tbody>
      </table></div>
      <p data-testid="undelivered">{r.undelivered(countText(t, site.undelivered))}</p>
      <h3>{r.retention}</h3>
      <RetentionChart t={t} points={site.retention} />
    </div>
  );
}

function RetentionChart({ t, points }: { t: ConsoleStrings; points: RetentionPoint[] }) {
  const r = t.campaignReport;
  const shown = points.filter((p) => p.correct !== null);
  const width = 480;
  const height = 140;
  const x = (i: number) => 30 + (i / Math.max(1, points.length - 1)) * (width - 60);
  const y = (share: number) => height - 20 - (share / 100) * (height - 40);
  return (
    <div class="chart-and-table">
      {shown.length > 0 && (
        <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={r.chartLabel(shown.map((p) => `${r.days(p.from, p.to)}: ${p.correct}%`).join(', '))}>
          <line x1="20" y1={y(0)} x2={width - 20} y2={y(0)} class="axis" />
          <line x1="20" y1={y(100)} x2={width - 20} y2={y(100)} class="axis faint" />
          <polyline class="series" points={points.map((p, i) => (p.correct === null ? null : `${x(i)},${y(p.correct)}`)).filter(Boolean).join(' ')} />
          {points.map((p, i) => p.correct !== null && <circle key={p.from} class="point" cx={x(i)} cy={y(p.correct)} r="4" />)}
        </svg>
      )}
      <div class="table-wrap"><table data-testid="retention">
        <thead><tr><th scope="col">{r.daysSince}</th><th scope="col">{r.people}</th><th scope="col">{r.answers}</th><th scope="col">{r.right}</th></tr></thead>
        <tbody>{points.map((p) => (
          <tr key={p.from} data-from={p.from}><th scope="row">{r.days(p.from, p.to)}</th><td><Count t={t} c={p.people} /></td><td>{'people' in p.people ? p.answers : ''}</td><td>{p.correct === null ? '' : `${p.correct}%`}</td></tr>
        ))}</tbody>
      </table></div>
    </div>
  );
}

function PilotSection({ t, pilot }: { t: ConsoleStrings; pilot: PilotComparison }) {
  const r = t.campaignReport;
  const row = (label: string, g: PilotComparison['pilot']) => (
    <tr><th scope="row">{label}</th><td><Count t={t} c={g.people} /></td><td><Count t={t} c={g.passed} />{g.passRate === null ? '' : ` (${g.passRate}%)`}</td><td>{r.retainedOf(countText(t, g.retained), countText(t, g.measured))}</td></tr>
  );
  return (
    <>
      <h2>{r.pilot}</h2>
      <div class="table-wrap"><table data-testid="pilot">
        <thead><tr><th scope="col"><span class="visually-hidden">{r.pilot}</span></th><th scope="col">{r.people}</th><th scope="col">{r.passRate}</th><th scope="col">{r.steps.retained7}</th></tr></thead>
        <tbody>{row(r.pilotGroup, pilot.pilot)}{row(r.restGroup, pilot.rest)}</tbody>
      </table></div>
      <p data-testid="pilot-verdict">{r.verdicts[pilot.verdict]}{pilot.z !== null ? ` z = ${pilot.z}` : ''}</p>
    </>
  );
}
