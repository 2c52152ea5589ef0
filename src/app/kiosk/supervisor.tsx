import { useEffect, useRef, useState } from 'preact/hooks';
import type { LearningDb } from '../../device/learning-db.ts';
import { recordPin, recordSignoff, requestPhoneLink } from '../../device/kiosk-records.ts';
import { hashSecret, PIN_ITERATIONS, PIN_PATTERN } from '../../shared/kiosk/credential.ts';
import { assignmentsFor, findPerson, isOverdue, localDate, searchPeople, type Person, type PhoneLinkAnswer } from '../../shared/roster/roster.ts';
import { OUTCOMES, SESSION_TYPES, type Attendance, type Outcome, type SessionType } from '../../shared/sync/records.ts';
import type { KioskStrings } from '../i18n/index.ts';
import { completionState, passedModules } from './completion-state.ts';
import { readCampaigns } from '../../device/campaign-store.ts';
import { kioskDay } from '../../device/latest-day.ts';
import { openSteps } from '../../shared/campaign/schedule.ts';
import { formatDay, loadKioskData, type KioskData } from './kiosk-data.ts';
import { crewGlance, type CrewGlance, type CrewItem, type CrewSession } from './crew.ts';
import type { OpenStep } from '../../shared/campaign/schedule.ts';

type View = 'menu' | 'session' | 'pin' | 'status' | 'phone';

/** A supervisor's tools on the kiosk: sign off an in-person session, set up a PIN, see the site's training status. All offline. */
export function SupervisorArea({ lang, k, db, supervisor, signingKey, titleOf }: { lang: string; k: KioskStrings; db: LearningDb; supervisor: Person; signingKey: CryptoKey; titleOf: (moduleId: string) => string }) {
  const [view, setView] = useState<View>('menu');
  /** A session started from the crew card: for exactly the people who need it. */
  const [planned, setPlanned] = useState<PlannedSession | null>(null);
  const [data, setData] = useState<KioskData | null>(null);
  // Read afresh whenever a view opens: a PIN just set or a roster delta just applied shows at once.
  useEffect(() => { void loadKioskData(db).then((d) => setData({ ...d, people: d.people.sort((a, b) => a.name.localeCompare(b.name)) })); }, [view]);
  const back = <button type="button" class="button button-secondary" onClick={() => setView('menu')}>{k.back}</button>;
  if (!data) return null;
  const { people } = data;
  return (
    <section data-testid="supervisor">
      {view === 'menu' && (
        <>
          <h2>{k.supervisorHeading}</h2>
          <Crew k={k} lang={lang} db={db} data={data} titleOf={titleOf} onStart={(session) => { setPlanned(session); setView('session'); }} />
          <div class="stack">
            <button type="button" class="button" onClick={() => { setPlanned(null); setView('session'); }}>{k.newSession}</button>
            <button type="button" class="button" onClick={() => setView('pin')}>{k.pinSetup}</button>
            <button type="button" class="button" onClick={() => setView('status')}>{k.trainingStatus}</button>
            <button type="button" class="button" onClick={() => setView('phone')}>{k.phoneLinkButton}</button>
          </div>
        </>
      )}
      {view === 'session' && <SessionForm k={k} db={db} signingKey={signingKey} supervisor={supervisor} people={people} back={back} planned={planned} />}
      {view === 'pin' && <PinSetup k={k} db={db} signingKey={signingKey} supervisor={supervisor} people={people} back={back} />}
      {view === 'phone' && <PhoneLink k={k} lang={lang} db={db} signingKey={signingKey} supervisor={supervisor} people={people} back={back} />}
      {view === 'status' && <TrainingStatus k={k} lang={lang} db={db} data={data} back={back} titleOf={titleOf} />}
    </section>
  );
}

/**
 * Finds a person by typing a name or number, or by a badge reader typing its
 * code and Enter: an exact number or badge picks at once and clears the field
 * for the next scan.
 */
