import { useState } from 'preact/hooks';
import { ROLES, type AccountLock, type ConsoleUser } from '../../shared/console/access.ts';
import { api } from '../api.ts';
import { siteName, type PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';

/** Console accounts: who may sign in, with which role, for which sites; and signing someone out everywhere. */
export function Accounts({ t, sites }: PageProps) {
  const a = t.accounts;
  const users = useApi<{ users: ConsoleUser[] }>('/users');
  const locks = useApi<{ locks: AccountLock[] }>('/locks');
  const [role, setRole] = useState<ConsoleUser['role']>('author');
  const [message, setMessage] = useState<string | null>(null);
  const siteRole = role === 'site-admin' || role === 'viewer';

  const create = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const chosen = form.getAll('sites').map(String);
    try {
      const created = await api<ConsoleUser>('POST', '/users', {
        email: String(form.get('email')), name: String(form.get('name')), role, password: String(form.get('password')), ...(siteRole ? { sites: chosen } : {}),
      });
      setMessage(a.created(created.email));
      (e.target as HTMLFormElement).reset();
      users.reload();
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };
  const signOutEverywhere = async (user: ConsoleUser) => {
    try {
      const { ended } = await api<{ ended: number }>('POST', `/users/${encodeURIComponent(user.id)}/sign-out`);
      setMessage(a.signedOut(user.email, ended));
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };

  const unlock = async (lock: AccountLock) => {
    try {
      await api('POST', `/locks/${encodeURIComponent(lock.account)}/unlock`);
      setMessage(a.unlocked(lock.account));
      locks.reload();
    } catch (err) {
      setMessage(t.failed((err as Error).message));
    }
  };

  return (
    <section data-testid="accounts">
      <h1>{a.heading}</h1>
      {locks.data && (
        <section class="card" data-testid="locks" aria-labelledby="locks-heading">
          <h2 id="locks-heading">{a.locksHeading}</h2>
          {!locks.data.locks.length && <p>{a.noLocks}</p>}
          <ul>{locks.data.locks.map((l) => (
            <li key={l.account}>
              <strong>{l.name}</strong> ({l.account}): {a.lockedUntil(new Date(l.until).toLocaleTimeString())} {l.addresses.length ? a.lockedFrom(l.addresses.join(', ')) : a.lockedFromNew}, {a.failures(l.failures)}.{' '}
              <button type="button" class="button secondary" onClick={() => unlock(l)}>{a.unlock}<span class="visually-hidden"> {l.account}</span></button>
            </li>
          ))}</ul>
        </section>
      )}
      {users.data && (
        <div class="table-wrap" tabIndex={0}>
        <table>
          <thead><tr><th scope="col">{t.email}</th><th scope="col">{t.people.name}</th><th scope="col">{a.role}</th><th scope="col">{a.sites}</th><th scope="col"><span class="visually-hidden">{a.signOutEverywhere}</span></th></tr></thead>
          <tbody>{users.data.users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td><td>{u.name}</td><td>{a.roles[u.role]}</td><td>{u.sites?.map((id) => siteName(sites, id)).join(', ') ?? a.allSites}</td>
              <td><button type="button" class="button secondary" onClick={() => signOutEverywhere(u)}>{a.signOutEverywhere}<span class="visually-hidden"> {u.email}</span></button></td>
            </tr>
          ))}</tbody>
        </table>
        </div>
      )}
      <form class="card" onSubmit={create} data-testid="new-account">
        <h2>{a.create}</h2>
        <label class="field">{t.email}<input type="email" name="email" required autocomplete="off" /></label>
        <label class="field">{t.people.name}<input name="name" required maxLength={80} /></label>
        <label class="field">{a.role}
          <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as ConsoleUser['role'])}>
            {ROLES.map((r) => <option key={r} value={r}>{a.roles[r]}</option>)}
          </select>
        </label>
        {siteRole && (
          <fieldset>
            <legend>{a.sites}</legend>
            {sites.map((s) => <label key={s.id} class="check"><input type="checkbox" name="sites" value={s.id} /> {s.name}</label>)}
          </fieldset>
        )}
        <label class="field">{t.password}<input type="password" name="password" required minLength={12} autocomplete="new-password" aria-describedby="password-hint" /><small id="password-hint">{a.passwordHint}</small></label>
        <button type="submit" class="button">{a.create}</button>
      </form>
      <p aria-live="polite" data-testid="accounts-message">{message}</p>
    </section>
  );
}
