import { useEffect, useRef, useState } from 'preact/hooks';
import type { TrainingModule } from '../../shared/module.ts';
import type { AttemptRecord } from '../../shared/sync/records.ts';
import { isAnswerCorrect } from '../../shared/quiz.ts';
import type { AppStrings } from '../i18n/index.ts';
import type { Learning } from '../learning.ts';
import { latestAttempt } from '../../device/learning-store.ts';
import { noteUseful, saidUseful } from '../../device/learning-events.ts';
import { localDate } from '../../shared/roster/roster.ts';
import { Link } from '../components/link.tsx';

export function Result({ t, module, learning }: { t: AppStrings; module: TrainingModule; learning: Learning }) {
  const [attempt, setAttempt] = useState<AttemptRecord | null | undefined>(undefined);
  /** "Was this useful?": asked once after a pass, shown only once the device says it was not answered yet. */
  const [useful, setUseful] = useState<'unknown' | 'ask' | 'thanks' | 'answered'>('unknown');
  useEffect(() => {
    void latestAttempt(learning.db, learning.learnerId, module.id).then((a) => setAttempt(a ?? null));
    void saidUseful(learning.db, learning.learnerId, module.id).then((said) => setUseful(said ? 'answered' : 'ask'));
  }, [module.id, learning.learnerId]);
  // The quiz was submitted from the bottom of a long page: the outcome comes into view, and is read out first.
  const outcome = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    outcome.current?.focus();
    outcome.current?.scrollIntoView({ block: 'center' });
  }, [attempt]);
  const answerUseful = (yes: boolean) =>
    void noteUseful(learning.db, learning.learnerId, module.id, yes, localDate(Date.now())).then(() => setUseful('thanks'));

  if (attempt === undefined) return null;
  if (attempt === null) {
    return <p class="notice"><Link to={{ name: 'quiz', id: module.id }}>{t.takeQuiz}</Link></p>;
  }
  const { quiz } = module;
  const choicesText = (q: number, picked: readonly number[]) => picked.map((c) => quiz.questions[q]?.choices[c]).join('; ');
  return (
    <section lang={module.lang} data-testid="result" data-passed={attempt.passed} data-useful={useful}>
      <h2>{t.resultHeading}: {module.title}</h2>
      <p class={attempt.passed ? 'outcome outcome-pass' : 'outcome outcome-fail'} role="status" ref={outcome} tabIndex={-1} data-testid="outcome">
        <span aria-hidden="true">{attempt.passed ? '✓ ' : '✗ '}</span>
        {attempt.passed ? t.passedMessage(attempt.score) : t.failedMessage(attempt.score, quiz.passMark)} {t.resultSaved}
      </p>
      <ol class="review">
        {quiz.questions.map((q, i) => {
          const picked = attempt.answers[i] ?? [];
          const ok = isAnswerCorrect(q.correct, picked);
          return (
            <li key={i} class={ok ? 'review-item review-ok' : 'review-item review-wrong'}>
              <p class="review-verdict"><strong>{ok ? `✓ ${t.correct}` : `✗ ${t.incorrect}`}</strong></p>
              <p class="question-prompt">{q.prompt}</p>
              <p>{t.yourAnswer}: {choicesText(i, picked)}</p>
              {!ok && <p>{t.rightAnswer}: {choicesText(i, q.correct)}</p>}
              <p class="explanation">{q.explanation}</p>
            </li>
          );
        })}
      </ol>
      {attempt.passed && useful === 'ask' && (
        <div class="notice" data-testid="useful" role="group" aria-labelledby="useful-q">
          <p id="useful-q"><strong>{t.usefulQuestion}</strong></p>
          <button type="button" class="button" onClick={() => answerUseful(true)}>{t.usefulYes}</button>{' '}
          <button type="button" class="button button-secondary" onClick={() => answerUseful(false)}>{t.usefulNo}</button>
        </div>
      )}
      {useful === 'thanks' && <p class="notice" role="status" data-testid="useful-thanks">{t.usefulThanks}</p>}
      <nav class="pager">
        {!attempt.passed && <Link to={{ name: 'quiz', id: module.id }} class="button">{t.tryAgain}</Link>}
        <Link to={{ name: 'read', id: module.id, section: 0 }} class="button button-secondary">{t.reread}</Link>
        <Link to={{ name: 'home' }} class={attempt.passed ? 'button' : 'button button-secondary'}>{t.back}</Link>
      </nav>
    </section>
  );
}
