import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LearningDb } from '../../device/learning-db.ts';
import { enrollDevice } from '../../device/kiosk-client.ts';
import { kioskLabel, kioskSite, readRoster } from '../../device/roster-store.ts';
import { clearLockout, lockoutOf, noteWrongPin } from '../../device/lockout-store.ts';
import { parseCredential, unlockSigningKey, verifySecret } from '../../shared/kiosk/credential.ts';
import { DEFAULT_IDLE_SECONDS, idlePhase, type IdlePhase } from '../../shared/kiosk/idle.ts';
import { attemptsLeft, lockedFor } from '../../shared/kiosk/lockout.ts';
import { assignmentsFor, findPerson, isOverdue, localDate, type DueModule, type Person } from '../../shared/roster/roster.ts';
import type { CatalogEntry } from '../../shared/module.ts';
import type { KioskStrings } from '../i18n/index.ts';
import { completionState, passedModules, type KioskCompletion } from './completion-state.ts';
import { formatDay, loadKioskData } from './kiosk-data.ts';
import { TodayForYou } from './today.tsx';
import type { ModuleLoader } from '../hooks/use-module.ts';
import { SetUpFromFile } from './usb-section.tsx';

export type SignedInAs = 'learner' | 'supervisor';

/** Focuses an element whenever `key` changes: a badge scan or the next field never needs a tap. */
function useFocus<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), [key]);
  return ref;
}

/** /setup, or /#enroll=CODE: trades an admin's one-time code for this kiosk's credential, then restarts as a kiosk. */
export function EnrollScreen({ lang, k, db, initialCode }: { lang: string; k: KioskStrings; db: LearningDb; initialCode: string | null }) {
  const [code, setCode] = useState(initialCode ?? '');
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'failed'; reason: string }>({ kind: 'idle' });
  const input = useFocus<HTMLInputElement>(null);
  const submit = async (value: string) => {
    setState({ kind: 'busy' });
    try {
      await enrollDevice(db, value);
      location.replace('/');
    } catch (err) {
      setState({ kind: 'failed', reason: (err as Error).message });
    }
  };
  useEffect(() => { if (initialCode) void submit(initialCode); }, []);
  return (
    <section data-testid="enroll">
      <h2>{k.enrollHeading}</h2>
      <p>{k.enrollExplain}</p>
      <form class="stack" onSubmit={(e) => { e.preventDefault(); void submit(code); }}>
        <label for="enroll-code">{k.enrollCode}</label>
        <input id="enroll-code" ref={input} class="field" value={code} autocomplete="off" autocapitalize="characters" spellcheck={false}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
        <button type="submit" class="button" disabled={state.kind === 'busy' || !code.trim()}>{state.kind === 'busy' ? k.enrolling : k.enrollButton}</button>
      </form>
      {state.kind === 'failed' && <p class="notice notice-error" role="alert">{k.enrollFailed(state.reason)}</p>}
      <SetUpFromFile lang={lang} db={db} />
    </section>
  );
}

/**
 * Sign-in on a shared kiosk, fully offline: the person from the kiosk's
 * roster copy, the PIN (or a supervisor's passphrase) checked against its
 * slow hash with WebCrypto, five wrong PINs lock that person on this kiosk.
 */
