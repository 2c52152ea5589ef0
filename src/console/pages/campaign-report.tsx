import type { Contrast, Learning, PilotComparison, Pooled, RetentionPoint, Side } from '../../shared/campaign/insights.ts';
import type { CampaignReport, PooledSections, SiteFunnel } from '../../shared/campaign/report.ts';
import { isShown, type GroupCount } from '../../shared/privacy-rule.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { navigate } from '../router.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { usePublishedTitles } from '../module-titles.ts';
import { OutcomeFigures } from './outcome-figures.tsx';

type Strings = ConsoleStrings['campaignReport'];
/** A count of people as the privacy rule lets it be shown. */
const countText = (r: Strings, c: GroupCount) => (isShown(c) ? String(c.people) : r.hidden);
const percentText = (n: number | null) => (n === null ? '' : `${n}%`);
/** A difference with its sign: +3, -2, 0. */
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
/** A retention bucket's days since passing: "8–13", or "30 and more" for the last. */
const daysText = (r: Strings, p: Pick<RetentionPoint, 'from' | 'to'>) => (p.to === null ? r.daysAndMore(p.from) : r.days(p.from, p.to - 1));
/** What a pilot's difference says, and what it cannot: its direction, its likely range, and what groups this size can detect. */
const readContrast = (r: Strings, measure: string, c: Contrast) => [
  r.contrast(measure, Math.abs(c.points), c.points >= 0),
  r.contrastRange(c.low, c.high, c.low <= 0 && c.high >= 0),
  c.detectable === null ? r.contrastUndetectable : r.contrastDetectable(c.detectable),
].join(' ');

/**
 * What a campaign achieved, reach and learning apart: per site the funnel,
 * learning and the retention curve; pooled over every site (for those who
 * may read them all) the module's item analysis, searches that found
 * nothing and, for a pilot, its sites against the rest with intervals and
 * what the groups can detect. Every chart has its table; every count comes
 * through the privacy rule on the server.
 */
export function CampaignReportPage({ t, id }: PageProps & { id: string }) {
  const r = t.campaignReport;
  const report = useApi<CampaignReport>(`/campaigns/${encodeURIComponent(id)}/report`);
  const titles = usePublishedTitles();
  if (report.error) return <p class="error" role="alert">{t.failed(report.error)}</p>;
  const data = report.data;
  if (!data) return <p role="status">{t.loading}</p>;
  return (
    <section data-testid="campaign-report">
      <p><a href="/console/campaigns" onClick={(e) => { e.preventDefault(); navigate({ name: 'campaigns' }); }}>← {r.back}</a></p>
      <h1>{r.heading(data.campaign.name)}</h1>
      <p class="notice">{r.privacy}</p>
      <p data-testid="window">{data.window.from === null ? r.windowFirstDay(data.window.to) : r.window(data.window.from, data.window.to)}</p>
      {data.sites.map((site) => <SiteSection key={site.siteId} r={r} site={site} />)}
      {data.pooled ? (
        <>
          <Pooled r={r} pooled={data.pooled} module={data.moduleId && (titles.get(data.moduleId) ?? data.moduleId)} />
          <OutcomeFigures r={r} series={data.pooled.outcomes} startMonth={data.window.from?.slice(0, 7) ?? null} onUploaded={report.reload} />
        </>
      ) : <p class="notice" data-testid="pooled-only">{r.pooledOnly}</p>}
    </section>
  );
}

