import { useState } from 'preact/hooks';
import type { OutcomeSeries } from '../../shared/campaign/report.ts';
import type { SiteInfo } from '../../shared/roster/roster.ts';
import { api, ApiError } from '../api.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { useApi } from '../use-api.ts';

type Strings = ConsoleStrings['campaignReport'];

/**
 * Kirkpatrick's results level: the sites' own monthly figures (near-miss
 * reports, incidents…) beside the campaign's start, campaign sites against
 * the comparison sites, with the caveat they deserve, and the upload that
 * adds them. Every chart has its table.
 */
export function OutcomeFigures({ r, series, startMonth, onUploaded }: { r: Strings; series: OutcomeSeries[]; startMonth: string | null; onUploaded: () => void }) {
  return (
    <>
      <h2>{r.outcomes}</h2>
      <p>{r.outcomesCaveat}</p>
      {series.length === 0 ? <p>{r.noOutcomes}</p> : series.map((s) => <Series key={s.measure} r={r} series={s} startMonth={startMonth} />)}
      <OutcomeUpload r={r} onUploaded={onUploaded} />
    </>
  );
}

function Series({ r, series, startMonth }: { r: Strings; series: OutcomeSeries; startMonth: string | null }) {
  const { months } = series;
  const width = 480;
  const height = 150;
  const top = Math.max(1, ...months.flatMap((m) => [m.campaign?.count ?? 0, m.comparison?.count ?? 0]));
  const x = (i: number) => 30 + (i / Math.max(1, months.length - 1)) * (width - 60);
  const y = (n: number) => height - 20 - (n / top) * (height - 40);
  const line = (side: 'campaign' | 'comparison') => months.map((m, i) => (m[side] ? `${x(i)},${y(m[side]!.count)}` : null)).filter(Boolean).join(' ');
  const start = startMonth === null ? -1 : months.findIndex((m) => m.month >= startMonth);
  const total = (t: { count: number; sites: number } | null) => (t ? `${t.count} ${r.fromSites(t.sites)}` : '');
  return (
    <div data-measure={series.measure}>
      <h3>{series.measure}</h3>
      <p>{r.outcomesLegend}</p>
      <div class="chart-and-table">
        <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={startMonth ? r.outcomesChartFrom(series.measure, startMonth) : r.outcomesChart(series.measure)}>
          <line x1="20" y1={y(0)} x2={width - 20} y2={y(0)} class="axis" />
          {start >= 0 && <line x1={x(start)} y1="10" x2={x(start)} y2={y(0)} class="axis faint" />}
          <polyline class="series" points={line('campaign')} />
          <polyline class="series series-dashed" points={line('comparison')} />
        </svg>
        <div class="table-wrap" tabIndex={0}><table data-testid="outcomes">
          <thead><tr><th scope="col">{r.month}</th><th scope="col">{r.campaignSites}</th><th scope="col">{r.comparisonSites}</th></tr></thead>
          <tbody>{months.map((m) => (
            <tr key={m.month} data-month={m.month}>
              <th scope="row">{m.month}{startMonth !== null && m.month === startMonth ? ` (${r.campaignStarted})` : ''}</th>
              <td>{total(m.campaign)}</td><td>{total(m.comparison)}</td>
            </tr>
          ))}</tbody>
        </table></div>
      </div>
    </div>
  );
}

function OutcomeUpload({ r, onUploaded }: { r: Strings; onUploaded: () => void }) {
  const sites = useApi<{ sites: SiteInfo[] }>('/sites');
  const [result, setResult] = useState<{ ok: string } | { error: string; errors: string[] } | null>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const file = (form.elements.namedItem('figures') as HTMLInputElement).files?.[0];
    const site = (form.elements.namedItem('site') as HTMLSelectElement).value;
    if (!file) return;
    try {
      const { stored } = await api<{ stored: number }>('POST', `/sites/${encodeURIComponent(site)}/outcomes`, { csv: await file.text(), fileName: file.name });
      setResult({ ok: r.outcomesStored(stored) });
      onUploaded();
    } catch (err) {
      setResult({ error: (err as Error).message, errors: err instanceof ApiError ? err.body.errors ?? [] : [] });
    }
  };
  return (
    <form class="card" onSubmit={send} data-testid="outcome-upload">
      <h3>{r.outcomesUpload}</h3>
      <p id="figures-hint">{r.outcomesUploadHint}</p>
      <label class="field">{r.outcomesSite}<select name="site" required>{(sites.data?.sites ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></label>
      <label class="field">{r.outcomesFile}<input type="file" name="figures" accept=".csv,text/csv" required aria-describedby="figures-hint" /></label>
      <button type="submit" class="button">{r.outcomesSend}</button>
      <div aria-live="polite" data-testid="outcome-result">
        {result && 'ok' in result && <p class="ok">{result.ok}</p>}
        {result && 'error' in result && <div class="error"><p>{result.error}</p><ul>{result.errors.map((x, i) => <li key={i}>{x}</li>)}</ul></div>}
      </div>
    </form>
  );
}
