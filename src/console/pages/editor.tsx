import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { can } from '../../shared/console/access.ts';
import { secondsOnLine } from '../../shared/line-cost.ts';
import type { Diagnostic, Preview, PublishPlan } from '../../shared/console/content.ts';
import type { TrainingModule } from '../../shared/module.ts';
import { DocView } from '../../ui/doc-view.tsx';
import { api, ApiError, fileAsBase64 } from '../api.ts';
import type { PageProps } from '../page-props.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { navigate } from '../router.ts';
import { titleOf, titleProblems } from '../title-check.ts';
import { useApi } from '../use-api.ts';
import { Removals } from './removals.tsx';
import { kib, lineTime, type ModuleRow } from './content.tsx';


const NEW_MODULE = `---
id: my-new-module
title: "What to do when …"
summary: "One sentence on what the worker will be able to do."
language: en
version: 1
minutes: 5
roles: [operator]
quiz:
  passMark: 80
  questions:
    - question: "A question about the one thing that matters most?"
      choices: ["The right answer", "A likely mistake"]
      answer: "The right answer"
      explanation: "Why, in one sentence."
---

## The first thing to know

Short paragraphs, one idea each.
`;

/** How long typing pauses before the draft is saved and compiled again. */
const SAVE_AFTER_MS = 600;

