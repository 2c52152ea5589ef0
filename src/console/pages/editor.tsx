import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { can } from '../../shared/console/access.ts';
import { secondsOnLine } from '../../shared/line-cost.ts';
import type { Diagnostic, DraftParts, Preview, PublishPlan } from '../../shared/console/content.ts';
import { fieldsFrom, fileNameFor, idFromTitle, newModuleFields, sourceFrom, splitFrontMatter, type ModuleFields } from '../../shared/console/module-form.ts';
import type { TrainingModule } from '../../shared/module.ts';
import { DocView } from '../../ui/doc-view.tsx';
import { api, ApiError, fileAsBase64 } from '../api.ts';
import type { PageProps } from '../page-props.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { navigate } from '../router.ts';
import { titleOf, titleProblems } from '../title-check.ts';
import { useApi } from '../use-api.ts';
import { Removals } from './removals.tsx';
import type { ModuleRow } from './content.tsx';
import type { ImportReport } from '../../shared/console/import-report.ts';
import { kib, lineTime } from '../line-figures.ts';
import { ImportReportView } from './import-report.tsx';
import { ModuleForm } from './module-form.tsx';
import type { RoleCount } from '../../shared/roster/role-counts.ts';


/** How long typing pauses before the draft is saved and compiled again. */
const SAVE_AFTER_MS = 600;

type Mode = 'form' | 'source';