function PersonFinder({ k, people, label, onPick }: { k: KioskStrings; people: Person[]; label: string; onPick: (p: Person) => void }) {
  const [query, setQuery] = useState('');
  const [missed, setMissed] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const pick = (p: Person) => {
    onPick(p);
    setQuery('');
    setMissed(null);
    input.current?.focus();
  };
  const hits = searchPeople(people, query);
  return (
    <div class="finder">
      <form class="search-row" onSubmit={(e) => {
        e.preventDefault();
        const exact = findPerson(people, query) ?? (hits.length === 1 ? hits[0] : undefined);
        if (exact) pick(exact);
        else setMissed(query.trim());
      }}>
        <input ref={input} class="field" value={query} aria-label={label} placeholder={label} autocomplete="off" spellcheck={false}
          onInput={(e) => { setQuery((e.target as HTMLInputElement).value); setMissed(null); }} data-testid="finder" />
        <button type="submit" class="button">{k.add}</button>
      </form>
      {missed !== null && <p class="notice notice-error" role="alert">{k.noMatch(missed)}</p>}
      {query.trim() && hits.length > 0 && (
        <ul class="hits">
          {hits.map((p) => <li key={p.id}><button type="button" class="button button-secondary hit-button" onClick={() => pick(p)}>{p.name} ({p.id})</button></li>)}
        </ul>
      )}
    </div>
  );
}

/** Why saving on the kiosk failed, in the supervisor's words; a full disk is the likely one. */
function failureReason(k: KioskStrings, err: unknown): string {
  return (err as Error).name === 'QuotaExceededError' ? k.storageFull : (err as Error).message;
}

/**
 * A worker's own phone, linked from here: the supervisor picks the person,
 * the server makes a one-time link (this needs a connection), and the worker
 * scans its QR code with their phone. It works once, for 30 minutes.
 */
function PhoneLink({ k, lang, db, signingKey, supervisor, people, back }: { k: KioskStrings; lang: string; db: LearningDb; signingKey: CryptoKey; supervisor: Person; people: Person[]; back: preact.JSX.Element }) {
  const [made, setMade] = useState<PhoneLinkAnswer | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const pick = async (p: Person) => {
    setMade(null);
    if (!navigator.onLine) return setFailed(k.phoneLinkOffline);
    try {
      setMade(await requestPhoneLink(db, signingKey, supervisor.id, p.id));
      setFailed(null);
    } catch (err) {
      setFailed(k.phoneLinkFailed((err as Error).message));
    }
  };
  return (
    <div class="stack" data-testid="phone-link">
      <h2>{k.phoneLinkButton}</h2>
      <p>{k.phoneLinkExplain}</p>
      <PersonFinder k={k} people={people} label={k.phoneLinkWhose} onPick={(p) => void pick(p)} />
      {failed && <p class="notice notice-error" role="alert">{failed}</p>}
      {made && (
        <div aria-live="polite">
          <p class="notice" data-testid="phone-link-made">{k.phoneLinkMade(made.name, new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(made.expiresAt)))}</p>
          {/* Drawn here from the modules' path: the app's pages load no data: images (its CSP). Four modules of white around it. */}
          <svg class="qr" role="img" aria-label={k.phoneLinkQr(made.name)} width={280} height={280} viewBox={`-4 -4 ${made.qr.size + 8} ${made.qr.size + 8}`} data-testid="phone-link-qr">
            <rect x={-4} y={-4} width={made.qr.size + 8} height={made.qr.size + 8} fill="#fff" />
            <path d={made.qr.d} fill="#000" />
          </svg>
          <p><code data-testid="phone-link-address">{made.link}</code></p>
        </div>
      )}
      {back}
    </div>
  );
}

/** Every person's open campaign steps on the kiosk's day: what the crew card and the nudged list read. */
async function openStepsOfEveryone(db: LearningDb, data: KioskData): Promise<{ day: string; open: Map<string, OpenStep[]> }> {
  const day = await kioskDay(db);
  const open = new Map<string, OpenStep[]>();
  for (const person of data.people) {
    const { campaigns, facts } = await readCampaigns(db, person.id, passedModules(person.id, data.facts));
    open.set(person.id, openSteps(campaigns, person, facts, day));
  }
  return { day, open };
}

/** A session the crew card starts: its type and topic filled in, its people on the list. */
type PlannedSession = CrewSession;

/**
 * The crew at a glance, first thing after a supervisor signs in: who is
 * overdue, due this week or waiting to sync on this kiosk (by name, with
 * the module), what campaigns ask for in person, and one tap to start a
 * session for exactly the people who need it.
 */
