import { useEffect, useState } from 'preact/hooks';
import type { CatalogEntry, TrainingModule } from '../../shared/module.ts';
import { isQuizComplete, scoreQuiz, type Answers } from '../../shared/quiz.ts';
import type { AppStrings } from '../i18n/index.ts';
import type { Learning } from '../learning.ts';
import { recordAttempt, saveQuizDraft, type ModuleRef } from '../../device/learning-store.ts';
import { Link } from '../components/link.tsx';
import { navigate } from '../router.ts';

interface Props {
  t: AppStrings;
  module: TrainingModule;
  entry: CatalogEntry;
  learning: Learning;
}

type SaveState = { kind: 'editing' } | { kind: 'saving' } | { kind: 'failed'; reason: string };

export function Quiz({ t, module, entry, learning }: Props) {
  const { quiz } = module;
  const ref: ModuleRef = { moduleId: module.id, lang: module.lang, moduleHash: entry.hash };
  const draft = learning.progress.get(module.id)?.quizDraft;
  const [answers, setAnswers] = useState<Answers>(() => (draft?.length === quiz.questions.length ? draft : quiz.questions.map(() => [])));
  const [save, setSave] = useState<SaveState>({ kind: 'editing' });

  // Keep the draft on the device so an app update or a reload never loses picked answers.
  useEffect(() => {
    void saveQuizDraft(learning.db, learning.learnerId, ref, answers);
  }, [answers]);

  const choose = (q: number, choice: number, multi: boolean, checked: boolean) => {
    setAnswers((prev) => prev.map((a, i) => {
      if (i !== q) return a;
      if (!multi) return [choice];
      return checked ? [...a.filter((c) => c !== choice), choice].sort((x, y) => x - y) : a.filter((c) => c !== choice);
    }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!isQuizComplete(quiz, answers) || save.kind === 'saving') return;
    setSave({ kind: 'saving' });
    try {
      await recordAttempt(learning.db, learning.learnerId, ref, answers, scoreQuiz(quiz, answers));
      await learning.reload();
      navigate({ name: 'result', id: module.id });
    } catch (err) {
      setSave({ kind: 'failed', reason: (err as Error).name === 'QuotaExceededError' ? t.storageFull : (err as Error).message });
    }
  };

  const answered = answers.filter((a) => a.length > 0).length;
  return (
    <form lang={module.lang} onSubmit={submit} data-testid="quiz">
      <p class="crumb"><Link to={{ name: 'read', id: module.id, section: null }}>← {module.title}</Link></p>
      <h2>{t.quizHeading(module.title)}</h2>
      <p>{t.quizIntro(quiz.questions.length, quiz.passMark)}</p>
      {quiz.questions.map((q, qi) => {
        const multi = q.correct.length > 1;
        return (
          <fieldset key={qi} class="question" data-question={qi}>
            <legend>
              <span class="question-number">{t.questionOf(qi + 1, quiz.questions.length)}</span>
              <span class="question-prompt">{q.prompt}</span>
              {multi && <span class="question-hint">{t.selectAll}</span>}
            </legend>
            {q.choices.map((choice, ci) => (
              <label key={ci} class="choice">
                <input type={multi ? 'checkbox' : 'radio'} name={`q${qi}`} value={ci}
                  checked={answers[qi]?.includes(ci) ?? false}
                  onChange={(e) => choose(qi, ci, multi, (e.target as HTMLInputElement).checked)} />
                <span>{choice}</span>
              </label>
            ))}
          </fieldset>
        );
      })}
      <p class="progress-text" aria-live="polite">{t.answered(answered, quiz.questions.length)}</p>
      {save.kind === 'failed' && <p class="notice notice-error" role="alert">{t.resultSaveFailed(save.reason)}</p>}
      {save.kind === 'saving' && <p class="notice" role="status">{t.savingResult}</p>}
      <button type="submit" class="button" disabled={answered < quiz.questions.length || save.kind === 'saving'}>{t.submitAnswers}</button>
    </form>
  );
}
