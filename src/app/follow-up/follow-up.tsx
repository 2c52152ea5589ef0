import { useEffect, useState } from 'preact/hooks';
import type { TrainingModule } from '../../shared/module.ts';
import { isAnswerCorrect } from '../../shared/quiz.ts';
import { DECK_CAP, followUpQuestions } from '../../shared/campaign/schedule.ts';
import type { ReviewRecord } from '../../shared/sync/records.ts';
import { listReviews, recordFollowUp } from '../../device/campaign-store.ts';
import type { LearningDb } from '../../device/learning-db.ts';
import type { KioskStrings } from '../i18n/index.ts';
import { chooseDeck } from './deck.ts';

interface Props {
  k: KioskStrings;
  db: LearningDb;
  learnerId: string;
  module: TrainingModule;
  moduleHash: string;
  stepKey: string;
  day: string;
  onDone: () => void;
}

type Answer = { question: number; correct: boolean; at: number };

/**
 * A follow-up deck: a few of the module's own questions, one at a time, the
 * right answer shown after each. Its own chunk with ts-fsrs: neither the
 * first render nor the service worker carry the scheduler.
 */
export function FollowUp({ k, db, learnerId, module, moduleHash, stepKey, day, onDone }: Props) {
  const [deck, setDeck] = useState<number[] | null>(null);
  const [position, setPosition] = useState(0);
  const [chosen, setChosen] = useState<number[]>([]);
  const [answers, setAnswers] = useState<Answer[]>([]);
  const [save, setSave] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'failed'; reason: string }>({ kind: 'idle' });
  useEffect(() => {
    const questions = { quiz: module.quiz.questions.length, followUpOnly: module.followUp?.length ?? 0 };
    void listReviews(db, learnerId, module.id).then((reviews: ReviewRecord[]) => setDeck(chooseDeck(questions, reviews, Date.now(), DECK_CAP)));
  }, [learnerId, module.id]);
  if (!deck) return <p class="notice">…</p>;

  const finish = async (all: Answer[]) => {
    setSave({ kind: 'saving' });
    try {
      await recordFollowUp(db, learnerId, { moduleId: module.id, lang: module.lang, moduleHash }, all, stepKey, day);
      setSave({ kind: 'saved' });
    } catch (err) {
      setSave({ kind: 'failed', reason: (err as Error).name === 'QuotaExceededError' ? k.storageFull : (err as Error).message });
    }
  };

  if (position >= deck.length) {
    const right = answers.filter((a) => a.correct).length;
    return (
      <section data-testid="follow-up" lang={module.lang}>
        <h2>{k.followUpTitle(module.title)}</h2>
        {save.kind === 'saved' && <p class="notice" role="status" data-testid="follow-up-done">{k.followUpDone(right, answers.length)}</p>}
        {save.kind === 'saving' && <p class="notice" role="status">{k.saving}</p>}
        {save.kind === 'failed' && <p class="notice notice-error" role="alert">{k.saveFailed(save.reason)}</p>}
        {save.kind === 'failed' && <button type="button" class="button" onClick={() => void finish(answers)}>{k.tryAgain}</button>}
        {save.kind === 'saved' && <button type="button" class="button" onClick={onDone}>{k.back}</button>}
      </section>
    );
  }

  const qi = deck[position]!;
  const q = followUpQuestions(module)[qi]!;
  const multi = q.correct.length > 1;
  const answered = answers.length > position ? answers[position]! : null;
  const check = (event: Event) => {
    event.preventDefault();
    if (answered || !chosen.length) return;
    setAnswers([...answers, { question: qi, correct: isAnswerCorrect(q.correct, chosen), at: Date.now() }]);
  };
  const next = () => {
    setChosen([]);
    setPosition(position + 1);
    if (position + 1 >= deck.length) void finish(answers);
  };
  return (
    <form data-testid="follow-up" lang={module.lang} onSubmit={check}>
      <h2>{k.followUpTitle(module.title)}</h2>
      <fieldset class="question" data-question={qi}>
        <legend>
          <span class="question-number">{k.questionOf(position + 1, deck.length)}</span>
          <span class="question-prompt">{q.prompt}</span>
        </legend>
        {q.choices.map((choice, ci) => (
          <label key={ci} class="choice">
            <input type={multi ? 'checkbox' : 'radio'} name={`f${qi}`} value={ci} disabled={answered !== null} checked={chosen.includes(ci)}
              onChange={(e) => setChosen(multi ? ((e.target as HTMLInputElement).checked ? [...chosen, ci] : chosen.filter((c) => c !== ci)) : [ci])} />
            <span>{choice}</span>
          </label>
        ))}
      </fieldset>
      {answered && (
        <p class={answered.correct ? 'notice' : 'notice notice-error'} role="status" data-testid="follow-up-feedback">
          {answered.correct ? k.answerRight : k.answerWrong(q.correct.map((c) => q.choices[c]).join('; '))} {q.explanation}
        </p>
      )}
      {answered
        ? <button type="button" class="button" onClick={next}>{position + 1 < deck.length ? k.nextQuestion : k.finishFollowUp}</button>
        : <button type="submit" class="button" disabled={!chosen.length}>{k.checkAnswer}</button>}
    </form>
  );
}
