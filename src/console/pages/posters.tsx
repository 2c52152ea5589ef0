import { useEffect, useMemo, useState } from 'preact/hooks';
import { can } from '../../shared/console/access.ts';
import { POSTER_FORMATS, POSTER_SIZES, type PlacementReport, type ShortCode } from '../../shared/console/posters.ts';
import type { TrainingModule } from '../../shared/module.ts';
import { isShown } from '../../shared/privacy-rule.ts';
import { api } from '../api.ts';
import { moduleTitles, usePublishedCatalog } from '../module-titles.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';

type Listed = ShortCode & { url: string };

/** A module's job-aid sections (index and title), for a section's code: read from the published file a kiosk saves. */
function useJobAids(url: string | null): { index: number; title: string }[] | null {
  const [aids, setAids] = useState<{ index: number; title: string }[] | null>(null);
  useEffect(() => {
    setAids(null);
    if (!url) return;
    let live = true;
    fetch(url).then((r) => r.json()).then((m: TrainingModule) => live && setAids(m.sections.flatMap((s, index) => (s.jobAid ? [{ index, title: s.title || m.title }] : []))), () => undefined);
    return () => { live = false; };
  }, [url]);
  return aids;
}

/**
 * QR posters for a site: codes made for a module (or one section of it, a
 * job aid) with where each poster hangs, their A4 and A6 posters, and which
 * placements get scanned, week by week, under the privacy rule.
 */
export function Posters({ t, user, site }: PageProps) {
  const p = t.posters;
  const base = site ? `/sites/${encodeURIComponent(site.id)}` : null;
  const codes = useApi<{ codes: Listed[] }>(base && `${base}/codes`);
  const report = useApi<PlacementReport>(base && `${base}/placements`);
  const catalog = usePublishedCatalog();
  const lang = document.documentElement.lang;
  const titles = useMemo(() => moduleTitles(catalog, lang), [catalog, lang]);
  const [moduleId, setModuleId] = useState('');
  const variants = catalog.filter((m) => m.id === moduleId);
  const entry = variants.find((m) => m.lang === lang) ?? variants[0];
  const aids = useJobAids(entry?.url ?? null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!site || !base) return <p>{t.noSites}</p>;
  const manage = can(user, 'codes.manage', site.id);
  const opens = (c: Pick<ShortCode, 'moduleId' | 'section'>) => {
    const title = titles.get(c.moduleId) ?? c.moduleId;
    return c.section === null ? title : p.section(title, c.section + 1);
  };

  const create = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const section = String(form.get('section') ?? '');
    try {
      const made = await api<Listed>('POST', `${base}/codes`, { moduleId, section: section === '' ? null : Number(section), placement: String(form.get('placement') ?? '') });
      setMessage({ ok: true, text: p.made(made.code, made.placement) });
      (e.target as HTMLFormElement).reset();
      setModuleId('');
      codes.reload();
      report.reload();
    } catch (err) {
      setMessage({ ok: false, text: t.failed((err as Error).message) });
    }
  };
  const retire = async (c: Listed) => {
    try {
      await api('POST', `/codes/${c.code}/retire`);
      setMessage({ ok: true, text: p.retired(c.code, c.placement) });
      codes.reload();
      report.reload();
    } catch (err) {
      setMessage({ ok: false, text: t.failed((err as Error).message) });
    }
  };
  const cell = (c: { people: PlacementReport['placements'][number]['total']['people']; opens: number | null }) =>
    (isShown(c.people) ? p.people(c.people.people, c.opens ?? 0) : t.reports.hidden);

  return (
    <section data-testid="posters">
      <h1>{p.heading(site.name)}</h1>
      <p>{p.intro}</p>
      {manage && (
        <form class="card" onSubmit={create} data-testid="code-form">
          <h2>{p.newCode}</h2>
          <label class="field">{p.module}
            <select name="module" required value={moduleId} onChange={(e) => setModuleId((e.target as HTMLSelectElement).value)}>
              <option value="">{p.chooseModule}</option>
              {[...titles].sort(([, a], [, b]) => a.localeCompare(b)).map(([id, title]) => <option key={id} value={id}>{title}</option>)}
            </select>
          </label>
          <label class="field">{p.opensAt}
            <select name="section" disabled={!aids?.length}>
              <option value="">{p.wholeModule}</option>
              {aids?.map(({ index, title }) => <option key={index} value={String(index)}>{p.jobAid(title)}</option>)}
            </select>
          </label>
          <label class="field">{p.placement}<input name="placement" required maxLength={80} placeholder={p.placementExample} /></label>
          <button type="submit" class="button">{p.create}</button>
        </form>
      )}
      {message && <p class={message.ok ? 'notice' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="code-message">{message.text}</p>}
      {codes.error && <p class="error" role="alert">{t.failed(codes.error)}</p>}
      {codes.data && (codes.data.codes.length === 0 ? <p>{p.none}</p> : (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="codes">
            <caption>{p.codesCaption}</caption>
            <thead><tr><th scope="col">{p.placement}</th><th scope="col">{p.opens}</th><th scope="col">{p.code}</th><th scope="col">{p.poster}</th></tr></thead>
            <tbody>{codes.data.codes.map((c) => (
              <tr key={c.code} data-code={c.code}>
                <th scope="row">{c.placement}{c.retired && <><br /><small>{p.retiredState}</small></>}</th>
                <td>{opens(c)}</td>
                <td><span class="code-text">{c.code}</span><br /><small>{c.url}</small></td>
                <td>{!c.retired && (
                  <>
                    {POSTER_SIZES.flatMap((size) => POSTER_FORMATS.map((format) => (
                      <a key={`${size}-${format}`} class="button secondary" href={`/api/v1/console/codes/${c.code}/poster-${size}.${format}`} target="_blank" rel="noopener">
                        {p.download(size.toUpperCase(), format.toUpperCase())}<span class="visually-hidden"> {c.placement}</span>
                      </a>
                    )))}
                    {manage && <button type="button" class="button danger" onClick={() => retire(c)}>{p.retire}<span class="visually-hidden"> {c.placement}</span></button>}
                  </>
                )}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      ))}
      <h2>{p.reportHeading}</h2>
      <p>{p.reportNote}</p>
      {report.error && <p class="error" role="alert">{t.failed(report.error)}</p>}
      {report.data && report.data.placements.length > 0 && (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="placements">
            <thead><tr><th scope="col">{p.placement}</th>{report.data.weeks.map((w) => <th key={w} scope="col">{p.week(w)}</th>)}<th scope="col">{p.total}</th></tr></thead>
            <tbody>{report.data.placements.map((row) => (
              <tr key={row.code} data-code={row.code}>
                <th scope="row">{row.placement}<br /><small>{opens(row)}</small></th>
                {row.weeks.map((w, i) => <td key={report.data!.weeks[i]} data-week={report.data!.weeks[i]}>{cell(w)}</td>)}
                <td data-week="total">{cell(row.total)}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