function Crew({ k, lang, db, data, titleOf, onStart }: { k: KioskStrings; lang: string; db: LearningDb; data: KioskData; titleOf: (moduleId: string) => string; onStart: (session: PlannedSession) => void }) {
  const [glance, setGlance] = useState<CrewGlance | null>(null);
  useEffect(() => {
    void openStepsOfEveryone(db, data).then(({ day, open }) => setGlance(crewGlance(data.people, data.assignments, data.facts, day, open)));
  }, [data]);
  if (!glance) return null;
  const list = (items: CrewItem[]) => items.map((i) => k.crewItem(i.person.name, titleOf(i.moduleId), formatDay(lang, i.due))).join('; ');
  const talk = glance.behind.length > 0 && { sessionType: 'toolbox-talk' as const, topic: [...new Set(glance.overdue.map((i) => titleOf(i.moduleId)))].join(', '), people: glance.behind };
  return (
    <section class="card" data-testid="crew" aria-labelledby="crew-heading">
      <h3 id="crew-heading">{k.crewHeading}</h3>
      {!glance.overdue.length && !glance.dueSoon.length && !glance.waiting.length && !glance.sessions.length && <p>{k.crewAllClear}</p>}
      {glance.overdue.length > 0 && <p data-testid="crew-overdue"><strong>{k.crewOverdue(glance.overdue.length)}</strong> {list(glance.overdue)}</p>}
      {glance.dueSoon.length > 0 && <p data-testid="crew-due-soon"><strong>{k.crewDueSoon(glance.dueSoon.length)}</strong> {list(glance.dueSoon)}</p>}
      {glance.waiting.length > 0 && <p data-testid="crew-waiting"><strong>{k.crewWaiting(glance.waiting.length)}</strong> {list(glance.waiting)}</p>}
      {talk && <button type="button" class="button" onClick={() => onStart(talk)}>{k.crewTalk(talk.people.length)}</button>}
      {glance.sessions.map((s) => (
        <p key={`${s.sessionType}-${s.topic}`} data-testid="crew-session">
          {k.crewSession(k.sessionTypes[s.sessionType].toLocaleLowerCase(lang), s.topic, s.people.map((p) => p.name).join(', '))}{' '}
          <button type="button" class="button button-secondary" onClick={() => onStart(s)}>{k.crewStart(s.people.length)}</button>
        </p>
      ))}
    </section>
  );
}

/** What everyone on a session's list gets unless marked otherwise: the supervisor changes only the exceptions. */
export function defaultOutcome(type: SessionType): Outcome {
  return type === 'practical-assessment' ? 'competent' : 'attended';
}

/** The site's roles with how many people have each, for adding a crew in one tap. */
function rolesOf(people: Person[]): [string, Person[]][] {
  const byRole = new Map<string, Person[]>();
  for (const p of people) for (const role of p.roles) byRole.set(role, [...(byRole.get(role) ?? []), p]);
  return [...byRole].sort(([a], [b]) => a.localeCompare(b));
}

/** An attendee as the form holds them: no outcome yet means the session type's default. */
type Attendee = Omit<Attendance, 'outcome'> & { outcome: Outcome | null };

/**
 * An in-person session signed off for a crew: people added by badge, number,
 * name or a whole role in one tap; one line each, everyone with the type's
 * outcome unless marked; the count and the sign-off button always in reach.
 */
