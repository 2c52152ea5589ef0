import { useMemo, useState } from 'preact/hooks';
import { campaignToWire, onboardingTemplate, STEP_KINDS, teaserMissing, type CampaignDefinition, type CampaignStep, type CampaignSummary, type StepKind, type TeaserStep } from '../../shared/campaign/campaign.ts';
import { CONSOLE_LANGUAGES } from '../strings.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { can } from '../../shared/console/access.ts';
import { SESSION_TYPES } from '../../shared/sync/records.ts';
import { api } from '../api.ts';
import { navigate } from '../router.ts';
import { siteName, type PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { Confirm } from './confirm.tsx';
import { RolePicker } from './module-form.tsx';
import type { RoleCount } from '../../shared/roster/role-counts.ts';
import type { ModuleRow } from './content.tsx';
import { moduleTitles } from '../module-titles.ts';

type Draft = Omit<CampaignDefinition, 'id'> & { id: string };

/** A new teaser is written in the console's language; translations are added beside it. */
const newTeaser = (day: number): TeaserStep => ({ kind: 'teaser', day, title: '', text: '', lang: document.documentElement.lang || 'en' });

const blank = (sites: string[]): Draft => ({
  id: '', name: '', start: { from: 'date', date: new Date().toISOString().slice(0, 10) }, roles: [], nudgeAfterDays: 3, sites, pilot: false,
  steps: [newTeaser(0)],
});

/** The languages kiosks speak, which every teaser should be in. */
const LANGUAGES = CONSOLE_LANGUAGES.map((l) => l.code);
const languageName = (code: string) => CONSOLE_LANGUAGES.find((l) => l.code === code)?.name ?? code;
const missingIn = (steps: readonly CampaignStep[]) => [...new Set(steps.flatMap((s) => (s.kind === 'teaser' ? teaserMissing(s, LANGUAGES) : [])))];

function newStep(kind: StepKind, day: number, moduleId: string): CampaignStep {
  switch (kind) {
    case 'teaser': return newTeaser(day);
    case 'module': return { kind, day, moduleId };
    case 'follow-up': return { kind, day, moduleId };
    case 'session': return { kind, day, sessionType: 'toolbox-talk', topic: '' };
  }
}

/** The campaigns list, and for L&D the form that composes one from steps. */
export function Campaigns({ t, user, sites }: PageProps) {
  const c = t.campaigns;
  const manage = can(user, 'campaign.manage');
  const list = useApi<{ campaigns: CampaignSummary[] }>('/campaigns');
  const modules = useApi<{ modules: ModuleRow[] }>(manage ? '/modules' : null);
  const roles = useApi<{ roles: RoleCount[] }>(manage ? '/roles' : null);
  const [draft, setDraft] = useState<Draft>(() => blank(sites.slice(0, 1).map((s) => s.id)));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** The campaign the form changes; null: the form makes a new one. */
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const titles = useMemo(() => moduleTitles(modules.data?.modules ?? []), [modules.data, t]);
  const moduleIds = [...titles.keys()];
  const images = [...new Set((modules.data?.modules ?? []).flatMap((m) => m.media))];
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const setStep = (i: number, step: CampaignStep) => set({ steps: draft.steps.map((s, j) => (j === i ? step : s)) });
  const lastDay = draft.steps.at(-1)?.day ?? 0;

  const save = async (e: Event) => {
    e.preventDefault();
    const { id, ...body } = draft;
    // Saving under a short name another campaign has would replace that one.
    const taken = list.data?.campaigns.find((k) => k.id === id);
    if (editing !== id && taken) return setMessage({ ok: false, text: c.idTaken(taken.name) });
    try {
      await api('PUT', `/campaigns/${encodeURIComponent(id)}`, body);
      setMessage({ ok: true, text: c.saved(draft.name) });
      setEditing(id);
      list.reload();
    } catch (err) {
      setMessage({ ok: false, text: t.failed((err as Error).message) });
    }
  };
  /** Loads a campaign into the form: to change it, or as the start of a new one. */
  const load = (k: CampaignSummary, as: 'edit' | 'copy') => {
    const { updatedAt: _, ...definition } = k;
    setDraft(as === 'edit' ? definition : { ...definition, id: '', name: c.copyOf(k.name) });
    setEditing(as === 'edit' ? k.id : null);
    setMessage(null);
    document.getElementById('campaign-form')?.scrollIntoView();
  };
  const remove = async (k: CampaignSummary) => {
    try {
      await api('DELETE', `/campaigns/${encodeURIComponent(k.id)}`);
      setMessage({ ok: true, text: c.deleted(k.name) });
      if (editing === k.id) {
        setEditing(null);
        setDraft(blank(sites.slice(0, 1).map((s) => s.id)));
      }
      list.reload();
    } catch (err) {
      setMessage({ ok: false, text: t.failed((err as Error).message) });
    }
    setDeleting(null);
  };

  return (
    <section data-testid="campaigns">
      <h1>{c.heading}</h1>
      <p>{c.explain}</p>
      {list.error && <p class="error" role="alert">{t.failed(list.error)}</p>}
      {!list.data && !list.error && <p role="status">{t.loading}</p>}
      {list.data && !list.data.campaigns.length && <p>{c.none}</p>}
      {list.data && list.data.campaigns.length > 0 && (
        <ul class="campaign-list" data-testid="campaign-list">
          {list.data.campaigns.map((k) => { const missing = missingIn(k.steps); return (
            <li key={k.id} data-campaign={k.id}>
              <a href={`/console/campaigns/${encodeURIComponent(k.id)}`} onClick={(e) => { e.preventDefault(); navigate({ name: 'campaign', id: k.id }); }}>{k.name}</a>
              {' '}({k.start.from === 'date' ? c.startsOn(k.start.date) : c.startsOnFirstDay}; {c.stepCount(k.steps.length)}; {k.sites.map((id) => siteName(sites, id)).join(', ')}{k.pilot ? `; ${c.pilotBadge}` : ''}{missing.length ? <>; <span class="flag">{c.missingLanguages(missing.map(languageName).join(', '))}</span></> : null})
              {manage && deleting !== k.id && (
                <span class="row">
                  <button type="button" class="button secondary" onClick={() => load(k, 'edit')}>{c.edit}<span class="visually-hidden"> {k.name}</span></button>
                  <button type="button" class="button secondary" onClick={() => load(k, 'copy')}>{c.duplicate}<span class="visually-hidden"> {k.name}</span></button>
                  <button type="button" class="button secondary" onClick={() => setDeleting(k.id)}>{c.delete}<span class="visually-hidden"> {k.name}</span></button>
                </span>
              )}
              {manage && deleting === k.id && <Confirm t={t} question={c.confirmDelete(k.name)} yes={c.yesDelete} onYes={() => void remove(k)} onNo={() => setDeleting(null)} />}
            </li>
          ); })}
        </ul>
      )}

      {manage && (
        <form class="card" onSubmit={save} data-testid="campaign-form" id="campaign-form">
          <h2>{editing ? c.editing(draft.name) : c.newCampaign}</h2>
          {editing && <button type="button" class="button secondary" onClick={() => { setEditing(null); setDraft(blank(sites.slice(0, 1).map((s) => s.id))); }}>{c.startNew}</button>}
          <label class="field">{c.name}<input value={draft.name} required maxLength={80} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} /></label>
          <label class="field">{c.id}<input value={draft.id} required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={60} readOnly={editing !== null} onInput={(e) => set({ id: (e.target as HTMLInputElement).value })} /></label>
          <fieldset>
            <legend>{c.start}</legend>
            <label class="check"><input type="radio" name="start" checked={draft.start.from === 'date'} onChange={() => set({ start: { from: 'date', date: new Date().toISOString().slice(0, 10) } })} />{c.startDate}</label>
            <label class="check"><input type="radio" name="start" checked={draft.start.from === 'first-day'} onChange={() => set({ start: { from: 'first-day' } })} />{c.startFirstDay}</label>
            {draft.start.from === 'date' && <label class="field">{c.date}<input type="date" required value={draft.start.date} onInput={(e) => set({ start: { from: 'date', date: (e.target as HTMLInputElement).value } })} /></label>}
          </fieldset>
          <label class="field">{c.end}<input type="date" value={draft.end ?? ''} aria-describedby="end-hint"
            onInput={(e) => { const end = (e.target as HTMLInputElement).value; const { end: _old, ...rest } = draft; setDraft(end ? { ...rest, end } : rest); }} />
            <small id="end-hint">{c.endHint}</small></label>
          <RolePicker t={t} legend={c.roles} hint={c.rolesHint} chosen={draft.roles} roles={roles.data?.roles ?? []} onChange={(roles) => set({ roles })} />
          <fieldset>
            <legend>{c.sitesLegend}</legend>
            {sites.map((s) => (
              <label key={s.id} class="check"><input type="checkbox" checked={draft.sites.includes(s.id)}
                onChange={(e) => set({ sites: (e.target as HTMLInputElement).checked ? [...draft.sites, s.id] : draft.sites.filter((x) => x !== s.id) })} />{s.name}</label>
            ))}
          </fieldset>
          <label class="check"><input type="checkbox" checked={draft.pilot} onChange={(e) => set({ pilot: (e.target as HTMLInputElement).checked })} />{c.pilot}</label>
          <label class="field">{c.nudge}<input type="number" min={1} max={60} value={draft.nudgeAfterDays ?? ''}
            onInput={(e) => { const v = (e.target as HTMLInputElement).value; set({ nudgeAfterDays: v ? Number(v) : null }); }} /></label>

          <h2>{c.steps}</h2>
          <button type="button" class="button secondary" onClick={() => set({ ...onboardingTemplate(moduleIds.slice(0, 3)) })}>{c.onboarding}</button>
          {draft.steps.map((step, i) => (
            <fieldset key={i} data-step={i}>
              <legend>{c.kinds[step.kind]} ({i + 1})</legend>
              <div class="inline">
                <div class="field"><label for={`step-${i}-kind`}>{c.kind}</label>
                  <select id={`step-${i}-kind`} value={step.kind} onChange={(e) => setStep(i, newStep((e.target as HTMLSelectElement).value as StepKind, step.day, moduleIds[0] ?? ''))}>
                    {STEP_KINDS.map((k) => <option key={k} value={k}>{c.kinds[k]}</option>)}
                  </select>
                </div>
                <label class="field">{c.day}<input type="number" min={-30} max={365} required value={step.day} onInput={(e) => setStep(i, { ...step, day: Number((e.target as HTMLInputElement).value) })} /></label>
                {(step.kind === 'module' || step.kind === 'follow-up') && (
                  <div class="field"><label for={`step-${i}-module`}>{c.module}</label>
                    <select id={`step-${i}-module`} value={step.moduleId} onChange={(e) => setStep(i, { ...step, moduleId: (e.target as HTMLSelectElement).value })}>
                      {moduleIds.map((id) => <option key={id} value={id}>{titles.get(id)}</option>)}
                    </select>
                  </div>
                )}
                {step.kind === 'session' && (
                  <div class="field"><label for={`step-${i}-session`}>{c.sessionType}</label>
                    <select id={`step-${i}-session`} value={step.sessionType} onChange={(e) => setStep(i, { ...step, sessionType: (e.target as HTMLSelectElement).value as typeof SESSION_TYPES[number] })}>
                      {SESSION_TYPES.map((k) => <option key={k} value={k}>{c.sessionTypes[k]}</option>)}
                    </select>
                  </div>
                )}
              </div>
              {step.kind === 'teaser' && <label class="field">{c.title}<input required maxLength={60} value={step.title} onInput={(e) => setStep(i, { ...step, title: (e.target as HTMLInputElement).value })} /></label>}
              {step.kind === 'teaser' && <label class="field">{c.text}<textarea required maxLength={140} rows={3} value={step.text} onInput={(e) => setStep(i, { ...step, text: (e.target as HTMLTextAreaElement).value })} /></label>}
              {step.kind === 'teaser' && images.length > 0 && (
                <div class="field"><label for={`step-${i}-image`}>{c.image}</label>
                  <select id={`step-${i}-image`} value={step.image ?? ''} onChange={(e) => { const image = (e.target as HTMLSelectElement).value; const { image: _old, ...rest } = step; setStep(i, image ? { ...rest, image } : rest); }}>
                    <option value="">{c.noImage}</option>
                    {images.map((url) => <option key={url} value={url}>{url.split('/').pop()}</option>)}
                  </select>
                </div>
              )}
              {step.kind === 'teaser' && <TeaserLanguages t={t} step={step} index={i} onChange={(next) => setStep(i, next)} />}
              {step.kind === 'session' && <label class="field">{c.topic}<input required maxLength={120} value={step.topic} onInput={(e) => setStep(i, { ...step, topic: (e.target as HTMLInputElement).value })} /></label>}
              {draft.steps.length > 1 && <button type="button" class="button secondary" onClick={() => set({ steps: draft.steps.filter((_, j) => j !== i) })}>{c.removeStep(i + 1)}</button>}
            </fieldset>
          ))}
          <div class="row">
            {STEP_KINDS.map((k) => (
              <button key={k} type="button" class="button secondary" onClick={() => set({ steps: [...draft.steps, newStep(k, lastDay + 1, moduleIds[0] ?? '')] })}>{c.addStep(c.kinds[k])}</button>
            ))}
          </div>
          <p data-testid="wire-bytes">{c.wireBytes(new TextEncoder().encode(JSON.stringify(campaignToWire(draft))).length)}</p>
          <button type="submit" class="button">{c.save}</button>
          {message && <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="campaign-message">{message.text}</p>}
        </form>
      )}
    </section>
  );
}