export function Editor({ t, user, file }: PageProps & { file: string | null }) {
  const e = t.editor;
  const newModule = file === null;
  const firstLanguage = document.documentElement.lang || 'en';
  const [name, setName] = useState(file ?? fileNameFor('', firstLanguage));
  const [source, setSource] = useState<string | null>(newModule ? sourceFrom(newModuleFields(firstLanguage)) : null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [saved, setSaved] = useState<{ at: number; source: string } | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | { error: string }>('idle');
  const [plan, setPlan] = useState<PublishPlan | null>(null);
  const [published, setPublished] = useState<PublishPlan | null>(null);
  const [mode, setMode] = useState<Mode>('form');
  const [jump, setJump] = useState<{ line: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const modules = useApi<{ modules: ModuleRow[] }>('/modules');
  const roles = useApi<{ roles: RoleCount[] }>('/roles');

  /**
   * The form's fields, and the source they were read from. While the form is
   * what the author edits, it is the truth and writes the source; after an
   * edit in the source, the fields are read again from the server's parse of it.
   */
  const [fields, setFields] = useState<{ of: string; value: ModuleFields | null } | null>(source === null ? null : { of: source, value: newModuleFields(firstLanguage) });
  const formOwns = useRef(newModule);
  const touched = useRef({ id: false, name: !newModule });
  /** A draft is kept on the server only once its author saves it; from then on, every change is saved as it is typed. */
  const draftExists = useRef(false);

  useEffect(() => {
    if (file === null) return;
    api<{ source: string; updatedAt: number; report: ImportReport | null }>('GET', `/drafts/${encodeURIComponent(file)}`)
      .then((draft) => {
        draftExists.current = true;
        setReport(draft.report);
        setSaved({ at: draft.updatedAt, source: draft.source });
        setSource(draft.source);
      }, () => api<{ source: string }>('GET', `/sources/${encodeURIComponent(file)}`).then((d) => setSource(d.source)))
      .catch((err: Error) => setState({ error: err.message }));
  }, [file]);

  const typed = useRef(false);
  const latest = useRef(0);
  /** The server compiles one change per author at a time: the next is sent when the last has answered, and only if nothing newer came meanwhile. */
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  const send = (sent: string, at: string) => {
    const request = ++latest.current;
    inFlight.current = inFlight.current.then(async () => {
      if (request !== latest.current) return;
      setState('saving');
      const save = draftExists.current;
      try {
        const answer = await api<Preview>(save ? 'PUT' : 'POST', `/drafts/${encodeURIComponent(at)}${save ? '' : '/preview'}`, { source: sent });
        if (request !== latest.current) return;
        setPreview(answer);
        if (save) setSaved({ at: Date.now(), source: sent });
        if (!formOwns.current) {
          const frontMatter = answer.draft?.frontMatter;
          setFields({ of: sent, value: frontMatter == null ? null : fieldsFrom(frontMatter, splitFrontMatter(sent)?.body ?? '') });
        }
        setState('idle');
      } catch (err) {
        if (request === latest.current) setState({ error: (err as Error).message });
      }
    });
  };
  useEffect(() => {
    if (source === null) return;
    const timer = setTimeout(() => send(source, name), typed.current ? SAVE_AFTER_MS : 0);
    return () => clearTimeout(timer);
  }, [source, name]);

  const edit = (value: string) => {
    typed.current = true;
    setPlan(null);
    setPublished(null);
    setSource(value);
  };
  const editSource = (value: string) => {
    formOwns.current = false;
    edit(value);
  };
  const editFields = (next: ModuleFields) => {
    const before = fields?.value;
    if (before && next.id !== before.id) touched.current.id = true;
    // A new module's short name and file follow its title and language until the author names them.
    if (newModule && !touched.current.id) next = { ...next, id: idFromTitle(next.title) };
    if (!touched.current.name) setName(fileNameFor(next.id, next.language));
    formOwns.current = true;
    const written = sourceFrom(next);
    setFields({ of: written, value: next });
    edit(written);
  };
  const saveDraft = () => {
    draftExists.current = true;
    // Saved under this name: from now on the title no longer renames the file or its short name (that would start a second draft).
    touched.current = { id: true, name: true };
    send(source!, name);
  };

  const checkPlan = async () => {
    try {
      setPlan(await api<PublishPlan>('POST', `/drafts/${encodeURIComponent(name)}/plan`));
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };
  const publish = async () => {
    try {
      setPublished(await api<PublishPlan>('POST', `/drafts/${encodeURIComponent(name)}/publish`));
      setPlan(null);
      // Published drafts are gone from the server: the next change starts a draft only when saved again.
      draftExists.current = false;
      setSaved(null);
      modules.reload();
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as Partial<PublishPlan>) : null;
      if (body?.diagnostics) setPreview({ diagnostics: body.diagnostics, warnings: body.warnings ?? [], module: null, draft: preview?.draft ?? null });
      setState({ error: (err as Error).message });
    }
  };

  const title = source ? titleOf(source) : null;
  const problems = title ? titleProblems(title) : [];
  const examples = useMemo(() => (modules.data?.modules ?? []).filter((m) => titleProblems(m.title).length === 0).slice(0, 4).map((m) => m.title), [modules.data]);
  const languages = useMemo(() => [...new Set(['en', 'nl', 'pl', ...(modules.data?.modules ?? []).map((m) => m.lang)])], [modules.data]);
  const diagnostics = preview?.diagnostics ?? [];
  const goToLine = (line: number) => {
    setMode('source');
    setJump({ line });
  };

  if (source === null) return state !== 'idle' && state !== 'saving' ? <p class="error" role="alert">{t.failed(state.error)}</p> : <p role="status">{t.loading}</p>;
  const unsaved = saved?.source !== source;
  const formReady = fields !== null && fields.of === source;
  return (
    <section data-testid="editor">
      {/* By its title where it has one: the file name is in its own field below. */}
      <h1>{fields?.value?.title.trim() ? e.headingTitled(fields.value.title.trim()) : e.heading(name)}</h1>
      {newModule && (
        <label class="field">{e.fileName}
          <input value={name} onInput={(ev) => { touched.current.name = true; typed.current = true; setName((ev.target as HTMLInputElement).value.trim()); }} aria-describedby="file-hint" spellcheck={false} />
          <small id="file-hint">{e.fileNameHint}</small>
        </label>
      )}
      <div class="row save-row">
        <p role="status" data-testid="save-state">
          {state === 'saving' ? t.saving : typeof state === 'object' ? t.failed(state.error) : !draftExists.current ? e.notSaved : unsaved ? e.unsaved : saved ? e.draftSaved(new Date(saved.at).toLocaleTimeString()) : e.notSaved}
        </p>
        <button type="button" class="button" disabled={draftExists.current && !unsaved} onClick={saveDraft}>{e.saveDraft}</button>
      </div>
      {/* An imported draft keeps what its import said: what to do, what was left out, what it costs. */}
      {report && <section class="card"><ImportReportView t={t} report={report} level={2} /></section>}
      <div role="group" aria-label={e.mode} class="row">
        {(['form', 'source'] as const).map((m) => (
          <button key={m} type="button" class="button secondary" aria-pressed={mode === m} onClick={() => setMode(m)}>{m === 'form' ? e.modeForm : e.modeSource}</button>
        ))}
      </div>
      <div class="editor-layout">
        <div>
          {mode === 'source'
            ? <SourceEditor t={t} source={source} jump={jump} onInput={editSource} />
            : !formReady ? <p role="status">{t.loading}</p>
            : fields.value === null ? <p class="note" data-testid="form-unreadable">{e.formUnreadable}</p>
            : <ModuleForm t={t} fields={fields.value} onChange={editFields} roles={roles.data?.roles ?? []} languages={languages} newModule={newModule} />}
          <Problems t={t} diagnostics={diagnostics} warnings={preview?.warnings ?? []} ok={preview !== null} goToLine={goToLine} />
          <ImageUpload t={t} onAdded={(path) => {
            const inForm = mode === 'form' && formReady && fields.value;
            const area = document.getElementById(inForm ? 'module-body' : 'module-source') as HTMLTextAreaElement | null;
            const text = inForm ? fields.value!.body : source;
            const at = area?.selectionStart ?? text.length;
            const added = `${text.slice(0, at)}\n![${e.imageAlt}](${path})\n${text.slice(at)}`;
            if (inForm) editFields({ ...fields.value!, body: added });
            else editSource(added);
          }} />
          {problems.length > 0 && (
            <aside class="note" data-testid="title-advice">
              <h2>{e.titleAdvice}</h2>
              <ul>{problems.map((p) => <li key={p}>{e.titleProblems[p]}</li>)}</ul>
              {examples.length > 0 && <p>{e.examples}</p>}
              <ul>{examples.map((x) => <li key={x}>{x}</li>)}</ul>
            </aside>
          )}
          {can(user, 'content.publish') && (
            <div class="publish">
              {/* Only what is saved is published: the button waits for the draft on screen to be the one on the server. */}
              <button type="button" class="button secondary" disabled={!preview?.module || unsaved} onClick={checkPlan}>{e.checkPublish}</button>
              {plan && (
                <div class="card" data-testid="publish-plan">
                  {/* Only removals: the removal says it, not "nothing changes". */}
                  {plan.changed.length ? <p>{e.plan(plan.changed.length, kib(plan.bytes), lineTime(t, plan.seconds))}</p> : !plan.removed.length && <p>{e.planNothing}</p>}
                  <ul>{plan.changed.map((m) => <li key={`${m.id}:${m.lang}`}>{m.title} ({m.lang}): {kib(m.br)} KiB, {lineTime(t, secondsOnLine(m.br))}</li>)}</ul>
                  <Removals t={t} plan={plan} />
                  <button type="button" class="button" disabled={!plan.ok} onClick={publish}>{e.publish}</button>
                </div>
              )}
              {published && <p class="ok" role="status" data-testid="published">{e.published(published.changed.length)}</p>}
            </div>
          )}
        </div>
        <ModulePreview t={t} module={preview?.module ?? null} partial={preview?.draft ?? null} title={fields?.value?.title ?? ''} />
      </div>
      <p><a href="/console/content" onClick={(ev) => { ev.preventDefault(); navigate({ name: 'content' }); }}>{t.nav.content}</a></p>
    </section>
  );
}

/** Line `n` (from 1) of `text`: where it starts and ends. */
function lineRange(text: string, n: number): [number, number] {
  let start = 0;
  for (let line = 1; line < n; line++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end === -1 ? text.length : end];
}

/**
 * The source in a textarea whose long lines wrap, so nothing is cut off at
 * any width; the line the cursor is on is said under it. A problem's
 * "Go to line" lands here with the cursor on that line.
 */
function SourceEditor({ t, source, jump, onInput }: { t: ConsoleStrings; source: string; jump: { line: number } | null; onInput: (value: string) => void }) {
  const e = t.editor;
  const area = useRef<HTMLTextAreaElement>(null);
  const [cursorLine, setCursorLine] = useState(1);
  const follow = () => {
    const at = area.current?.selectionStart ?? 0;
    setCursorLine(source.slice(0, at).split('\n').length);
  };
  useEffect(() => {
    if (!jump) return;
    const [start, end] = lineRange(source, jump.line);
    area.current?.focus();
    area.current?.setSelectionRange(start, end);
    setCursorLine(jump.line);
  }, [jump]);
  return (
    <div class="source-editor">
      <label for="module-source">{e.source}</label>
      <textarea id="module-source" ref={area} spellcheck={false} value={source} rows={Math.min(30, Math.max(14, source.split('\n').length + 2))} aria-describedby="cursor-line"
        onInput={(ev) => { onInput((ev.target as HTMLTextAreaElement).value); follow(); }} onKeyUp={follow} onClick={follow} />
      <p id="cursor-line" class="cursor-line" data-testid="cursor-line">{e.cursorLine(cursorLine, source.split('\n').length)}</p>
    </div>
  );
}

/** What stops a publish and what is only said, each with a button to its line in the source. */
function Problems({ t, diagnostics, warnings, ok, goToLine }: { t: ConsoleStrings; diagnostics: Diagnostic[]; warnings: Diagnostic[]; ok: boolean; goToLine: (line: number) => void }) {
  const e = t.editor;
  const item = (d: Diagnostic, i: number, error: boolean) => (
    <li key={i} class={error ? 'error' : undefined} data-line={d.line}>
      {`${d.file}:${d.line}: ${d.message}`}
      {d.line > 0 && <> <button type="button" class="button secondary" onClick={() => goToLine(d.line)}>{e.goToLine(d.line)}</button></>}
    </li>
  );
  return (
    <div aria-live="polite" data-testid="problems">
      {diagnostics.length ? (
        <>
          <h2>{e.problems(diagnostics.length)}</h2>
          <ul class="problems">{diagnostics.map((d, i) => item(d, i, true))}</ul>
        </>
      ) : ok && <p class="ok">{e.noProblems}</p>}
      {warnings.length ? (
        <>
          <h2>{e.warnings(warnings.length)}</h2>
          <ul class="problems" data-testid="warnings">{warnings.map((d, i) => item(d, i, false))}</ul>
        </>
      ) : null}
    </div>
  );
}

/** The draft as a kiosk shows it: its sections through the kiosk's own document renderer, and its quiz. */
function ModulePreview({ t, module, partial, title }: { t: ConsoleStrings; module: TrainingModule | null; partial: DraftParts | null; title: string }) {
  return (
    <article class="preview" aria-label={t.editor.preview} data-testid="preview">
      <h2>{t.editor.preview}</h2>
      {!module && !partial?.sections.length && <p>{t.editor.previewEmpty}</p>}
      {/* A draft with problems (an import still without roles or a quiz, say) shows its text already. */}
      {!module && !!partial?.sections.length && (
        <div class="kiosk-look">
          <p><em>{t.editor.previewPartial}</em></p>
          <h3>{title}</h3>
          {partial.sections.map((s, i) => (
            <section key={i}>
              {s.title && <h4>{s.title}</h4>}
              <DocView nodes={s.body} />
            </section>
          ))}
        </div>
      )}
      {module && (
        <div class="kiosk-look" lang={module.lang}>
          <h3>{module.title}</h3>
          <p>{module.summary}</p>
          {module.sections.map((s, i) => (
            <section key={i}>
              {s.title && <h4>{s.title}</h4>}
              <DocView nodes={s.body} />
            </section>
          ))}
          <h4>{t.editor.quiz(module.quiz.questions.length, module.quiz.passMark)}</h4>
          <ol>
            {module.quiz.questions.map((q, i) => (
              <li key={i}>
                <p>{q.prompt}</p>
                <ul>{q.choices.map((c, j) => <li key={j}>{q.correct.includes(j) ? <strong>✓ {c}</strong> : c}</li>)}</ul>
              </li>
            ))}
          </ol>
        </div>
      )}
    </article>
  );
}

/** An image for this module: checked against the image budget on the server, then written into the source where the cursor is. */
function ImageUpload({ t, onAdded }: { t: ConsoleStrings; onAdded: (path: string) => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    try {
      const { path } = await api<{ path: string }>('POST', '/images', { fileName: file.name, data: await fileAsBase64(file) });
      setMessage(t.editor.imageAdded(path));
      onAdded(path);
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };
  return (
    <div class="field" data-testid="image-upload">
      <label for="module-image">{t.editor.addImage}</label>
      <input id="module-image" type="file" accept=".png,.jpg,.jpeg,.gif,.webp,.svg" aria-describedby="image-hint" onChange={(e) => upload((e.target as HTMLInputElement).files?.[0])} />
      <small id="image-hint">{t.editor.imageHint}</small>
      <p aria-live="polite">{message}</p>
    </div>
  );
}