function SessionForm({ k, db, signingKey, supervisor, people, back, planned }: { k: KioskStrings; db: LearningDb; signingKey: CryptoKey; supervisor: Person; people: Person[]; back: preact.JSX.Element; planned: PlannedSession | null }) {
  const [type, setType] = useState<SessionType>(planned?.sessionType ?? 'toolbox-talk');
  const [date, setDate] = useState(localDate(Date.now()));
  const [topic, setTopic] = useState(planned?.topic ?? '');
  const [attendees, setAttendees] = useState<Attendee[]>(() => (planned?.people ?? []).map((p) => ({ personId: p.id, outcome: null, note: '' })));
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const change = (id: string, patch: Partial<Attendee>) => setAttendees((list) => list.map((a) => (a.personId === id ? { ...a, ...patch } : a)));
  const fallback = defaultOutcome(type);

  const add = (p: Person) => {
    if (attendees.some((a) => a.personId === p.id)) return setNotice({ text: k.alreadyAdded(p.name), error: true });
    setAttendees((list) => [...list, { personId: p.id, outcome: null, note: '' }]);
    setNotice({ text: k.added(p.name), error: false });
  };
  const addAll = (crew: Person[]) => {
    const fresh = crew.filter((p) => !attendees.some((a) => a.personId === p.id));
    setAttendees((list) => [...list, ...fresh.map((p) => ({ personId: p.id, outcome: null, note: '' }))]);
    setNotice({ text: k.addedMany(fresh.length), error: false });
  };
  const signOff = async () => {
    if (!topic.trim() || !attendees.length) return setNotice({ text: k.signOffNeeds, error: true });
    setSaving(true);
    try {
      const signed = attendees.map((a) => ({ ...a, outcome: a.outcome ?? fallback }));
      await recordSignoff(db, signingKey, { supervisorId: supervisor.id, sessionType: type, date, topic, attendees: signed });
      setNotice({ text: k.signedOff(attendees.length), error: false });
      setAttendees([]);
      setTopic('');
    } catch (err) {
      setNotice({ text: k.saveFailed(failureReason(k, err)), error: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="stack" data-testid="session-form">
      <h2>{k.newSession}</h2>
      <fieldset class="question">
        <legend>{k.sessionType}</legend>
        {SESSION_TYPES.map((t) => (
          <label key={t} class="choice"><input type="radio" name="session-type" checked={type === t} onChange={() => setType(t)} />{k.sessionTypes[t]}</label>
        ))}
      </fieldset>
      <label for="session-date">{k.date}</label>
      <input id="session-date" class="field" type="date" value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
      <label for="session-topic">{k.topic}</label>
      <input id="session-topic" class="field" value={topic} maxLength={200} onInput={(e) => setTopic((e.target as HTMLInputElement).value)} />
      <h3>{k.attendees}</h3>
      <PersonFinder k={k} people={people} label={k.addAttendee} onPick={add} />
      <div class="row" role="group" aria-label={k.addRoleHeading} data-testid="add-role">
        {rolesOf(people).map(([role, crew]) => (
          <button key={role} type="button" class="button button-secondary" onClick={() => addAll(crew)}>{k.addRole(role, crew.length)}</button>
        ))}
      </div>
      {notice && <p class={notice.error ? 'notice notice-error' : 'notice'} role="status" data-testid="session-notice">{notice.text}</p>}
      {attendees.length === 0 ? <p>{k.noAttendees}</p> : (
        <>
          <p>{k.everyoneIs(k.outcomes[fallback])}</p>
          <ol class="attendee-list" data-testid="attendees">
            {attendees.map((a) => (
              <li key={a.personId} data-person={a.personId}>
                <span class="attendee-name">{nameOf(a.personId)} ({a.personId})</span>
                <select class="field" aria-label={k.outcomeFor(nameOf(a.personId))} value={a.outcome ?? fallback}
                  onChange={(e) => change(a.personId, { outcome: (e.target as HTMLSelectElement).value as Outcome })}>
                  {OUTCOMES.map((o) => <option key={o} value={o}>{k.outcomes[o]}</option>)}
                </select>
                <input class="field" aria-label={k.noteFor(nameOf(a.personId))} placeholder={k.note} value={a.note} maxLength={500}
                  onInput={(e) => change(a.personId, { note: (e.target as HTMLInputElement).value })} />
                <button type="button" class="button button-secondary" aria-label={k.remove(nameOf(a.personId))}
                  onClick={() => setAttendees((list) => list.filter((x) => x.personId !== a.personId))}>✕</button>
              </li>
            ))}
          </ol>
        </>
      )}
      {/* Always in reach, however long the list: the count and the button that signs it off. */}
      <div class="signoff-bar">
        <strong aria-live="polite" data-testid="attendee-count">{k.attendeeCount(attendees.length)}</strong>
        <button type="button" class="button" disabled={saving} onClick={() => void signOff()}>{saving ? k.saving : k.signOff}</button>
        {back}
      </div>
    </div>
  );
}

/** First-time PIN set-up and reset: the learner types the new PIN on the kiosk, in front of their supervisor. */
function PinSetup({ k, db, signingKey, supervisor, people, back }: { k: KioskStrings; db: LearningDb; signingKey: CryptoKey; supervisor: Person; people: Person[]; back: preact.JSX.Element }) {
  const [person, setPerson] = useState<Person | null>(null);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    if (!person) return;
    if (!PIN_PATTERN.test(pin)) return setNotice({ text: k.pinRule, error: true });
    if (pin !== again) return setNotice({ text: k.pinMismatch, error: true });
    setSaving(true);
    try {
      await recordPin(db, signingKey, supervisor.id, person.id, await hashSecret(pin, PIN_ITERATIONS));
      setNotice({ text: k.pinSaved(person.name), error: false });
      setPerson(null);
      setPin('');
      setAgain('');
    } catch (err) {
      setNotice({ text: k.saveFailed(failureReason(k, err)), error: true });
    } finally {
      setSaving(false);
    }
  };
  return (
    <div class="stack" data-testid="pin-setup">
      <h2>{k.pinSetup}</h2>
      {!person ? <PersonFinder k={k} people={people} label={k.choosePerson} onPick={(p) => { setPerson(p); setNotice(null); }} /> : (
        <form class="stack" onSubmit={save}>
          <p class="person-name">{person.name} ({person.id})</p>
          <label for="new-pin">{k.newPin}</label>
          <input id="new-pin" class="field" type="password" inputMode="numeric" autocomplete="new-password" value={pin} onInput={(e) => setPin((e.target as HTMLInputElement).value)} />
          <label for="repeat-pin">{k.repeatPin}</label>
          <input id="repeat-pin" class="field" type="password" inputMode="numeric" autocomplete="new-password" value={again} onInput={(e) => setAgain((e.target as HTMLInputElement).value)} />
          <button type="submit" class="button" disabled={saving}>{saving ? k.saving : k.savePin}</button>
        </form>
      )}
      {notice && <p class={notice.error ? 'notice notice-error' : 'notice'} role="status" data-testid="pin-notice">{notice.text}</p>}
      {back}
    </div>
  );
}

/**
 * The campaign rule's other half: a module left unopened N days after it
 * opened is listed here, so the supervisor can have a word. Worked out on
 * this kiosk from its own records, like the learner's "Today for you".
 */
function Nudged({ k, lang, db, data, titleOf }: { k: KioskStrings; lang: string; db: LearningDb; data: KioskData; titleOf: (moduleId: string) => string }) {
  const [rows, setRows] = useState<{ person: Person; moduleId: string; since: string }[] | null>(null);
  useEffect(() => {
    void openStepsOfEveryone(db, data).then(({ open }) => setRows(data.people.flatMap((person) => (open.get(person.id) ?? []).flatMap((step) =>
      (step.nudge && step.step.kind === 'module' ? [{ person, moduleId: step.step.moduleId, since: step.openedOn }] : [])))));
  }, [data]);
  if (!rows?.length) return null;
  return (
    <>
      <h3>{k.nudgedHeading}</h3>
      <ul data-testid="nudged">
        {rows.map((r) => <li key={`${r.person.id}-${r.moduleId}`}>{k.nudgedRow(r.person.name, titleOf(r.moduleId), formatDay(lang, r.since))}</li>)}
      </ul>
    </>
  );
}

/** Every assigned module of the site's people, in words: done and synced, done here and waiting, or not done (overdue said). */
function TrainingStatus({ k, lang, db, data, back, titleOf }: { k: KioskStrings; lang: string; db: LearningDb; data: KioskData; back: preact.JSX.Element; titleOf: (moduleId: string) => string }) {
  const { people } = data;
  const today = localDate(Date.now());
  const words = { synced: k.doneSynced, waiting: k.doneWaiting, 'not-done': k.notDone };
  const rows = people.flatMap((p) => assignmentsFor(p, data.assignments).map((d) => ({ person: p, ...d, state: completionState(p.id, d.moduleId, data.facts) })));
  return (
    <div class="stack" data-testid="training-status">
      <h2>{k.trainingStatus}</h2>
      <p>{k.statusExplain}</p>
      {rows.length === 0 ? <p>{k.nobodyAssigned}</p> : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.person.id}-${r.moduleId}`} data-person={r.person.id} data-module={r.moduleId}>
                  <th scope="row">{r.person.name} ({r.person.id})</th>
                  <td>{titleOf(r.moduleId)}</td>
                  <td>{r.state === 'not-done' && isOverdue(r.due, today) ? `⚠ ${k.overdue(formatDay(lang, r.due))}` : k.due(formatDay(lang, r.due))}</td>
                  <td data-testid="status-state">{words[r.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Nudged k={k} lang={lang} db={db} data={data} titleOf={titleOf} />
      {back}
    </div>
  );
}