/**
 * A teaser's language and its translations, one title and text per other
 * language kiosks speak; which are still missing is said under them (and in
 * the campaign list), because a kiosk shows the words as written, marked
 * "not translated yet", to a learner whose language has none.
 */
function TeaserLanguages({ t, step, index, onChange }: { t: ConsoleStrings; step: TeaserStep; index: number; onChange: (next: TeaserStep) => void }) {
  const c = t.campaigns;
  const written = step.lang ?? 'en';
  const missing = teaserMissing(step, LANGUAGES);
  const setWords = (lang: string, title: string, text: string) => {
    const { [lang]: _old, ...others } = step.translations ?? {};
    onChange({ ...step, translations: title || text ? { ...others, [lang]: { title, text } } : others });
  };
  return (
    <>
      <div class="field"><label for={`step-${index}-lang`}>{c.writtenIn}</label>
        <select id={`step-${index}-lang`} value={written} onChange={(e) => onChange({ ...step, lang: (e.target as HTMLSelectElement).value })}>
          {[...new Set([...LANGUAGES, written])].map((code) => <option key={code} value={code}>{languageName(code)}</option>)}
        </select>
      </div>
      <details open={missing.length > 0 || undefined}>
        <summary>{c.translations}</summary>
        {LANGUAGES.filter((l) => l !== written).map((lang) => {
          const words = step.translations?.[lang] ?? { title: '', text: '' };
          return (
            <fieldset key={lang} data-translation={lang}>
              <legend>{c.translationIn(languageName(lang))}</legend>
              <label class="field">{c.inLanguage(c.title, languageName(lang))}<input lang={lang} maxLength={60} required={!!words.text} value={words.title} onInput={(e) => setWords(lang, (e.target as HTMLInputElement).value, words.text)} /></label>
              <label class="field">{c.inLanguage(c.text, languageName(lang))}<textarea lang={lang} maxLength={140} rows={3} required={!!words.title} value={words.text} onInput={(e) => setWords(lang, words.title, (e.target as HTMLTextAreaElement).value)} /></label>
            </fieldset>
          );
        })}
      </details>
      {missing.length > 0 && <p class="flag" data-testid="teaser-missing">{c.teaserMissing(missing.map(languageName).join(', '))}</p>}
    </>
  );
}
