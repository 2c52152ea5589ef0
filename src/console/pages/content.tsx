import { can } from '../../shared/console/access.ts';
import type { PublishedVersion, PublishPlan } from '../../shared/console/content.ts';
import type { CatalogEntry } from '../../shared/module.ts';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { MAX_IMPORT_BYTES, type ImportReport } from '../../shared/console/import-report.ts';
import { siteName, type PageProps } from '../page-props.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { navigate } from '../router.ts';
import { useApi } from '../use-api.ts';
import { Confirm } from './confirm.tsx';
import { Removals } from './removals.tsx';
import { ImportReportView } from './import-report.tsx';
import { kib, lineTime } from '../line-figures.ts';

export type ModuleRow = CatalogEntry & { seconds: number; source: string | null; sites: string[]; lastPublished: { at: number; by: string } | null };


export function Content({ t, user, sites }: PageProps) {
  const modules = useApi<{ modules: ModuleRow[] }>('/modules');
  const drafts = useApi<{ drafts: { name: string; updatedAt: number }[] }>(can(user, 'content.write') ? '/drafts' : null);
  const c = t.content;
  const open = (file: string | null) => navigate({ name: 'editor', file });
  const [takingOff, setTakingOff] = useState<{ file: string; title: string; plan: PublishPlan } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const checkTakeOff = async (m: ModuleRow) => {
    try {
      setTakingOff({ file: m.source!, title: m.title, plan: await api<PublishPlan>('POST', `/sources/${encodeURIComponent(m.source!)}/unpublish-plan`) });
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };
  const takeOff = async (file: string, title: string) => {
    try {
      await api<PublishPlan>('POST', `/sources/${encodeURIComponent(file)}/unpublish`);
      setMessage(c.tookOff(title));
      modules.reload();
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
    setTakingOff(null);
  };
  return (
    <section data-testid="content">
      <h1>{c.heading}</h1>
      {can(user, 'content.write') && <p><button type="button" class="button" onClick={() => open(null)}>{c.newModule}</button></p>}
      {can(user, 'content.write') && <ImportForm t={t} onImported={drafts.reload} />}
      {modules.error && <p class="error" role="alert">{t.failed(modules.error)}</p>}
      {!modules.data && !modules.error && <p role="status">{t.loading}</p>}
      {modules.data && (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="modules">
            <thead><tr><th scope="col">{t.reports.module}</th><th scope="col">{c.lang}</th><th scope="col">{c.size}</th><th scope="col">{c.cost}</th><th scope="col">{c.sites}</th><th scope="col">{c.lastPublished}</th><th scope="col"><span class="visually-hidden">{c.edit}</span></th></tr></thead>
            <tbody>
              {modules.data.modules.map((m) => (
                <tr key={`${m.id}:${m.lang}`} data-module={m.id} data-lang={m.lang}>
                  <th scope="row">{m.title}<br /><small>{m.id}, v{m.version}</small></th>
                  <td>{m.lang}</td>
                  <td>{kib(m.br)} KiB</td>
                  <td data-testid="line-cost">{lineTime(t, m.seconds)}</td>
                  <td>{m.sites.length ? m.sites.map((id) => siteName(sites, id)).join(', ') : c.none}</td>
                  <td>{m.lastPublished ? c.publishedBy(new Date(m.lastPublished.at).toLocaleString(), m.lastPublished.by) : c.beforeConsole}</td>
                  <td><div class="row">
                    {m.source && can(user, 'content.write') && <button type="button" class="button secondary" onClick={() => open(m.source)}>{c.edit}<span class="visually-hidden"> {m.title}</span></button>}
                    {m.source && can(user, 'content.publish') && <button type="button" class="button secondary" onClick={() => checkTakeOff(m)}>{c.takeOff}<span class="visually-hidden">: {m.title} ({m.lang})</span></button>}
                  </div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {takingOff && (
        <div class="card" data-testid="take-off-plan">
          {/* What else goes with it, and where it is still assigned or followed by a campaign, before the button. */}
          <Removals t={t} plan={takingOff.plan} />
          {takingOff.plan.ok
            ? <Confirm t={t} question={c.confirmTakeOff(takingOff.title)} yes={c.yesTakeOff} onYes={() => void takeOff(takingOff.file, takingOff.title)} onNo={() => setTakingOff(null)} />
            : <><ul class="problems">{takingOff.plan.diagnostics.map((d, i) => <li key={i} class="error">{`${d.file}:${d.line}: ${d.message}`}</li>)}</ul><button type="button" class="button secondary" onClick={() => setTakingOff(null)}>{t.keep}</button></>}
        </div>
      )}
      <p aria-live="polite" data-testid="content-message">{message}</p>
      <History t={t} canPublish={can(user, 'content.publish')} onRolledBack={modules.reload} />
      {drafts.data && <Drafts t={t} drafts={drafts.data.drafts} open={open} onDeleted={drafts.reload} />}
    </section>
  );
}

/** Use the content you already have: a Word document, a PowerPoint deck, a PDF, a SCORM or cmi5 package or a zip of Markdown files becomes drafts, with a report of what the import did and what each draft costs on the line. */
function ImportForm({ t, onImported }: { t: ConsoleStrings; onImported: () => void }) {
  const c = t.content;
  const [state, setState] = useState<'idle' | 'busy' | { drafts: string[]; report: ImportReport } | { error: string }>('idle');
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const file = (form.elements.namedItem('document') as HTMLInputElement).files?.[0];
    if (!file) return;
    // Said here, before minutes of upload that the server would refuse.
    if (file.size > MAX_IMPORT_BYTES) return setState({ error: c.importTooLarge(file.name, (file.size / 1024 / 1024).toFixed(1), String(MAX_IMPORT_BYTES / 1024 / 1024)) });
    setState('busy');
    const query = new URLSearchParams({ fileName: file.name, lang: document.documentElement.lang || 'en', speakerNotes: (form.elements.namedItem('speaker-notes') as HTMLInputElement).checked ? 'yes' : 'no' });
    try {
      setState(await api<{ drafts: string[]; report: ImportReport }>('POST', `/imports?${query}`, file));
      onImported();
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };
  return (
    <form class="card" onSubmit={submit} data-testid="import">
      <h2>{c.importHeading}</h2>
      <p id="import-hint">{c.importHint}</p>
      <label class="field">{c.importFile}<input type="file" name="document" required accept=".docx,.pptx,.pdf,.zip" aria-describedby="import-hint" /></label>
      <label class="check"><input type="checkbox" name="speaker-notes" /> {c.importSpeakerNotes}</label>
      <button type="submit" class="button" disabled={state === 'busy'}>{state === 'busy' ? t.loading : c.importButton}</button>
      <div aria-live="polite" data-testid="import-result">
        {typeof state === 'object' && 'error' in state && <p class="error">{t.failed(state.error)}</p>}
        {typeof state === 'object' && 'drafts' in state && (
          <>
            <p class="ok">{c.imported(state.drafts.length)}</p>
            <ul>{state.drafts.map((d) => <li key={d}><a href={`/console/content/${encodeURIComponent(d)}`} onClick={(ev) => { ev.preventDefault(); navigate({ name: 'editor', file: d }); }}>{d}</a></li>)}</ul>
            <ImportReportView t={t} report={state.report} level={3} />
          </>
        )}
      </div>
    </form>
  );
}

/** The author's drafts: each opens in the editor, and can be deleted after a confirmation (published modules stay as they are). */
function Drafts({ t, drafts, open, onDeleted }: { t: ConsoleStrings; drafts: { name: string; updatedAt: number }[]; open: (name: string) => void; onDeleted: () => void }) {
  const c = t.content;
  const [deleting, setDeleting] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const remove = async (name: string) => {
    try {
      await api('DELETE', `/drafts/${encodeURIComponent(name)}`);
      setMessage(c.draftDeleted(name));
      onDeleted();
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
    setDeleting(null);
  };
  return (
    <section data-testid="drafts">
      <h2>{c.drafts}</h2>
      {drafts.length ? (
        <ul>{drafts.map((d) => (
          <li key={d.name} data-draft={d.name}>
            <a href={`/console/content/${encodeURIComponent(d.name)}`} onClick={(e) => { e.preventDefault(); open(d.name); }}>{d.name}</a> ({new Date(d.updatedAt).toLocaleString()})
            {deleting === d.name ? <Confirm t={t} question={c.confirmDeleteDraft(d.name)} yes={c.yesDeleteDraft} onYes={() => void remove(d.name)} onNo={() => setDeleting(null)} /> : <> <button type="button" class="button secondary" onClick={() => setDeleting(d.name)}>{t.people.remove}<span class="visually-hidden"> {d.name}</span></button></>}
          </li>
        ))}</ul>
      ) : <p>{c.noDrafts}</p>}
      <p aria-live="polite" data-testid="drafts-message">{message}</p>
    </section>
  );
}

type Version = PublishedVersion & { live: boolean };

/** Every catalog the console published, and one click back to an earlier one (after seeing what kiosks would download). */
function History({ t, canPublish, onRolledBack }: { t: ConsoleStrings; canPublish: boolean; onRolledBack: () => void }) {
  const c = t.content;
  const versions = useApi<{ versions: Version[] }>('/versions');
  const [plan, setPlan] = useState<{ version: string; plan: PublishPlan } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const check = async (version: string) => {
    try {
      setPlan({ version, plan: await api<PublishPlan>('POST', `/versions/${version}/plan`) });
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };
  const rollback = async (version: string) => {
    try {
      const done = await api<PublishPlan>('POST', `/versions/${version}/rollback`);
      setMessage(c.rolledBack(done.changed.length + done.removed.length));
      setPlan(null);
      versions.reload();
      onRolledBack();
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };
  if (!versions.data?.versions.length) return null;
  return (
    <section data-testid="history">
      <h2>{c.history}</h2>
      <div class="table-wrap" tabIndex={0}><table>
        <thead><tr><th scope="col">{c.when}</th><th scope="col">{c.by}</th><th scope="col">{c.what}</th><th scope="col"><span class="visually-hidden">{c.rollback}</span></th></tr></thead>
        <tbody>{versions.data.versions.map((v) => (
          <tr key={v.version} data-version={v.version}>
            <td>{new Date(v.at).toLocaleString()}</td><td>{v.by || c.beforeConsole}</td><td>{c.modulesCount(v.modules)}{changeInWords(c, v)}</td>
            <td>{v.live ? <strong>{c.live}</strong> : canPublish && <button type="button" class="button secondary" onClick={() => check(v.version)}>{c.checkRollback}<span class="visually-hidden"> {new Date(v.at).toLocaleString()}</span></button>}</td>
          </tr>
        ))}</tbody>
      </table></div>
      {plan && (
        <div class="card" data-testid="rollback-plan">
          {plan.plan.changed.length ? <p>{c.rollbackPlan(plan.plan.changed.length, kib(plan.plan.bytes), lineTime(t, plan.plan.seconds))}</p> : !plan.plan.removed.length && <p>{t.editor.planNothing}</p>}
          <Removals t={t} plan={plan.plan} />
          <button type="button" class="button" disabled={!plan.plan.ok} onClick={() => rollback(plan.version)}>{c.rollback}</button>
        </div>
      )}
      <p aria-live="polite" data-testid="history-message">{message}</p>
    </section>
  );
}

/** What a publish did, by module title, in the console's language; older entries kept it in English words. */
function changeInWords(c: ConsoleStrings['content'], v: PublishedVersion): string {
  if (!v.what) return v.note ? `: ${v.note}` : '';
  // The catalog from before the console's first publish changed nothing itself.
  if (!v.what.length) return v.by ? `: ${c.noModuleChanged}` : '';
  const titles = (removed: boolean) => v.what!.filter((w) => w.removed === removed).map((w) => `${w.title} (${w.lang})`).join(', ');
  const changed = titles(false);
  const removed = titles(true);
  return `: ${[changed && c.changedModules(changed), removed && c.removedModules(removed)].filter(Boolean).join('; ')}`;
}
