import { useEffect, useState } from 'preact/hooks';
import type { LearningDb } from '../../device/learning-db.ts';
import type { PhoneLearner } from '../../device/roster-store.ts';
import type { AppStrings } from '../i18n/index.ts';

type Lazy = Pick<typeof import('../after-first-render.ts'), 'linkPhone' | 'deleteLearningDb'>;

/**
 * A worker's own phone's part of the page: the link screen while a phone
 * link is opened, then the bar that says whose phone it is. One element in
 * the app's first render, whatever this grows to.
 */
export function Phone({ t, db, lazy, phone, linkCode }: { t: AppStrings; db: LearningDb; lazy: Lazy; phone: PhoneLearner | null; linkCode: string | null }) {
  if (linkCode) return <LinkScreen t={t} link={() => lazy.linkPhone(db, linkCode)} />;
  return phone && <PhoneBar t={t} phone={phone} unsent={() => db.count('outbox')} forget={() => lazy.deleteLearningDb(db)} />;
}

/*
 * The device code these screens call comes in as props, from the bundle
 * every device has (after-first-render.ts): imported here, it would be split
 * into chunks of its own that every device then fetches separately.
 */

/**
 * A worker's own phone, opened with a one-time link (#link=…): it is linked
 * to the one learner the link was made for, then starts afresh as theirs.
 */
function LinkScreen({ t, link }: { t: AppStrings; link: () => Promise<unknown> }) {
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    link().then(() => location.replace('/'), (err: Error) => setFailed(err.message));
  }, []);
  return (
    <section data-testid="link">
      <h2>{t.linkHeading}</h2>
      {failed ? <p class="notice notice-error" role="alert">{t.linkFailed(failed)}</p> : <p role="status">{t.linking}</p>}
    </section>
  );
}

type SignOut = { kind: 'idle' } | { kind: 'asking' } | { kind: 'unsent'; n: number } | { kind: 'busy' };

/**
 * Who this phone records for, and a way out: signing out deletes the
 * learner's records from the phone, so it is offered only once every one
 * of them has reached the server; before that it says how many still wait.
 */
function PhoneBar({ t, phone, unsent, forget }: { t: AppStrings; phone: PhoneLearner; unsent: () => Promise<number>; forget: () => Promise<void> }) {
  const [state, setState] = useState<SignOut>({ kind: 'idle' });
  const ask = async () => {
    const n = await unsent();
    setState(n ? { kind: 'unsent', n } : { kind: 'asking' });
  };
  const signOut = async () => {
    setState({ kind: 'busy' });
    await forget();
    location.replace('/');
  };
  return (
    <section class="session" data-testid="phone" aria-label={t.phoneSignedIn(phone.name)}>
      <span>{t.phoneSignedIn(phone.name)}</span>
      {state.kind === 'asking' ? (
        <span class="session-confirm" role="alert">
          {t.phoneSignOutConfirm(phone.name)}
          <button type="button" class="button danger" onClick={signOut}>{t.phoneSignOutYes}</button>
          <button type="button" class="button secondary" onClick={() => setState({ kind: 'idle' })}>{t.phoneSignOutNo}</button>
        </span>
      ) : (
        <button type="button" class="button secondary" disabled={state.kind === 'busy'} onClick={ask}>{t.phoneSignOut}</button>
      )}
      {state.kind === 'unsent' && <p class="notice notice-error" role="alert" data-testid="phone-unsent">{t.phoneUnsent(state.n)}</p>}
    </section>
  );
}