export function SignIn({ lang, k, db, onSignedIn }: { lang: string; k: KioskStrings; db: LearningDb; onSignedIn: (person: Person, as: SignedInAs, signingKey: CryptoKey | null) => void }) {
  const [as, setAs] = useState<SignedInAs>('learner');
  const [typed, setTyped] = useState('');
  const [person, setPerson] = useState<Person | null>(null);
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const numberInput = useFocus<HTMLInputElement>(`${person === null}-${as}`);
  const secretInput = useFocus<HTMLInputElement>(person?.id ?? null);
  const lockKey = (p: Person) => (as === 'supervisor' ? `supervisor:${p.id}` : p.id);
  // Which kiosk this is, by the names an admin gave: after enrolling, and for anyone who wonders.
  const [where, setWhere] = useState<string | null>(null);
  useEffect(() => {
    void Promise.all([kioskLabel(db), kioskSite(db)]).then(([label, site]) => setWhere(label && site ? k.thisKiosk(label, site.name) : null));
  }, [k]);

  const findTyped = async (event: Event) => {
    event.preventDefault();
    const { people } = await readRoster(db);
    if (!people.length) return setMessage(k.rosterMissing);
    const found = findPerson(people, typed);
    setMessage(found ? null : k.unknownPerson(typed.trim()));
    if (!found) return setTyped('');
    if (as === 'learner' && !found.pin) return setMessage(k.noPinYet);
    if (as === 'supervisor' && !(found.supervisor && found.passphrase)) return setMessage(k.notSupervisor);
    if (as === 'supervisor' && !parseCredential(found.passphrase!)?.split) return setMessage(k.passphraseOutdated);
    setPerson(found);
  };

  const check = async (event: Event) => {
    event.preventDefault();
    if (!person) return;
    setBusy(true);
    try {
      const lock = await lockoutOf(db, lockKey(person));
      const wait = lockedFor(lock, Date.now());
      // Locked: the PIN typed is not checked, and not left in the field of a shared screen either.
      if (wait > 0) {
        setSecret('');
        return setMessage(k.locked(Math.ceil(wait / 60_000)));
      }
      // A supervisor's passphrase also unlocks their signing key, for this session's memory only.
      const key = as === 'supervisor' ? await unlockSigningKey(secret, person.passphrase ?? '') : null;
      if (key || (as === 'learner' && (await verifySecret(secret, person.pin ?? '')))) {
        await clearLockout(db, lockKey(person));
        return onSignedIn(person, as, key);
      }
      const next = await noteWrongPin(db, lockKey(person));
      const left = lockedFor(next, Date.now());
      setMessage(left > 0 ? k.locked(Math.ceil(left / 60_000)) : as === 'learner' ? k.wrongPin(attemptsLeft(next)) : k.wrongPassphrase);
      setSecret('');
    } finally {
      setBusy(false);
    }
  };

  const restart = (nextAs: SignedInAs) => {
    setAs(nextAs);
    setPerson(null);
    setTyped('');
    setSecret('');
    setMessage(null);
  };

  return (
    <section data-testid="sign-in">
      <h2>{as === 'learner' ? k.signInHeading : k.signInAsSupervisor}</h2>
      {where && <p data-testid="this-kiosk">{where}</p>}
      {!person ? (
        <form class="stack" onSubmit={findTyped}>
          <label for="employee">{k.signInExplain}</label>
          <input id="employee" ref={numberInput} class="field" value={typed} autocomplete="off" spellcheck={false} aria-describedby="sign-in-message"
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)} aria-label={k.employeeNumber} />
          <button type="submit" class="button" disabled={!typed.trim()}>{k.next}</button>
        </form>
      ) : (
        <form class="stack" onSubmit={check}>
          <p class="person-name">{person.name} ({person.id})</p>
          <label for="secret">{as === 'learner' ? k.pin : k.passphrase}</label>
          <input id="secret" ref={secretInput} class="field" type="password" value={secret} autocomplete="off" aria-describedby="sign-in-message"
            inputMode={as === 'learner' ? 'numeric' : 'text'} onInput={(e) => setSecret((e.target as HTMLInputElement).value)} />
          <div class="row">
            <button type="submit" class="button" disabled={busy || !secret}>{busy ? k.checking : k.signIn}</button>
            <button type="button" class="button button-secondary" onClick={() => restart(as)}>{k.switchUser}</button>
          </div>
        </form>
      )}
      <p id="sign-in-message" class={message ? 'notice notice-error' : ''} role="alert" data-testid="sign-in-message">{message}</p>
      <button type="button" class="button button-secondary" onClick={() => restart(as === 'learner' ? 'supervisor' : 'learner')}>
        {as === 'learner' ? k.signInAsSupervisor : k.signInAsLearner}
      </button>
    </section>
  );
}

/**
 * Who is signed in, the one-tap switch, and the idle sign-out with its
 * countdown. Any touch, key or scroll counts as activity; time is monotonic.
 */
