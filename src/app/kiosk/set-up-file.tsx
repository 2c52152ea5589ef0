import { useState } from 'preact/hooks';
import { EnrollmentFileError, enrollmentHeader, openEnrollment, type EnrollmentHeader } from '../../shared/enrollment-file.ts';
import type { TransferStrings } from '../i18n/index.ts';

interface Props {
  x: TransferStrings;
  /** Keeps what the opened file holds on this device (device/usb-transfer.ts, enrollFromFile). */
  enroll: (deviceId: string, payload: Awaited<ReturnType<typeof openEnrollment>>['payload']) => Promise<void>;
}

/**
 * On the set-up screen: a kiosk that can never reach the server is set up
 * from the console's set-up file and the code that came apart from it.
 */
export function SetUpFile({ x, enroll }: Props) {
  const [text, setText] = useState<string | null>(null);
  const [header, setHeader] = useState<EnrollmentHeader | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const problem = (err: unknown) => (err instanceof EnrollmentFileError ? x.setUpProblem[err.problem] : (err as Error).message);

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const chosen = await file.text();
    try {
      setHeader(enrollmentHeader(chosen));
      setText(chosen);
      setFailure(null);
    } catch (err) {
      setHeader(null);
      setText(null);
      setFailure(problem(err));
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text) return;
    setBusy(true);
    try {
      const { header: opened, payload } = await openEnrollment(text, code);
      await enroll(opened.device, payload);
      location.replace('/');
    } catch (err) {
      setFailure(problem(err));
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={(e) => void submit(e)} data-testid="set-up-file">
      <h3>{x.setUpHeading}</h3>
      <p>{x.setUpExplain}</p>
      <label for="set-up-file">{x.setUpFile}</label>
      <input id="set-up-file" type="file" accept=".txt,text/plain" class="field" onChange={(e) => void choose(e.currentTarget)} />
      {header && <p data-testid="set-up-for">{x.setUpFor(header.label, header.site.name)}</p>}
      <label for="set-up-code">{x.setUpCode}</label>
      <input id="set-up-code" class="field" value={code} autocomplete="off" autocapitalize="characters" spellcheck={false} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
      <button type="submit" class="button" disabled={busy || !text || !code.trim()}>{busy ? x.settingUp : x.setUpButton}</button>
      {failure && <p class="notice notice-error" role="alert">{failure}</p>}
    </form>
  );
}
