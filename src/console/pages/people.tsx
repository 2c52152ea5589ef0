import { useMemo, useState } from 'preact/hooks';
import { can } from '../../shared/console/access.ts';
import { MIN_PASSPHRASE_LENGTH } from '../../shared/kiosk/credential.ts';
import { roleCounts } from '../../shared/roster/role-counts.ts';
import type { Assignment, Person, SiteInfo } from '../../shared/roster/roster.ts';
import { api, ApiError } from '../api.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { Confirm } from './confirm.tsx';
import type { ModuleRow } from './content.tsx';
import { moduleTitles } from '../module-titles.ts';

type ListedPerson = Omit<Person, 'pin' | 'passphrase'> & { hasPin: boolean; hasPassphrase: boolean };

export function People({ t, user, site }: PageProps) {
  const p = t.people;
  const base = site ? `/sites/${encodeURIComponent(site.id)}` : null;
  const people = useApi<{ people: ListedPerson[] }>(base && `${base}/people`);
  const assignments = useApi<{ assignments: Assignment[] }>(base && `${base}/assignments`);
  const modules = useApi<{ modules: ModuleRow[] }>(can(user, 'content.read') ? '/modules' : null);
  const [query, setQuery] = useState('');
  const [upload, setUpload] = useState<{ ok: string } | { error: string; errors: string[] } | null>(null);
  const [replace, setReplace] = useState(false);
  const manage = site !== null && can(user, 'site.manage', site.id);
  const titles = useMemo(() => moduleTitles(modules.data?.modules ?? []), [modules.data, t]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (people.data?.people ?? []).filter((x) => !q || x.id.toLowerCase().includes(q) || x.name.toLowerCase().includes(q) || x.roles.some((r) => r.includes(q)));
  }, [people.data, query]);

  if (!site || !base) return <p>{t.noSites}</p>;

  const sendRoster = async (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('roster') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const r = await api<{ added: number; updated: number; removed: number }>('POST', `${base}/roster`, { csv: await file.text(), fileName: file.name, replace });
      setUpload({ ok: p.imported(r.added, r.updated, r.removed) });
      people.reload();
    } catch (err) {
      setUpload({ error: (err as Error).message, errors: err instanceof ApiError ? err.body.errors ?? [] : [] });
    }
  };

  return (
    <section data-testid="people">
      <h1>{p.heading}: {site.name}</h1>
      {manage && (
        <form class="card" onSubmit={sendRoster} data-testid="roster-upload">
          <h2>{p.upload}</h2>
          <p id="roster-hint">{p.uploadHint}</p>
          <label class="field">{p.upload}<input type="file" name="roster" accept=".csv,text/csv" required aria-describedby="roster-hint" /></label>
          <label class="check"><input type="checkbox" checked={replace} onChange={(e) => setReplace((e.target as HTMLInputElement).checked)} /> {p.replace}</label>
          <button type="submit" class="button">{p.uploadButton}</button>
          <div aria-live="polite" data-testid="roster-result">
            {upload && 'ok' in upload && <p class="ok">{upload.ok}</p>}
            {upload && 'error' in upload && (
              <div class="error">
                <p>{upload.error}</p>
                <ul>{upload.errors.map((x, i) => <li key={i}>{x}</li>)}</ul>
              </div>
            )}
          </div>
        </form>
      )}
      {manage && <SiteSettings t={t} site={site} base={base} />}
      {manage && <AssignmentForm t={t} base={base} modules={titles} people={people.data?.people ?? []} onDone={assignments.reload} />}

      <h2>{p.assignments}</h2>
      {assignments.data && <Assignments t={t} base={base} assignments={assignments.data.assignments} modules={titles} people={people.data?.people ?? []} manage={manage} onChanged={assignments.reload} />}

      <h2>{p.heading}</h2>
      <label class="field">{p.search}<input type="search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} /></label>
      {people.error && <p class="error" role="alert">{t.failed(people.error)}</p>}
      {people.data && (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="people-list">
            <thead><tr><th scope="col">{p.number}</th><th scope="col">{p.name}</th><th scope="col">{p.roles}</th><th scope="col">{p.isSupervisor}</th><th scope="col">{p.credentials}</th></tr></thead>
            <tbody>{shown.map((x) => (
              <tr key={x.id} data-person={x.id}>
                <td>{x.id}</td><td>{x.name}</td><td>{x.roles.join(', ')}</td><td>{x.supervisor ? p.yes : p.no}</td>
                <td>
                  {[x.hasPin ? p.pin : p.noPin, ...(x.hasPassphrase ? [p.passphrase] : [])].join(', ')}
                  {manage && x.supervisor && <PassphraseForm t={t} person={x} onSet={people.reload} />}
                </td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Assigns a module to a role or a person, each picked from the site's roster:
 * a typed role that nobody has would assign nobody, silently.
 */
function AssignmentForm({ t, base, modules, people, onDone }: { t: PageProps['t']; base: string; modules: ReadonlyMap<string, string>; people: ListedPerson[]; onDone: () => void }) {
  const p = t.people;
  const [kind, setKind] = useState<'role' | 'person'>('role');
  const [result, setResult] = useState<string | null>(null);
  const roles = useMemo(() => roleCounts(people), [people]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      await api('POST', `${base}/assignments`, { [kind]: String(form.get('target')), moduleId: String(form.get('module')), due: String(form.get('due')) });
      setResult(p.assigned);
      onDone();
    } catch (err) {
      setResult(t.failed((err as Error).message));
    }
  };
  return (
    <form class="card" onSubmit={submit} data-testid="assign">
      <h2>{p.assignments}</h2>
      <fieldset>
        <legend>{p.assignTo}</legend>
        <label class="check"><input type="radio" name="kind" checked={kind === 'role'} onChange={() => setKind('role')} /> {p.role}</label>
        <label class="check"><input type="radio" name="kind" checked={kind === 'person'} onChange={() => setKind('person')} /> {p.personOption}</label>
      </fieldset>
      <label class="field">{kind === 'role' ? p.role : p.personOption}
        <select name="target" required key={kind}>
          {kind === 'role'
            ? roles.map(({ role, people: n }) => <option key={role} value={role}>{p.roleWithCount(role, n)}</option>)
            : people.map((x) => <option key={x.id} value={x.id}>{x.name} ({x.id})</option>)}
        </select>
      </label>
      <label class="field">{p.module}
        <select name="module" required>{[...modules].sort(([, a], [, b]) => a.localeCompare(b)).map(([id, title]) => <option key={id} value={id}>{title}</option>)}</select>
      </label>
      <label class="field">{p.due}<input type="date" name="due" required /></label>
      <button type="submit" class="button">{p.assign}</button>
      <p aria-live="polite" data-testid="assign-result">{result}</p>
    </form>
  );
}

/** The site's assignments by name and title, each removable after a confirmation that says what it removes. */
function Assignments({ t, base, assignments, modules, people, manage, onChanged }: {
  t: PageProps['t']; base: string; assignments: Assignment[]; modules: ReadonlyMap<string, string>; people: ListedPerson[]; manage: boolean; onChanged: () => void;
}) {
  const p = t.people;
  const [confirming, setConfirming] = useState<Assignment | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const who = (a: Assignment) => {
    if (a.target.startsWith('role:')) return `${p.role}: ${a.target.slice('role:'.length)}`;
    const id = a.target.slice('person:'.length);
    const person = people.find((x) => x.id === id);
    return person ? `${person.name} (${id})` : `${p.number}: ${id}`;
  };
  const title = (a: Assignment) => modules.get(a.moduleId) ?? a.moduleId;
  /** The same assignment sent again: with a new due date it changes, with `remove` it goes. */
  const send = async (a: Assignment, change: { due: string; remove?: true }, said: string) => {
    const target = a.target.startsWith('role:') ? { role: a.target.slice('role:'.length) } : { person: a.target.slice('person:'.length) };
    try {
      await api('POST', `${base}/assignments`, { ...target, moduleId: a.moduleId, ...change });
      setMessage(said);
      onChanged();
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };
  const remove = async (a: Assignment) => {
    await send(a, { due: a.due, remove: true }, p.assignmentRemoved(title(a), who(a)));
    setConfirming(null);
  };
  return (
    <>
      <div class="table-wrap" tabIndex={0}><table data-testid="assignments">
        <thead><tr><th scope="col">{p.assignTo}</th><th scope="col">{p.module}</th><th scope="col">{p.due}</th>{manage && <th scope="col"><span class="visually-hidden">{p.remove}</span></th>}</tr></thead>
        <tbody>{assignments.map((a) => (
          <tr key={`${a.target} ${a.moduleId}`} data-assignment={`${a.target} ${a.moduleId}`}>
            <td>{who(a)}</td><td>{title(a)}</td>
            <td>{manage ? <DueDate key={a.due} t={t} due={a.due} label={p.dueFor(title(a), who(a))} onSave={(due) => void send(a, { due }, p.dueChanged(title(a), who(a), due))} /> : a.due}</td>
            {manage && (
              <td>
                {confirming === a ? (
                  <Confirm t={t} question={p.confirmRemove(title(a), who(a))} yes={p.yesRemove}
                    onYes={() => void remove(a)} onNo={() => setConfirming(null)} />
                ) : <button type="button" class="button secondary" onClick={() => setConfirming(a)}>{p.remove}<span class="visually-hidden"> {who(a)}, {title(a)}</span></button>}
              </td>
            )}
          </tr>
        ))}</tbody>
      </table></div>
      <p aria-live="polite" data-testid="assignments-message">{message}</p>
    </>
  );
}

/** An assignment's due date, changed in place: the button to save it shows once it differs. */
function DueDate({ t, due, label, onSave }: { t: PageProps['t']; due: string; label: string; onSave: (due: string) => void }) {
  const [value, setValue] = useState(due);
  return (
    <span class="row">
      <input type="date" value={value} aria-label={label} required onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      {value && value !== due && <button type="button" class="button secondary" onClick={() => onSave(value)}>{t.people.saveDue}</button>}
    </span>
  );
}

/** The site's name, the kiosks' language before anyone signs in, how soon an idle learner is signed out, and its time zone. */
function SiteSettings({ t, site, base }: { t: PageProps['t']; site: SiteInfo; base: string }) {
  const p = t.people;
  const [result, setResult] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      const timeZone = String(form.get('zone')).trim();
      await api('PUT', base, { name: String(form.get('name')).trim(), lang: String(form.get('lang')).trim(), idleSeconds: Number(form.get('idle')), ...(timeZone ? { timeZone } : {}) });
      setResult(p.settingsSaved);
    } catch (err) {
      setResult(t.failed((err as Error).message));
    }
  };
  return (
    <form class="card" onSubmit={submit} data-testid="site-settings" key={site.id}>
      <h2>{p.settings}</h2>
      <label class="field">{p.siteName}<input name="name" required maxLength={80} defaultValue={site.name} /></label>
      <label class="field">{p.siteLanguage}<input name="lang" required pattern="[a-z]{2,3}" defaultValue={site.lang} aria-describedby="lang-hint" /><small id="lang-hint">{p.siteLanguageHint}</small></label>
      <label class="field">{p.idle}<input name="idle" type="number" required min={15} max={3600} defaultValue={String(site.idleSeconds)} /></label>
      <label class="field">{p.timeZone}<input name="zone" list="time-zones" maxLength={64} defaultValue={site.timeZone ?? ''} aria-describedby="zone-hint" /><small id="zone-hint">{p.timeZoneHint}</small></label>
      <datalist id="time-zones">{Intl.supportedValuesOf('timeZone').map((z) => <option key={z} value={z} />)}</datalist>
      <button type="submit" class="button">{p.saveSettings}</button>
      <p aria-live="polite" data-testid="settings-result">{result}</p>
    </form>
  );
}

/** A supervisor's passphrase, set by their site's admin: what they sign in and sign off with on kiosks, offline. */
function PassphraseForm({ t, person, onSet }: { t: PageProps['t']; person: ListedPerson; onSet: () => void }) {
  const p = t.people;
  const [result, setResult] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    try {
      await api('PUT', `/people/${encodeURIComponent(person.id)}/passphrase`, { passphrase: String(new FormData(form).get('passphrase')) });
      setResult(p.passphraseSet(person.name));
      form.reset();
      onSet();
    } catch (err) {
      setResult(t.failed((err as Error).message));
    }
  };
  return (
    <form class="inline" onSubmit={submit}>
      <label class="field">{p.newPassphrase(person.name)}<input type="password" name="passphrase" required minLength={MIN_PASSPHRASE_LENGTH} autocomplete="new-password" /></label>
      <button type="submit" class="button secondary">{p.setPassphrase}<span class="visually-hidden"> {person.name}</span></button>
      <span aria-live="polite">{result}</span>
    </form>
  );
}
