import { can } from '../../shared/console/access.ts';
import { describeSeconds } from '../../shared/line-cost.ts';
import type { CatalogEntry } from '../../shared/module.ts';
import type { PageProps } from '../page-props.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { navigate } from '../router.ts';
import { useApi } from '../use-api.ts';

export type ModuleRow = CatalogEntry & { seconds: number; source: string | null; sites: string[] };

export const kib = (bytes: number) => (bytes / 1024).toFixed(1);

export function lineTime(t: ConsoleStrings, seconds: number): string {
  const d = describeSeconds(seconds);
  return d.unit === 'min' ? t.content.minutes(d.value) : t.content.seconds(d.value, d.under);
}

export function Content({ t, user }: PageProps) {
  const modules = useApi<{ modules: ModuleRow[] }>('/modules');
  const drafts = useApi<{ drafts: { name: string; updatedAt: number }[] }>(can(user, 'content.write') ? '/drafts' : null);
  const c = t.content;
  const open = (file: string | null) => navigate({ name: 'editor', file });
  return (
    <section data-testid="content">
      <h1>{c.heading}</h1>
      {can(user, 'content.write') && <p><button type="button" class="button" onClick={() => open(null)}>{c.newModule}</button></p>}
      {modules.error && <p class="error" role="alert">{t.failed(modules.error)}</p>}
      {!modules.data && !modules.error && <p role="status">{t.loading}</p>}
      {modules.data && (
        <div class="table-wrap">
          <table data-testid="modules">
            <thead><tr><th scope="col">{t.reports.module}</th><th scope="col">{c.lang}</th><th scope="col">{c.size}</th><th scope="col">{c.cost}</th><th scope="col">{c.sites}</th><th scope="col"><span class="visually-hidden">{c.edit}</span></th></tr></thead>
            <tbody>
              {modules.data.modules.map((m) => (
                <tr key={`${m.id}:${m.lang}`} data-module={m.id} data-lang={m.lang}>
                  <th scope="row">{m.title}<br /><small>{m.id}, v{m.version}</small></th>
                  <td>{m.lang}</td>
                  <td>{kib(m.br)} KiB</td>
                  <td data-testid="line-cost">{lineTime(t, m.seconds)}</td>
                  <td>{m.sites.length ? m.sites.join(', ') : c.none}</td>
                  <td>{m.source && can(user, 'content.write') && <button type="button" class="button secondary" onClick={() => open(m.source)}>{c.edit}<span class="visually-hidden"> {m.title}</span></button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {drafts.data && (
        <>
          <h2>{c.drafts}</h2>
          {drafts.data.drafts.length ? (
            <ul>{drafts.data.drafts.map((d) => <li key={d.name}><a href={`/console/content/${encodeURIComponent(d.name)}`} onClick={(e) => { e.preventDefault(); open(d.name); }}>{d.name}</a> ({new Date(d.updatedAt).toLocaleString()})</li>)}</ul>
          ) : <p>{c.noDrafts}</p>}
        </>
      )}
    </section>
  );
}
