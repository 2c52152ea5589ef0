import { useRef, useState } from 'preact/hooks';
import { emptyQuestion, missingFields, questionGaps, type MissingField, type ModuleFields, type QuestionFields } from '../../shared/console/module-form.ts';
import type { RoleCount } from '../../shared/roster/role-counts.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { applyTool, TOOLS, type Tool } from '../markdown-tools.ts';

interface Props {
  t: ConsoleStrings;
  fields: ModuleFields;
  onChange: (next: ModuleFields) => void;
  roles: readonly RoleCount[];
  languages: readonly string[];
  /** Whether the short name may still change: once published, records are kept under it. */
  newModule: boolean;
}

const value = (ev: Event) => (ev.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
const number = (ev: Event): number | null => {
  const n = Number.parseInt(value(ev), 10);
  return Number.isFinite(n) ? n : null;
};

/**
 * The module as a form, for authors who do not write YAML: its details, its
 * text with a toolbar, its quiz and follow-up questions. Each change hands
 * the whole set of fields up, where it becomes the Markdown source again; a
 * field still empty is marked "To fill in", as an import leaves them.
 */
export function ModuleForm({ t, fields, onChange, roles, languages, newModule }: Props) {
  const f = t.editor.form;
  const missing = new Set(missingFields(fields));
  const set = <K extends keyof ModuleFields>(key: K, v: ModuleFields[K]) => onChange({ ...fields, [key]: v });
  const mark = (key: MissingField) => (missing.has(key) ? { 'aria-invalid': true as const, 'aria-describedby': `missing-${key}` } : {});
  const toFill = (key: MissingField) => missing.has(key) && <small id={`missing-${key}`} class="to-fill">{f.toFill}</small>;
  const names = new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'language' });

  return (
    <div class="module-form" data-testid="module-form">
      <fieldset>
        <legend>{f.about}</legend>
        <label class="field">{f.title}
          <input value={fields.title} onInput={(ev) => set('title', value(ev))} {...mark('title')} />
          {toFill('title')}
        </label>
        <label class="field">{f.summary}
          <input value={fields.summary} onInput={(ev) => set('summary', value(ev))} />
        </label>
        <div class="inline">
          <label class="field">{f.language}
            <select value={fields.language} onChange={(ev) => set('language', value(ev))} {...mark('language')}>
              {!fields.language && <option value="">{f.choose}</option>}
              {[...new Set([...languages, ...(fields.language ? [fields.language] : [])])].map((code) => <option key={code} value={code}>{names.of(code) ?? code}</option>)}
            </select>
            {toFill('language')}
          </label>
          <label class="field">{f.minutes}
            <input type="number" min={1} max={60} value={fields.minutes ?? ''} onInput={(ev) => set('minutes', number(ev))} {...mark('minutes')} />
            {toFill('minutes')}
          </label>
        </div>
        <RolePicker t={t} legend={f.roles} hint={f.rolesHint} chosen={fields.roles} roles={roles} onChange={(next) => set('roles', next)} missing={missing.has('roles')} />
        <details open={newModule || undefined}>
          <summary>{f.more}</summary>
          <label class="field">{f.shortName}
            <input value={fields.id} spellcheck={false} readOnly={!newModule} aria-describedby="id-hint" onInput={(ev) => set('id', value(ev).trim())} />
            <small id="id-hint">{newModule ? f.shortNameHint : f.shortNameKept}</small>
          </label>
          <label class="field">{f.version}
            <input value={fields.version} onInput={(ev) => set('version', value(ev).trim())} aria-describedby="version-hint" />
            <small id="version-hint">{f.versionHint}</small>
          </label>
        </details>
      </fieldset>

      <BodyEditor t={t} body={fields.body} onChange={(body) => set('body', body)} missing={missing.has('body')} />

      <fieldset>
        <legend>{f.quiz}</legend>
        <label class="field">{f.passMark}
          <input type="number" min={1} max={100} value={fields.passMark ?? ''} onInput={(ev) => set('passMark', number(ev))} {...mark('passMark')} />
          {toFill('passMark')}
        </label>
        <Questions t={t} list={fields.questions} onChange={(questions) => set('questions', questions)} kind="quiz" />
        {toFill('questions')}
      </fieldset>
      <fieldset>
        <legend>{f.followUp}</legend>
        <p>{f.followUpHint}</p>
        <Questions t={t} list={fields.followUp} onChange={(followUp) => set('followUp', followUp)} kind="followUp" />
      </fieldset>
    </div>
  );
}

/**
 * The roles on the rosters, each with its head count, ticked or not, and any
 * other role typed in (said to be on no roster yet): a typo cannot quietly
 * target nobody. The module form and the campaign form both pick roles so.
 */
export function RolePicker({ t, legend, hint, chosen, roles, onChange, missing = false }: {
  t: ConsoleStrings; legend: string; hint: string; chosen: string[]; roles: readonly RoleCount[]; onChange: (next: string[]) => void; missing?: boolean;
}) {
  const f = t.editor.form;
  const [other, setOther] = useState('');
  const known = new Map(roles.map((r) => [r.role, r.people]));
  const all = [...roles.map((r) => r.role), ...chosen.filter((r) => !known.has(r))];
  const add = () => {
    const role = other.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (role && !chosen.includes(role)) onChange([...chosen, role]);
    setOther('');
  };
  return (
    <fieldset aria-describedby={missing ? 'missing-roles' : 'roles-hint'}>
      <legend>{legend}</legend>
      <p id="roles-hint">{hint}</p>
      <div class="role-choices">
        {all.map((role) => (
          <label key={role} class="check">
            <input type="checkbox" checked={chosen.includes(role)} onChange={(ev) => onChange((ev.target as HTMLInputElement).checked ? [...chosen, role] : chosen.filter((r) => r !== role))} />
            {known.has(role) ? t.people.roleWithCount(role, known.get(role)!) : f.roleOnNoRoster(role)}
          </label>
        ))}
      </div>
      <div class="inline">
        <label class="field">{f.otherRole}
          <input value={other} onInput={(ev) => setOther(value(ev))} onKeyDown={(ev) => { if (ev.key === 'Enter') { ev.preventDefault(); add(); } }} />
        </label>
        <button type="button" class="button secondary" onClick={add} disabled={!other.trim()}>{f.addRole}</button>
      </div>
      {missing && <small id="missing-roles" class="to-fill">{f.toFill}</small>}
    </fieldset>
  );
}

