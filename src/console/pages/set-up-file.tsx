import { useState } from 'preact/hooks';
import type { EnrollmentFileAnswer } from '../../shared/console/content.ts';
import { api } from '../api.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { saveFile } from '../../ui/save-file.ts';

/**
 * A kiosk that can never reach the server, enrolled from here: the set-up
 * file for a USB stick, and its code, shown this once, to give apart from it.
 */
export function SetUpFileForm({ t, base, onMade }: { t: ConsoleStrings; base: string; onMade: () => void }) {
  const k = t.kiosks;
  const [made, setMade] = useState<(EnrollmentFileAnswer & { label: string }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    const label = String(new FormData(e.target as HTMLFormElement).get('label') ?? '');
    setBusy(true);
    try {
      setMade({ ...(await api<EnrollmentFileAnswer>('POST', `${base}/enrollment-files`, { label })), label });
      setError(null);
      onMade();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={create} data-testid="set-up-file-form">
      <h2>{k.offlineHeading}</h2>
      <p>{k.offlineExplain}</p>
      <label class="field">{k.label}<input name="label" required maxLength={60} /></label>
      <button type="submit" class="button" disabled={busy}>{k.offlineCreate}</button>
      {error && <p class="error" role="alert">{t.failed(error)}</p>}
      {made && (
        <div aria-live="polite" data-testid="set-up-file-made">
          <p class="code-text">{k.offlineMade(made.label, made.code)}</p>
          <button type="button" class="button" onClick={() => saveFile(made.file, made.fileName)}>{k.offlineSave}</button>
        </div>
      )}
    </form>
  );
}
