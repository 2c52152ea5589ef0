import { useEffect, useState } from 'preact/hooks';
import { deckMinutes, DECK_CAP, followUpQuestions, moduleOf, openSteps, runsFor, stepKey, type OpenStep } from '../../shared/campaign/schedule.ts';
import type { CatalogEntry, TrainingModule } from '../../shared/module.ts';
import { teaserFor } from '../../shared/campaign/campaign.ts';
import type { Person } from '../../shared/roster/roster.ts';
import { noteDelivered, noteTeaserRead, readCampaigns } from '../../device/campaign-store.ts';
import { kioskDay } from '../../device/latest-day.ts';
import type { LearningDb } from '../../device/learning-db.ts';
import type { KioskStrings } from '../i18n/index.ts';
import { Link } from '../components/link.tsx';
import type { ModuleLoader } from '../hooks/use-module.ts';
import { formatDay } from './kiosk-data.ts';

interface Props {
  lang: string;
  k: KioskStrings;
  db: LearningDb;
  person: Person;
  modules: CatalogEntry[];
  /** Modules this learner passed, as the kiosk knows (server or this kiosk). */
  passed: ReadonlySet<string>;
  /** The app's: imported here, services/content.ts would leave the first render's chunk for one shared with this one. */
  loadModule: ModuleLoader;
}

interface Today { day: string; steps: OpenStep[]; followUps: Map<string, TrainingModule>; any: boolean }


/**
 * "Today for you": what the learner's campaigns have open now, worked out on
 * this kiosk from the rules and its clock (shared/campaign/schedule.ts), so
 * it needs no connection. Shown first after sign-in; nothing is shown until
 * the kiosk's records are read.
 */
export function TodayForYou({ lang, k, db, person, modules, passed, loadModule }: Props) {
  const [today, setToday] = useState<Today | null>(null);
  const [deck, setDeck] = useState<OpenStep | null>(null);
  const [followUp, setFollowUp] = useState<typeof import('../follow-up/follow-up.tsx') | null>(null);
  const startDeck = (open: OpenStep) => {
    setDeck(open);
    void import('../follow-up/follow-up.tsx').then(setFollowUp);
  };
  const [version, setVersion] = useState(0);
  const refresh = () => setVersion((v) => v + 1);

  useEffect(() => {
    void (async () => {
      const day = await kioskDay(db);
      const { campaigns, facts } = await readCampaigns(db, person.id, passed);
      const mine = campaigns.filter((c) => runsFor(c, person));
      await noteDelivered(db, person.id, mine.map((c) => c.id), day);
      // A step about a module this kiosk's catalog does not have (yet) waits until it has it.
      const entryOf = (s: OpenStep) => modules.find((m) => m.id === moduleOf(s.step));
      const steps = openSteps(mine, person, facts, day).filter((s) => moduleOf(s.step) === null || entryOf(s));
      const followUps = new Map<string, TrainingModule>();
      for (const s of steps) if (s.step.kind === 'follow-up') followUps.set(s.step.moduleId, await loadModule(entryOf(s)!));
      setToday({ day, steps, followUps, any: mine.length > 0 });
    })();
  }, [person.id, modules, passed, version]);

  if (!today?.any) return null;
  if (deck && deck.step.kind === 'follow-up') {
    const module = today.followUps.get(deck.step.moduleId)!;
    const entry = modules.find((m) => m.id === module.id)!;
    return followUp
      ? <followUp.FollowUp k={k} db={db} learnerId={person.id} module={module} moduleHash={entry.hash} stepKey={stepKey(deck.campaign.id, deck.index)} day={today.day} onDone={() => { setDeck(null); refresh(); }} />
      : <p class="notice">…</p>;
  }

  return (
    <>
      <h2>{k.todayHeading}</h2>
      {today.steps.length === 0 && <p class="notice" data-testid="today-empty">{k.todayNothing}</p>}
      <ul class="cards" data-testid="today">
        {today.steps.map((open) => {
          const { step } = open;
          const key = stepKey(open.campaign.id, open.index);
          if (step.kind === 'teaser') {
            const words = teaserFor(step, lang);
            return (
              <li key={key} class="card card-link" data-step="teaser">
                {step.image && <span class="prose"><img src={step.image} alt="" /></span>}
                <span class="card-title" lang={words.lang}>{words.title}</span>
                <span class="card-summary" lang={words.lang}>{words.text}</span>
                {words.fallback && <span class="card-meta" data-testid="teaser-fallback">{k.teaserNotTranslated}</span>}
                <button type="button" class="button" onClick={() => void noteTeaserRead(db, person.id, open.campaign.id, open.index, today.day).then(refresh)}>{k.teaserRead}</button>
              </li>
            );
          }
          if (step.kind === 'session') {
            return (
              <li key={key} class="card card-link" data-step="session">
                <span class="card-title">{k.sessionStep(step.topic)}</span>
                <span class="card-summary">{k.sessionExplain}</span>
              </li>
            );
          }
          const entry = modules.find((m) => m.id === step.moduleId)!;
          if (step.kind === 'follow-up') {
            const module = today.followUps.get(entry.id);
            const questions = Math.min(DECK_CAP, module ? followUpQuestions(module).length : 0);
            return (
              <li key={key} class="card card-link" data-step="follow-up" data-step-module={entry.id}>
                <span class="card-title" lang={entry.lang}>{k.followUpTitle(entry.title)}</span>
                <span class="card-meta">{k.followUpSize(questions, deckMinutes(questions))}</span>
                <button type="button" class="button" onClick={() => startDeck(open)}>{k.startFollowUp}</button>
              </li>
            );
          }
          return (
            <li key={key} class="card" data-step="module" data-step-module={entry.id}>
              <Link to={{ name: 'read', id: entry.id, section: null }} class="card-link">
                <span class="card-title" lang={entry.lang}>{entry.title}</span>
                <span class="card-meta">
                  <span>{k.aboutMinutes(entry.minutes)}</span>
                  {open.nudge && <span class="badge badge-overdue" data-testid="nudge">⚠ {k.waitingSince(formatDay(lang, open.openedOn))}</span>}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}
