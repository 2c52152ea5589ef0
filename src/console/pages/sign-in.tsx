import { useState } from 'preact/hooks';
import type { ConsoleUser } from '../../shared/console/access.ts';
import { api } from '../api.ts';
import type { ConsoleStrings } from '../i18n/en.ts';

export function SignIn({ t, onSignedIn }: { t: ConsoleStrings; onSignedIn: (user: ConsoleUser) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn((await api<{ user: ConsoleUser }>('POST', '/session', { email, password })).user);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card narrow" onSubmit={submit} data-testid="console-sign-in">
      <h1>{t.signInTitle}</h1>
      <label class="field">{t.email}
        <input type="email" autocomplete="username" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">{t.password}
        <input type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="button" disabled={busy}>{busy ? t.loading : t.signIn}</button>
    </form>
  );
}