/** The module's text: a wrapping textarea and a toolbar for headings, bold, lists and tables. */
function BodyEditor({ t, body, onChange, missing }: { t: ConsoleStrings; body: string; onChange: (next: string) => void; missing: boolean }) {
  const f = t.editor.form;
  const area = useRef<HTMLTextAreaElement>(null);
  const use = (tool: Tool) => {
    const el = area.current!;
    const edit = applyTool(tool, body, el.selectionStart, el.selectionEnd, f.toolWords);
    onChange(edit.text);
    // After Preact has put the new text in, the selection goes where the tool left it.
    requestAnimationFrame(() => { el.focus(); el.setSelectionRange(edit.start, edit.end); });
  };
  return (
    <fieldset>
      <legend>{f.text}</legend>
      <div role="toolbar" aria-label={f.toolbar} aria-controls="module-body" class="row">
        {TOOLS.map((tool) => <button key={tool} type="button" class="button secondary" onClick={() => use(tool)}>{f.tools[tool]}</button>)}
      </div>
      <label for="module-body" class="visually-hidden">{f.text}</label>
      <textarea id="module-body" ref={area} class="body-text" value={body} rows={Math.min(30, Math.max(10, body.split('\n').length + 2))} aria-describedby={missing ? 'missing-body text-hint' : 'text-hint'} aria-invalid={missing || undefined} onInput={(ev) => onChange(value(ev))} />
      <small id="text-hint">{f.textHint}</small>
      {missing && <small id="missing-body" class="to-fill">{f.toFill}</small>}
    </fieldset>
  );
}

/** A list of questions: each with its choices, which of them are right, and why. */
function Questions({ t, list, onChange, kind }: { t: ConsoleStrings; list: QuestionFields[]; onChange: (next: QuestionFields[]) => void; kind: 'quiz' | 'followUp' }) {
  const f = t.editor.form;
  const put = (i: number, q: QuestionFields) => onChange(list.map((x, j) => (j === i ? q : x)));
  return (
    <>
      {list.map((q, i) => {
        const gaps = questionGaps(q);
        const setChoice = (j: number, text: string) => {
          const old = q.choices[j]!;
          put(i, { ...q, choices: q.choices.map((c, k) => (k === j ? text : c)), answer: q.answer.map((a) => (a === old ? text : a)) });
        };
        const tick = (choice: string, right: boolean) => put(i, { ...q, answer: right ? [...q.answer, choice] : q.answer.filter((a) => a !== choice) });
        return (
          <fieldset key={i} class="question" data-testid={`${kind}-question`}>
            <legend>{f.questionNumber(i + 1)}</legend>
            <label class="field">{f.question}
              <textarea rows={2} value={q.question} onInput={(ev) => put(i, { ...q, question: value(ev) })} aria-invalid={gaps.includes('question') || undefined} />
            </label>
            <fieldset>
              <legend>{f.choices}</legend>
              {q.choices.map((c, j) => (
                <div key={j} class="choice-row">
                  <label class="check"><input type="checkbox" aria-label={`${f.right}: ${f.choiceNumber(j + 1)}`} checked={!!c && q.answer.includes(c)} disabled={!c.trim()} onChange={(ev) => tick(c, (ev.target as HTMLInputElement).checked)} />{f.right}</label>
                  <input value={c} aria-label={f.choiceNumber(j + 1)} onInput={(ev) => setChoice(j, value(ev))} aria-invalid={(gaps.includes('choices') && !c.trim()) || undefined} />
                  <button type="button" class="button secondary" aria-label={f.removeChoice(j + 1)} disabled={q.choices.length <= 2} onClick={() => put(i, { ...q, choices: q.choices.filter((_, k) => k !== j), answer: q.answer.filter((a) => a !== c) })}>✕</button>
                </div>
              ))}
              <button type="button" class="button secondary" disabled={q.choices.length >= 6} onClick={() => put(i, { ...q, choices: [...q.choices, ''] })}>{f.addChoice}</button>
            </fieldset>
            <label class="field">{f.explanation}
              <textarea rows={2} value={q.explanation} onInput={(ev) => put(i, { ...q, explanation: value(ev) })} aria-invalid={gaps.includes('explanation') || undefined} />
            </label>
            {gaps.length > 0 && <p class="to-fill">{f.toFill}: {gaps.map((g) => f.gaps[g]).join(', ')}</p>}
            <button type="button" class="button secondary" onClick={() => onChange(list.filter((_, j) => j !== i))}>{f.removeQuestion(i + 1)}</button>
          </fieldset>
        );
      })}
      <button type="button" class="button secondary" disabled={list.length >= 20} onClick={() => onChange([...list, emptyQuestion()])}>{kind === 'quiz' ? f.addQuestion : f.addFollowUp}</button>
    </>
  );
}
