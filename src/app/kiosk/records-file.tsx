import { useRef, useState } from 'preact/hooks';
import type { TransferDevice } from '../../device/usb-transfer.ts';
import {
  credentialDigest, fileKeys, MAX_FILE_RECORDS, openAckRoster, readAck, RecordsFileError, summarize, summaryInWords, transferFileName, writeRecordsFile,
} from '../../shared/sync/records-file.ts';
import type { TransferStrings } from '../i18n/index.ts';
import { saveFile } from '../../ui/save-file.ts';

/**
 * On an enrolled kiosk's sync screen: its waiting records to a file for a
 * USB stick, and the console's acknowledgement back. Saving changes nothing
 * on the kiosk; records leave it only when an acknowledgement names them,
 * and the roster changes an acknowledgement brings are applied with it.
 * Part of the USB chunk (usb-files.tsx).
 */
export function RecordsFile({ lang, x, device }: { lang: string; x: TransferStrings; device: TransferDevice }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const keysOf = async () => {
    const me = await device.identity();
    if (!me) throw new Error('this kiosk is not enrolled');
    return { me, keys: await fileKeys(await credentialDigest(me.token), me.deviceId) };
  };

  const save = async () => {
    setBusy(true);
    try {
      const { me, keys } = await keysOf();
      const { records, lines, waiting } = await device.oldest(MAX_FILE_RECORDS);
      if (records.length === 0) return setMessage({ text: x.nothingToSave, error: false });
      const savedAt = Date.now();
      const summary = summarize(records);
      const text = await writeRecordsFile({ device: me.deviceId, label: me.label, site: me.siteId, savedAt, roster: me.rosterCursor, lines, summary }, keys, typeof CompressionStream === 'undefined' ? null : gzip);
      const fileName = transferFileName('records', me.label, savedAt);
      saveFile(text, fileName);
      const more = waiting - records.length;
      setMessage({ text: [x.saved(fileName, summaryInWords(summary, lang, (kind, n) => x.kinds[kind](n))), ...(more > 0 ? [x.more(more)] : [])].join(' '), error: false });
    } catch (err) {
      setMessage({ text: x.failed((err as Error).message), error: true });
    } finally {
      setBusy(false);
    }
  };
  const load = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const { me, keys } = await keysOf();
      const ack = await readAck(await file.text(), me.deviceId, keys);
      const { synced, refused } = await device.settle(ack.acked, ack.rejected, ack.importedAt);
      if (ack.roster) await device.takeRoster(ack.roster.since, (await openAckRoster(ack, keys)) as Parameters<TransferDevice['takeRoster']>[1]);
      setMessage({ text: x.ackLoaded(synced, refused), error: false });
    } catch (err) {
      const problem = err instanceof RecordsFileError && err.problem in x.problem ? x.problem[err.problem as keyof TransferStrings['problem']] : (err as Error).message;
      setMessage({ text: x.failed(problem), error: true });
    }
  };

  return (
    <section data-testid="records-file" aria-labelledby="records-file-heading">
      <h3 id="records-file-heading">{x.heading}</h3>
      <p>{x.explain}</p>
      <p class="row">
        <button type="button" class="button" disabled={busy} onClick={save}>{busy ? x.saving : x.save}</button>
        <button type="button" class="button button-secondary" onClick={() => picker.current?.click()} aria-describedby="records-ack-explain">{x.loadAck}</button>
        <input ref={picker} type="file" accept=".txt,text/plain" hidden data-testid="ack-file" onChange={(e) => void load(e.currentTarget)} />
      </p>
      <p id="records-ack-explain">{x.loadAckExplain}</p>
      {message && <p class={message.error ? 'notice notice-error' : 'notice'} role={message.error ? 'alert' : 'status'} data-testid="records-file-message">{message.text}</p>}
    </section>
  );
}

/** As sync-transport.ts packs a batch; written here, since importing it would split the app's file (see device/usb-transfer.ts). */
async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}
