import { isShown } from '../../shared/privacy-rule.ts';
import { cellWords, progressOverTime, summarise, type AssignedModuleStatus, type DayOfProgress, type QuizResult, type SignoffRow, type SiteStatus } from '../../shared/console/report.ts';
import { downloadUrl } from '../api.ts';
import type { PageProps } from '../page-props.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { useApi } from '../use-api.ts';
import { usePublishedTitles } from '../module-titles.ts';
import type { Outcome } from '../../shared/sync/records.ts';

/** Every table of the page can be had as CSV, from the server, with the same numbers. */
function CsvLink({ t, site, table, label = t.downloadCsv }: { t: ConsoleStrings; site: string; table: string; label?: string }) {
  return <a class="button secondary" href={downloadUrl(`/sites/${encodeURIComponent(site)}/export/${table}.csv`)} download>{label}<span class="visually-hidden">: {table}</span></a>;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const percent = (rate: number) => Math.round(rate * 100);

/** One matrix cell: the state in words (the colour only repeats it). */
function Cell({ t, m }: { t: ConsoleStrings; m: AssignedModuleStatus }) {
  const r = t.reports;
  const words = m.state === 'done' ? r.cellDone(day(m.doneAt))
    : m.state === 'waiting' ? r.cellWaiting(m.devices.map((d) => r.lastSeen(d.phone ? t.kiosks.phoneOf(d.label) : d.label, d.lastContactAt === null ? r.never : new Date(d.lastContactAt).toLocaleString())).join('; '))
    : r.cellNotDone;
  return (
    <td class={`cell cell-${m.state}${m.overdue ? ' cell-overdue' : ''}`} data-state={m.state} data-overdue={m.overdue ? 'true' : undefined} title={cellWords(m, day)}>
      {m.overdue && <strong>{r.cellOverdue(m.due)}. </strong>}{words}
    </td>
  );
}

export function Reports({ t, site }: PageProps) {
  const status = useApi<SiteStatus>(site ? `/sites/${encodeURIComponent(site.id)}/status` : null);
  const signoffs = useApi<{ signoffs: SignoffRow[] }>(site ? `/sites/${encodeURIComponent(site.id)}/signoffs` : null);
  const quiz = useApi<{ modules: QuizResult[] }>(site ? `/sites/${encodeURIComponent(site.id)}/quiz-results` : null);
  const titles = usePublishedTitles();
  const r = t.reports;
  const title = (id: string) => titles.get(id) ?? id;
  // The status report names everyone on the roster already: a viewer, who may not read the people list, sees names too.
  const names = new Map((status.data?.learners ?? []).map((l) => [l.id, l.name]));
  const person = (id: string) => (names.has(id) ? r.personNamed(names.get(id)!, id) : id);
  if (!site) return <p>{t.noSites}</p>;
  if (status.error) return <p class="error" role="alert">{t.failed(status.error)}</p>;
  const data = status.data;
  if (!data || data.site.id !== site.id) return <p role="status">{t.loading}</p>;
  const summary = summarise(data);
  const moduleIds = summary.modules.map((m) => m.moduleId);
  return (
    <section data-testid="reports">
      <h1>{r.heading(data.site.name)}</h1>
      <ul class="figures" data-testid="summary">
        <li data-figure="done">{r.summary(summary.done, summary.assigned, percent(summary.rate))}</li>
        <li data-figure="waiting">{r.waiting(summary.waiting)}</li>
        <li data-figure="overdue">{r.overdue(summary.overdue)}</li>
        <li data-figure="queued">{r.queued(summary.queuedOnKiosks)}</li>
      </ul>

      <h2>{r.perModule}</h2>
      {/* The chart and its numbers are one table: each bar says its value in words beside it. */}
      <div class="table-wrap" tabIndex={0}><table data-testid="per-module">
        <thead><tr><th scope="col">{r.module}</th><th scope="col">{r.assigned}</th><th scope="col">{r.done}</th><th scope="col">{r.waitingShort}</th><th scope="col">{r.notDone}</th><th scope="col">{r.overdueShort}</th><th scope="col">{r.rate}</th></tr></thead>
        <tbody>
          {summary.modules.map((m) => (
            <tr key={m.moduleId} data-module={m.moduleId}>
              <th scope="row">{title(m.moduleId)}</th><td>{m.assigned}</td><td>{m.done}</td><td>{m.waiting}</td><td>{m.notDone}</td><td>{m.overdue}</td>
              <td><progress max={100} value={percent(m.rate)} aria-label={`${title(m.moduleId)}: ${percent(m.rate)}%`} /> {percent(m.rate)}%</td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <p><CsvLink t={t} site={site.id} table="modules" /></p>

      <h2>{r.overTime}</h2>
      <ProgressChart t={t} days={progressOverTime(data)} />
      <p><CsvLink t={t} site={site.id} table="progress" /></p>

      <h2>{r.quizResults}</h2>
      {quiz.data && (quiz.data.modules.length ? (
        <div class="table-wrap" tabIndex={0}><table data-testid="quiz-results">
          <thead><tr><th scope="col">{r.module}</th><th scope="col">{r.rosterEver}</th><th scope="col">{r.learners}</th><th scope="col">{r.passedPeople}</th></tr></thead>
          <tbody>{quiz.data.modules.map((q) => (
            <tr key={q.moduleId} data-module={q.moduleId}><th scope="row">{title(q.moduleId)}</th><td>{q.people}</td><td>{isShown(q.tried) ? q.tried.people : r.hidden}</td><td>{isShown(q.passed) ? q.passed.people : r.hidden}</td></tr>
          ))}</tbody>
        </table></div>
      ) : <p>{r.noAttempts}</p>)}
      <p>{r.quizNote}</p>
      <p><CsvLink t={t} site={site.id} table="quiz" /></p>

      <h2>{r.matrix}</h2>
      <p class="row"><CsvLink t={t} site={site.id} table="matrix" /><CsvLink t={t} site={site.id} table="status" label={t.downloadCsvLong} /></p>
      <div class="table-wrap" tabIndex={0}>
        <table class="matrix" data-testid="matrix">
          <thead><tr><th scope="col">{r.person}</th>{moduleIds.map((id) => <th key={id} scope="col" data-module={id}>{title(id)}</th>)}</tr></thead>
          <tbody>
            {data.learners.filter((l) => l.modules.length).map((l) => (
              <tr key={l.id} data-person={l.id}>
                <th scope="row">{r.personNamed(l.name, l.id)}</th>
                {moduleIds.map((id) => {
                  const m = l.modules.find((x) => x.moduleId === id);
                  return m ? <Cell key={id} t={t} m={m} /> : <td key={id} class="cell cell-none" data-module={id}>{r.notAssigned}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{r.signoffs}</h2>
      {signoffs.data && !signoffs.data.signoffs.length && <p>{r.noSignoffs}</p>}
      {signoffs.data && signoffs.data.signoffs.length > 0 && (
        <div class="table-wrap" tabIndex={0}><table data-testid="signoffs">
          <thead><tr><th scope="col">{r.date}</th><th scope="col">{r.topic}</th><th scope="col">{r.supervisor}</th><th scope="col">{r.attendees}</th></tr></thead>
          <tbody>
            {signoffs.data.signoffs.map((s) => (
              <tr key={s.id}><td>{s.date}</td><td>{s.topic}</td><td>{person(s.supervisorId)}</td><td>{s.attendees.map((a) => `${person(a.personId)}: ${r.outcomes[a.outcome as Outcome] ?? a.outcome}`).join(', ')}</td></tr>
            ))}
          </tbody>
        </table></div>
      )}
      <p><CsvLink t={t} site={site.id} table="signoffs" /></p>
    </section>
  );
}

/**
 * Assigned modules done over time, as a step line, with the same numbers in
 * the table beside it: the chart is for the shape, the table for the facts.
 */
function ProgressChart({ t, days }: { t: ConsoleStrings; days: DayOfProgress[] }) {
  const r = t.reports;
  if (!days.length) return <p>{r.nothingYet}</p>;
  const width = 480;
  const height = 180;
  // Room for the share on the left and the dates underneath: a chart with one point still has its axes.
  const left = 48;
  const right = 20;
  const x = (i: number) => (days.length === 1 ? (left + width - right) / 2 : left + (i / (days.length - 1)) * (width - left - right));
  const y = (rate: number) => height - 32 - rate * (height - 52);
  const points = days.map((d, i) => `${x(i).toFixed(1)},${y(d.rate).toFixed(1)}`).join(' ');
  const dated = days.length === 1 ? [0] : [0, days.length - 1];
  return (
    <div class="chart-and-table">
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={r.chartLabel(percent(days.at(-1)!.rate), days[0]!.day, days.at(-1)!.day)}>
        <line x1={left} y1={y(0)} x2={width - right} y2={y(0)} class="axis" />
        <line x1={left} y1={y(0)} x2={left} y2={y(1)} class="axis" />
        {[0, 0.5, 1].map((share) => (
          <g key={share}>
            {share > 0 && <line x1={left} y1={y(share)} x2={width - right} y2={y(share)} class="axis faint" />}
            <text x={left - 6} y={y(share) + 4} text-anchor="end">{percent(share)}%</text>
          </g>
        ))}
        {dated.map((i) => <text key={i} x={x(i)} y={height - 10} text-anchor={days.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'}>{days[i]!.day}</text>)}
        <polyline points={points} class="series" />
        {days.map((d, i) => <circle key={d.day} cx={x(i)} cy={y(d.rate)} r="4" class="point" />)}
      </svg>
      <div class="table-wrap" tabIndex={0}><table data-testid="over-time">
        <thead><tr><th scope="col">{r.date}</th><th scope="col">{r.done}</th><th scope="col">{r.rate}</th></tr></thead>
        <tbody>{days.map((d) => <tr key={d.day}><td>{d.day}</td><td>{d.done}</td><td>{percent(d.rate)}%</td></tr>)}</tbody>
      </table></div>
    </div>
  );
}