export function Editor({ t, user, file }: PageProps & { file: string | null }) {
  const e = t.editor;
  const [name, setName] = useState(file ?? '07-my-new-module.md');
  const [source, setSource] = useState<string | null>(file === null ? NEW_MODULE : null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [saved, setSaved] = useState<{ at: number; source: string } | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | { error: string }>('idle');
  const [plan, setPlan] = useState<PublishPlan | null>(null);
  const [published, setPublished] = useState<PublishPlan | null>(null);
  const modules = useApi<{ modules: ModuleRow[] }>('/modules');

  // An existing module opens at the author's draft of it, if there is one (saved already: it can be
  // checked and published at once), else at its published source.
  useEffect(() => {
    if (file === null) return;
    api<{ source: string; updatedAt: number }>('GET', `/drafts/${encodeURIComponent(file)}`)
      .then((draft) => {
        setSaved({ at: draft.updatedAt, source: draft.source });
        setSource(draft.source);
      }, () => api<{ source: string }>('GET', `/sources/${encodeURIComponent(file)}`).then((d) => setSource(d.source)))
      .catch((err: Error) => setState({ error: err.message }));
  }, [file]);

  const typed = useRef(false);
  const latest = useRef(0);
  /** The server compiles one change per author at a time: the next is sent when the last has answered, and only if nothing newer came meanwhile. */
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    if (source === null) return;
    const timer = setTimeout(() => {
      const request = ++latest.current;
      const send = async () => {
        if (request !== latest.current) return;
        setState('saving');
        try {
          // Opening a module only previews it; the first change makes it the author's draft.
          const answer = await api<Preview>(typed.current ? 'PUT' : 'POST', `/drafts/${encodeURIComponent(name)}${typed.current ? '' : '/preview'}`, { source });
          if (request !== latest.current) return;
          setPreview(answer);
          if (typed.current) setSaved({ at: Date.now(), source });
          setState('idle');
        } catch (err) {
          if (request === latest.current) setState({ error: (err as Error).message });
        }
      };
      inFlight.current = inFlight.current.then(send);
    }, typed.current ? SAVE_AFTER_MS : 0);
    return () => clearTimeout(timer);
  }, [source, name]);

  const edit = (value: string) => {
    typed.current = true;
    setPlan(null);
    setPublished(null);
    setSource(value);
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
      modules.reload();
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as Partial<PublishPlan>) : null;
      if (body?.diagnostics) setPreview({ diagnostics: body.diagnostics, warnings: body.warnings ?? [], module: null });
      setState({ error: (err as Error).message });
    }
  };

  const title = source ? titleOf(source) : null;
  const problems = title ? titleProblems(title) : [];
  const examples = useMemo(() => (modules.data?.modules ?? []).filter((m) => titleProblems(m.title).length === 0).slice(0, 4).map((m) => m.title), [modules.data]);
  const diagnostics = preview?.diagnostics ?? [];

  if (source === null) return state !== 'idle' && state !== 'saving' ? <p class="error" role="alert">{t.failed(state.error)}</p> : <p role="status">{t.loading}</p>;
  return (
    <section data-testid="editor">
      <h1>{e.heading(name)}</h1>
      {file === null && (
        <label class="field">{e.fileName}
          <input value={name} onInput={(ev) => { typed.current = true; setName((ev.target as HTMLInputElement).value.trim()); }} aria-describedby="file-hint" spellcheck={false} />
          <small id="file-hint">{e.fileNameHint}</small>
        </label>
      )}
      <p role="status" data-testid="save-state">
        {state === 'saving' ? t.saving : typeof state === 'object' ? t.failed(state.error) : saved ? e.draftSaved(new Date(saved.at).toLocaleTimeString()) : e.notSaved}
      </p>
      <div class="editor-layout">
        <div>
          <SourceEditor t={t} source={source} diagnostics={diagnostics} warnings={preview?.warnings ?? []} ok={preview !== null} onInput={edit} />
          <ImageUpload t={t} onAdded={(path) => {
            const area = document.getElementById('module-source') as HTMLTextAreaElement | null;
            const at = area?.selectionStart ?? source.length;
            edit(`${source.slice(0, at)}\n![${e.imageAlt}](${path})\n${source.slice(at)}`);
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
              <button type="button" class="button secondary" disabled={!preview?.module || saved?.source !== source} onClick={checkPlan}>{e.checkPublish}</button>
              {plan && (
                <div class="card" data-testid="publish-plan">
                  <p>{plan.changed.length ? e.plan(plan.changed.length, kib(plan.bytes), lineTime(t, plan.seconds)) : e.planNothing}</p>
                  <ul>{plan.changed.map((m) => <li key={`${m.id}:${m.lang}`}>{m.title} ({m.lang}): {kib(m.br)} KiB, {lineTime(t, secondsOnLine(m.br))}</li>)}</ul>
                  <Removals t={t} plan={plan} />
                  <button type="button" class="button" disabled={!plan.ok} onClick={publish}>{e.publish}</button>
                </div>
              )}
              {published && <p class="ok" role="status" data-testid="published">{e.published(published.changed.length)}</p>}
            </div>
          )}
        </div>
        <ModulePreview t={t} module={preview?.module ?? null} />
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
 * any width; the line the cursor is on is said under it, and each problem
 * is listed with a button that takes the cursor to the line it names.
 */
function SourceEditor({ t, source, diagnostics, warnings, ok, onInput }: {
  t: ConsoleStrings; source: string; diagnostics: Diagnostic[]; warnings: Diagnostic[]; ok: boolean; onInput: (value: string) => void;
}) {
  const e = t.editor;
  const area = useRef<HTMLTextAreaElement>(null);
  const [cursorLine, setCursorLine] = useState(1);
  const follow = () => {
    const at = area.current?.selectionStart ?? 0;
    setCursorLine(source.slice(0, at).split('\n').length);
  };
  const goTo = (line: number) => {
    const [start, end] = lineRange(source, line);
    area.current?.focus();
    area.current?.setSelectionRange(start, end);
    setCursorLine(line);
  };
  const item = (d: Diagnostic, i: number, error: boolean) => (
    <li key={i} class={error ? 'error' : undefined} data-line={d.line}>
      {`${d.file}:${d.line}: ${d.message}`}
      {d.line > 0 && <> <button type="button" class="button secondary" onClick={() => goTo(d.line)}>{e.goToLine(d.line)}</button></>}
    </li>
  );
  return (
    <div class="source-editor">
      <label for="module-source">{e.source}</label>
      <textarea id="module-source" ref={area} spellcheck={false} value={source} rows={Math.min(30, Math.max(14, source.split('\n').length + 2))} aria-describedby="cursor-line"
        onInput={(ev) => { onInput((ev.target as HTMLTextAreaElement).value); follow(); }} onKeyUp={follow} onClick={follow} />
      <p id="cursor-line" class="cursor-line" data-testid="cursor-line">{e.cursorLine(cursorLine, source.split('\n').length)}</p>
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
    </div>
  );
}

/** The draft as a kiosk shows it: its sections through the kiosk's own document renderer, and its quiz. */
function ModulePreview({ t, module }: { t: ConsoleStrings; module: TrainingModule | null }) {
  return (
    <article class="preview" aria-label={t.editor.preview} data-testid="preview">
      <h2>{t.editor.preview}</h2>
      {!module && <p>{t.editor.previewEmpty}</p>}
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
