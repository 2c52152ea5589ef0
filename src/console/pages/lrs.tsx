import { useState } from 'preact/hooks';
import { standingFailure, type LrsView } from '../../shared/console/lrs.ts';
import { api } from '../api.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { Confirm } from './confirm.tsx';

/**
 * The learning record store every stored record is forwarded to: its
 * address and key (the secret is sent once and never shown again), and how
 * sending goes, in words: what waits, what the LRS last took, since when it
 * fails and why, and what it will not take as it is.
 */
export function Lrs({ t }: PageProps) {
  const l = t.lrs;
  const view = useApi<LrsView>('/lrs');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const when = (ms: number) => new Date(ms).toLocaleString();

  const save = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    setBusy(true);
    try {
      await api('PUT', '/lrs', { endpoint: String(form.get('endpoint')), key: String(form.get('key')), secret: String(form.get('secret') ?? '') });
      (e.target as HTMLFormElement).querySelector<HTMLInputElement>('[name=secret]')!.value = '';
      setMessage({ text: l.saved, error: false });
      view.reload();
    } catch (err) {
      setMessage({ text: t.failed((err as Error).message), error: true });
    } finally {
      setBusy(false);
    }
  };
  const stop = async () => {
    setAsking(false);
    try {
      await api('DELETE', '/lrs');
      setMessage({ text: l.removed, error: false });
      view.reload();
    } catch (err) {
      setMessage({ text: t.failed((err as Error).message), error: true });
    }
  };

  const v = view.data;
  const s = v?.status;
  const failure = s && standingFailure(s);
  return (
    <section data-testid="lrs">
      <h1>{l.heading}</h1>
      <p>{l.explain}</p>
      {view.error && <p class="error" role="alert">{t.failed(view.error)}</p>}
      {!v && !view.error && <p role="status">{t.loading}</p>}
      {message && <p class={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
      {v && (
        <>
          {v.source === null && <p>{l.none}</p>}
          {v.source === 'environment' ? (
            <div class="card">
              <dl>
                <dt>{l.endpoint}</dt><dd>{v.endpoint}</dd>
                <dt>{l.key}</dt><dd>{v.key}</dd>
              </dl>
              <p>{l.fromEnvironment}</p>
            </div>
          ) : (
            <form class="card" onSubmit={save} data-testid="lrs-form">
              <label class="field">{l.endpoint}
                <input type="url" name="endpoint" required value={v.endpoint ?? ''} aria-describedby="lrs-endpoint-hint" autocomplete="off" />
                <small id="lrs-endpoint-hint">{l.endpointHint}</small>
              </label>
              <label class="field">{l.key}<input name="key" required value={v.key ?? ''} autocomplete="off" /></label>
              <label class="field">{l.secret}
                <input type="password" name="secret" required={!v.secretSet} autocomplete="new-password" aria-describedby={v.secretSet ? 'lrs-secret-set' : undefined} />
                {v.secretSet && <small id="lrs-secret-set">{l.secretSet}</small>}
              </label>
              <p class="row">
                <button type="submit" class="button" disabled={busy}>{busy ? l.saving : l.save}</button>
                {v.source === 'console' && !asking && <button type="button" class="button secondary" onClick={() => setAsking(true)}>{l.remove}</button>}
              </p>
              {asking && <Confirm t={t} question={l.removeConfirm(v.endpoint ?? '')} yes={l.removeYes} onYes={stop} onNo={() => setAsking(false)} />}
            </form>
          )}
          {v.homePage && <p>{l.statementsAddress(v.homePage)}</p>}
          {s && (
            <section class="card" aria-labelledby="lrs-status" data-testid="lrs-status">
              <h2 id="lrs-status">{l.statusHeading}</h2>
              <p>{l.waiting(s.waiting)}</p>
              <p>{s.lastSent ? l.lastSent(when(s.lastSent.at), s.lastSent.statements) : l.neverSent}</p>
              {failure && <p class="error">{l.failing(when(failure.at), failure.reason)}</p>}
              {s.latest.length > 0 && (
                <>
                  <p>{l.keptAside(when(s.settledSince ?? s.latest.at(-1)!.at), s.refused + s.conflicts)}</p>
                  <div class="table-wrap" tabIndex={0}>
                    <table>
                      <thead><tr><th scope="col">{l.when}</th><th scope="col">{l.record}</th><th scope="col">{l.reason}</th></tr></thead>
                      <tbody>{s.latest.map((r) => <tr key={r.recordId}><td>{when(r.at)}</td><td>{r.recordId}</td><td>{r.reason}</td></tr>)}</tbody>
                    </table>
                  </div>
                </>
              )}
            </section>
          )}
        </>
      )}
    </section>
  );
}