function SiteSection({ r, site }: { r: Strings; site: SiteFunnel }) {
  const top = site.funnel[0] && isShown(site.funnel[0].count) ? site.funnel[0].count.people : 0;
  return (
    <div data-site={site.siteId}>
      <h2>{r.funnel(site.name)}</h2>
      {site.synthetic && <p class="notice" data-testid="synthetic">{r.synthetic}</p>}
      <p>{r.funnelNote}</p>
      <div class="table-wrap" tabIndex={0}><table data-testid="funnel">
        <thead><tr><th scope="col">{r.step}</th><th scope="col">{r.people}</th><th scope="col">{r.fromPrevious}</th></tr></thead>
        <tbody>{site.funnel.map((row) => (
          <tr key={row.step} data-step={row.step}>
            <th scope="row">{r.steps[row.step]}</th>
            <td>{isShown(row.count) && top > 0 && <progress max={top} value={row.count.people} aria-hidden="true" />} {countText(r, row.count)}</td>
            <td>{percentText(row.fromPrevious)}</td>
          </tr>
        ))}</tbody>
      </table></div>
      <p data-testid="undelivered">{r.undelivered(countText(r, site.undelivered))}</p>
      <h3>{r.learning(site.name)}</h3>
      <LearningTable r={r} learning={site.learning} />
      <h3>{r.behaviour(site.name)}</h3>
      <div class="table-wrap" tabIndex={0}><table data-testid="behaviour">
        <thead><tr><th scope="col">{r.measure}</th><th scope="col">{r.people}</th><th scope="col">{r.ofWhom}</th><th scope="col">{r.share}</th></tr></thead>
        <tbody>{([['useful', site.reaction], ['assessed', site.behaviour.assessed], ['competent', site.behaviour.competent]] as const).map(([key, p]) => (
          <tr key={key} data-measure={key}><th scope="row">{r.behaviourMeasures[key]}</th><td>{countText(r, p.yes)}</td><td>{countText(r, p.of)}</td><td>{percentText(p.percent)}</td></tr>
        ))}</tbody>
      </table></div>
      <h3>{r.retention}</h3>
      <RetentionChart r={r} points={site.retention} />
    </div>
  );
}

function LearningTable({ r, learning }: { r: Strings; learning: Learning }) {
  const row = (key: keyof Learning) => {
    const p = learning[key];
    return <tr key={key} data-measure={key}><th scope="row">{r.measures[key]}</th><td>{countText(r, p.yes)}</td><td>{countText(r, p.of)}</td><td>{percentText(p.percent)}</td></tr>;
  };
  return (
    <div class="table-wrap" tabIndex={0}><table data-testid="learning">
      <thead><tr><th scope="col">{r.measure}</th><th scope="col">{r.people}</th><th scope="col">{r.ofWhom}</th><th scope="col">{r.share}</th></tr></thead>
      <tbody>{row('passed')}{row('followedWeek')}{row('retainedWeek')}{row('followedMonth')}{row('retainedMonth')}</tbody>
    </table></div>
  );
}

function RetentionChart({ r, points }: { r: Strings; points: RetentionPoint[] }) {
  const shown = points.filter((p) => p.correct !== null);
  const width = 480;
  const height = 140;
  const x = (i: number) => 30 + (i / Math.max(1, points.length - 1)) * (width - 60);
  const y = (share: number) => height - 20 - (share / 100) * (height - 40);
  return (
    <div class="chart-and-table">
      {shown.length > 0 && (
        <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={r.chartLabel(shown.map((p) => `${daysText(r, p)}: ${p.correct}%`).join(', '))}>
          <line x1="20" y1={y(0)} x2={width - 20} y2={y(0)} class="axis" />
          <line x1="20" y1={y(100)} x2={width - 20} y2={y(100)} class="axis faint" />
          <polyline class="series" points={points.map((p, i) => (p.correct === null ? null : `${x(i)},${y(p.correct)}`)).filter(Boolean).join(' ')} />
          {points.map((p, i) => p.correct !== null && <circle key={p.from} class="point" cx={x(i)} cy={y(p.correct)} r="4" />)}
        </svg>
      )}
      <div class="table-wrap" tabIndex={0}><table data-testid="retention">
        <thead><tr><th scope="col">{r.daysSince}</th><th scope="col">{r.people}</th><th scope="col">{r.answers}</th><th scope="col">{r.right}</th></tr></thead>
        <tbody>{points.map((p) => (
          <tr key={p.from} data-from={p.from}><th scope="row">{daysText(r, p)}</th><td>{countText(r, p.people)}</td><td>{p.answers ?? ''}</td><td>{percentText(p.correct)}</td></tr>
        ))}</tbody>
      </table></div>
    </div>
  );
}

