import type { AuditEntry } from '../../shared/console/access.ts';
import { siteName, type PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';

export function Audit({ t, sites }: PageProps) {
  const log = useApi<{ entries: AuditEntry[] }>('/audit');
  const a = t.audit;
  return (
    <section data-testid="audit">
      <h1>{a.heading}</h1>
      {log.error && <p class="error" role="alert">{t.failed(log.error)}</p>}
      {!log.data && !log.error && <p role="status">{t.loading}</p>}
      {log.data && (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th scope="col">{a.when}</th><th scope="col">{a.who}</th><th scope="col">{a.what}</th><th scope="col">{a.target}</th><th scope="col">{a.detail}</th></tr></thead>
            <tbody>{log.data.entries.map((e) => (
              <tr key={e.id} data-action={e.action}><td>{new Date(e.at).toLocaleString()}</td><td>{e.userId}</td><td>{a.actions[e.action] ?? e.action}</td><td>{siteName(sites, e.target)}</td><td>{e.detail}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