export function SessionBar({ lang, k, person, as, idleSeconds, onSignOut }: { lang: string; k: KioskStrings; person: Person; as: SignedInAs; idleSeconds: number | undefined; onSignOut: () => void }) {
  const last = useRef(performance.now());
  const [phase, setPhase] = useState<IdlePhase>({ kind: 'active' });
  useEffect(() => {
    const touch = () => { last.current = performance.now(); };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll', 'input'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true, capture: true }));
    const timer = setInterval(() => {
      const next = idlePhase(last.current, performance.now(), idleSeconds ?? DEFAULT_IDLE_SECONDS);
      if (next.kind === 'expired') onSignOut();
      setPhase(next);
    }, 500);
    return () => {
      clearInterval(timer);
      events.forEach((e) => window.removeEventListener(e, touch, { capture: true }));
    };
  }, [idleSeconds]);
  return (
    <>
      {/* A landmark of its own: who is signed in, and the way out, found from anywhere on the page. */}
      <section class="session" data-testid="session" aria-label={k.signedInAs(person.name)}>
        <span>{k.signedInAs(person.name)}{as === 'supervisor' && <strong> · {k.supervisorBadge}</strong>}</span>
        <button type="button" class="button button-secondary" onClick={onSignOut} data-testid="switch-user">{as === 'supervisor' ? k.signOut : k.switchUser}</button>
      </section>
      {phase.kind === 'warning' && (
        <div class="banner" role="alert" data-testid="idle-warning">
          <span>{k.idleWarning(phase.secondsLeft)}</span>
          <button type="button" class="button">{k.stillHere}</button>
        </div>
      )}
    </>
  );
}

type CardRenderer = (entry: CatalogEntry, extra: ComponentChildren) => ComponentChildren;

/**
 * The learner's assigned modules first, soonest due first, overdue ones said
 * in words, each with what the kiosk honestly knows: synced, waiting, not done.
 */
export function AssignedModules({ lang, k, db, person, modules, card, onIds, loadModule }: {
  lang: string; k: KioskStrings; db: LearningDb; person: Person; modules: CatalogEntry[]; card: CardRenderer; onIds: (ids: Set<string>) => void; loadModule: ModuleLoader;
}) {
  const [rows, setRows] = useState<(DueModule & { state: KioskCompletion })[] | null>(null);
  const [passed, setPassed] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    void loadKioskData(db).then(({ assignments, facts }) => {
      const due = assignmentsFor(person, assignments).filter((d) => modules.some((m) => m.id === d.moduleId));
      setRows(due.map((d) => ({ ...d, state: completionState(person.id, d.moduleId, facts) })));
      setPassed(passedModules(person.id, facts));
      onIds(new Set(due.map((d) => d.moduleId)));
    });
  }, [person.id, modules]);
  const todaySection = passed && <TodayForYou lang={lang} k={k} db={db} person={person} modules={modules} passed={passed} loadModule={loadModule} />;
  if (!rows?.length) return todaySection || null;
  const today = localDate(Date.now());
  // Not done yet is what the card's own status already says ("Not started", "In progress").
  const doneText: Record<Exclude<KioskCompletion, 'not-done'>, string> = { synced: k.doneSynced, waiting: k.doneWaiting };
  return (
    <>
      {todaySection}
      <h2>{k.assignedHeading}</h2>
      <ul class="cards" data-testid="assigned">
        {rows.map((row) => {
          const overdue = row.state === 'not-done' && isOverdue(row.due, today);
          return card(modules.find((m) => m.id === row.moduleId)!, (
            <>
              <span class={overdue ? 'badge badge-overdue' : 'badge'} data-testid="due">{overdue ? `⚠ ${k.overdue(formatDay(lang, row.due))}` : k.due(formatDay(lang, row.due))}</span>
              {row.state !== 'not-done' && <span data-testid="assigned-state">{doneText[row.state]}</span>}
            </>
          ));
        })}
      </ul>
      <h2>{k.otherModules}</h2>
    </>
  );
}