function Pooled({ r, pooled, module }: { r: Strings; pooled: PooledSections; module: string | null }) {
  const { items } = pooled;
  return (
    <>
      <h2>{r.items}{module ? `: ${module}` : ''}</h2>
      {items.version !== null && <p data-testid="items-of">{r.itemsOf(items.version, items.lang ?? '', countText(r, items.attempts))}</p>}
      {items.sitesLeftOut > 0 && <p>{r.sitesLeftOut(items.sitesLeftOut)}</p>}
      {items.questions.length === 0 ? <p>{r.noItems}</p> : (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="item-analysis">
            <thead><tr><th scope="col">{r.question}</th><th scope="col">{r.facility}</th><th scope="col">{r.discrimination}</th><th scope="col">{r.efficiency}</th><th scope="col">{r.choices}</th><th scope="col">{r.flags}</th></tr></thead>
            <tbody>{items.questions.map((item) => (
              <tr key={item.question} data-question={item.question}>
                <th scope="row">{item.question + 1}. {item.prompt}</th>
                <td>{item.facility === null ? r.hidden : `${item.facility}%`}</td>
                <td>{item.discrimination === null ? r.notComputable : (item.discrimination / 100).toFixed(2)}</td>
                <td>{item.efficiency === null ? r.notComputable : `${item.efficiency}%`}</td>
                <td>{item.choices.map((choice, c) => <div key={c}>{item.correct.includes(c) ? '✓ ' : ''}{choice}: {item.choiceShares[c] === null ? r.hidden : `${item.choiceShares[c]}%`}</div>)}</td>
                <td>{item.flags.map((f) => <div key={f} class="flag">⚠ {r.flagWords[f]}</div>)}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}

      <h2>{r.searches}</h2>
      <p>{r.searchesNote}</p>
      {pooled.searches.length === 0 ? <p>{r.noSearches}</p> : (
        <div class="table-wrap" tabIndex={0}><table data-testid="searches">
          <thead><tr><th scope="col">{r.searchText}</th><th scope="col">{r.people}</th></tr></thead>
          <tbody>{pooled.searches.map((s) => <tr key={s.text}><th scope="row">{s.text}</th><td>{countText(r, s.people)}</td></tr>)}</tbody>
        </table></div>
      )}

      {pooled.pilot && <PilotSection r={r} pilot={pooled.pilot} />}
    </>
  );
}

const MEASURES = ['reach', 'learning', 'retention'] as const;
/** A shown difference that rests on one site on each side (sites left out of a measure do not count). */
const oneAgainstOne = (p: PilotComparison) => MEASURES.some((m) => p[m] && p.pilot[m].sitesCounted === 1 && p.rest[m].sitesCounted === 1);

function PilotSection({ r, pilot }: { r: Strings; pilot: PilotComparison }) {
  const cell = (p: Pooled, sites: number) => (p.sitesCounted === 0 ? r.hidden
    : `${countText(r, p.yes)} / ${countText(r, p.of)}${p.percent === null ? '' : ` (${p.percent}%)`}${p.sitesCounted < sites ? ` ${r.sitesCounted(p.sitesCounted, sites)}` : ''}`);
  const contrastCells = (c: Contrast | null) => c
    ? <><td>{r.points(signed(c.points))} ({r.interval(c.low, c.high)})</td><td>{c.detectable === null ? r.undetectable : r.points(signed(c.detectable))}</td></>
    : <><td>{r.noContrast}</td><td /></>;
  const table = (testId: string, pilotSide: Side, restSide: Side, contrasts: Partial<Record<(typeof MEASURES)[number], Contrast | null>>) => (
    <div class="table-wrap" tabIndex={0}><table data-testid={testId}>
      <thead><tr><th scope="col">{r.measure}</th><th scope="col">{r.pilotGroup(pilotSide.sites)}</th><th scope="col">{r.restGroup(restSide.sites)}</th><th scope="col">{r.difference}</th><th scope="col">{r.detectable}</th></tr></thead>
      <tbody>{MEASURES.filter((m) => m in contrasts).map((m) => (
        <tr key={m} data-measure={m}><th scope="row">{r.sides[m]}</th><td>{cell(pilotSide[m], pilotSide.sites)}</td><td>{cell(restSide[m], restSide.sites)}</td>{contrastCells(contrasts[m] ?? null)}</tr>
      ))}</tbody>
    </table></div>
  );
  return (
    <>
      <h2>{r.pilot}</h2>
      {table('pilot', pilot.pilot, pilot.rest, { reach: pilot.reach, learning: pilot.learning, retention: pilot.retention })}
      {MEASURES.some((m) => pilot.pilot[m].sitesCounted < pilot.pilot.sites || pilot.rest[m].sitesCounted < pilot.rest.sites) && <p>{r.leftOutNote}</p>}
      <div data-testid="pilot-reading">
        {MEASURES.map((m) => pilot[m] && <p key={m}>{readContrast(r, r.sides[m], pilot[m]!)}</p>)}
        {oneAgainstOne(pilot) && <p class="notice" data-testid="one-against-one">{r.oneAgainstOne}</p>}
        <p>{r.independence}</p>
      </div>
      <h3>{r.before}</h3>
      {table('pilot-before', pilot.before.pilot, pilot.before.rest, { reach: pilot.before.reach, learning: pilot.before.learning })}
    </>
  );
}
