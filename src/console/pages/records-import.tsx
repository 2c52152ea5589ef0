import { useState } from 'preact/hooks';
import type { RecordsImportResult } from '../../shared/console/records-import.ts';
import { summaryInWords } from '../../shared/sync/records-file.ts';
import { api } from '../api.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { saveFile } from '../../ui/save-file.ts';

/**
 * Records carried from a kiosk with no line: the file it saved goes in, is
 * stored under the rules of sync, and the acknowledgement file comes out to
 * be carried back, so the kiosk knows which records arrived.
 */
export function RecordsImport({ t, onImported }: { t: ConsoleStrings; onImported: () => void }) {
  const k = t.kiosks;
  // The browser's own locale for dates, as every console page shows them.
  const lang = Intl.DateTimeFormat().resolvedOptions().locale;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RecordsImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (e: Event) => {
    e.preventDefault();
    const file = new FormData(e.target as HTMLFormElement).get('records') as File | null;
    if (!file || file.size === 0) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await api<RecordsImportResult>('POST', '/records-files', { file: await file.text() }));
      onImported();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={send} data-testid="records-import">
      <h2>{k.recordsHeading}</h2>
      <p>{k.recordsExplain}</p>
      <label class="field">{k.recordsFile}<input type="file" name="records" accept=".txt,text/plain" required /></label>
      <button type="submit" class="button" disabled={busy}>{busy ? k.recordsImporting : k.recordsImport}</button>
      {error && <p class="error" role="alert" data-testid="records-import-error">{t.failed(error)}</p>}
      {result && (
        <div data-testid="records-import-result" aria-live="polite">
          <p class="ok" role="status">{k.recordsFrom(result.device.label, new Date(result.savedAt).toLocaleString(lang), summaryInWords(result.summary, lang, (kind, n) => k.recordKinds[kind](n)))}</p>
          <ul>
            <li data-testid="records-stored">{k.recordsStored(result.stored)}</li>
            <li data-testid="records-already">{k.recordsAlready(result.already)}</li>
            <li data-testid="records-refused">{k.recordsRefused(result.rejected.length)}</li>
          </ul>
          {result.rejected.length > 0 && (
            <div class="table-wrap" tabIndex={0}>
              <table>
                <thead><tr><th scope="col">{k.recordsPosition}</th><th scope="col">{k.reason}</th></tr></thead>
                <tbody>{result.rejected.map((r) => <tr key={r.record}><td>{r.record}</td><td>{r.reason}</td></tr>)}</tbody>
              </table>
            </div>
          )}
          <p>{k.recordsAckExplain}</p>
          <button type="button" class="button" onClick={() => saveFile(result.ack, result.ackName)} data-testid="save-ack">{k.recordsSaveAck}</button>
        </div>
      )}
    </form>
  );
}
