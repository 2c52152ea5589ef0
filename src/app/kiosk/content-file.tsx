import { useRef, useState } from 'preact/hooks';
import type { TransferDevice } from '../../device/usb-transfer.ts';
import { ContentBundleError, readContentBundle } from '../../shared/content-bundle.ts';
import type { DeviceNeeds } from '../../shared/device-needs.ts';
import type { TransferStrings } from '../i18n/index.ts';

interface Props {
  lang: string;
  x: TransferStrings;
  device: TransferDevice;
  siteId: string;
  /** What this kiosk keeps (the page told the service worker); null until known. */
  needs: DeviceNeeds | null;
  /** The catalog was saved: the page reads it again. */
  onLoaded: () => void;
}

/**
 * "Load modules from a file": a modules file the console made for this site
 * (shared/content-bundle.ts), checked against the server's key this kiosk got
 * when it enrolled, kept where the service worker keeps modules. Nothing of a
 * file that fails a check is kept.
 */
export function ContentFile({ lang, x, device, siteId, needs, onLoaded }: Props) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const languages = (codes: readonly string[]) => {
    const names = new Intl.DisplayNames([lang], { type: 'language' });
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(codes.map((c) => names.of(c) ?? c));
  };

  const load = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file || !needs) return;
    setBusy(true);
    try {
      const key = await device.contentKey();
      if (!key) return setMessage({ text: x.failed(x.noContentKey), error: true });
      const bundle = await readContentBundle(await file.text(), key, siteId);
      // The server put in every module a reader of each of its languages is shown: the file is whole for the kiosk's languages it names.
      const held = needs.langs.filter((l) => bundle.manifest.langs.includes(l));
      const missing = needs.langs.filter((l) => !held.includes(l));
      const modules = await device.saveContent(bundle.parts, { ...needs, langs: held });
      onLoaded();
      const made = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(bundle.manifest.createdAt);
      setMessage({ text: [x.contentLoaded(file.name, modules, languages(bundle.manifest.langs), made), ...(missing.length ? [x.contentMissing(languages(missing))] : [])].join(' '), error: missing.length > 0 });
    } catch (err) {
      setMessage({ text: x.failed(err instanceof ContentBundleError ? x.contentProblem[err.problem] : (err as Error).message), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section data-testid="content-file" aria-labelledby="content-file-heading">
      <h3 id="content-file-heading">{x.contentHeading}</h3>
      <p id="content-file-explain">{x.contentExplain}</p>
      <button type="button" class="button button-secondary" disabled={busy || !needs} onClick={() => picker.current?.click()} aria-describedby="content-file-explain">
        {busy ? x.loadingContent : x.loadContent}
      </button>
      <input ref={picker} type="file" accept=".txt,text/plain" hidden data-testid="content-file-input" onChange={(e) => void load(e.currentTarget)} />
      {message && <p class={message.error ? 'notice notice-error' : 'notice'} role={message.error ? 'alert' : 'status'} data-testid="content-file-message">{message.text}</p>}
    </section>
  );
}
