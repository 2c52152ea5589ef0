import type { AppStrings } from '../i18n/index.ts';
import type { ComponentChildren } from 'preact';

export type ContentState =
  | { kind: 'idle' }
  | { kind: 'saving'; saved: number; total: number }
  /** Saving failed several times in a row while online: the page keeps retrying by itself. */
  | { kind: 'retrying' };

interface Props {
  t: AppStrings;
  lang: string;
  online: boolean;
  saved: number;
  total: number | null;
  content: ContentState;
  /** The languages this device keeps modules in, once known. */
  langs: readonly string[] | null;
  /** False on a plain-HTTP page away from localhost: no service worker, so nothing is kept for offline use. */
  secure: boolean;
  /** The sync line, once the sync client has loaded. */
  sync?: ComponentChildren;
}

/** "English and Dutch", in the UI's language. */
function languageList(langs: readonly string[], uiLang: string): string {
  const names = new Intl.DisplayNames([uiLang], { type: 'language' });
  return new Intl.ListFormat(uiLang, { type: 'conjunction' }).format(langs.map((l) => names.of(l) ?? l));
}

/** Always-visible device state, in words: connection and what is saved for offline use. */
export function StatusBar({ t, lang, online, saved, total, content, langs, secure, sync }: Props) {
  return (
    <div class="status" role="status" aria-live="polite">
      <span class={online ? 'pill pill-online' : 'pill pill-offline'} data-testid="connection">
        <span aria-hidden="true">{online ? '●' : '○'}</span> {online ? t.online : t.offline}
      </span>
      {total !== null && (
        <span class="pill" data-testid="saved-count">
          {content.kind === 'saving' ? t.savingModules(content.saved, content.total) : langs ? t.savedOnDeviceIn(saved, total, languageList(langs, lang)) : t.savedOnDevice(saved, total)}
        </span>
      )}
      {!secure && <span class="pill pill-warn" data-testid="needs-https">{t.needsHttps}</span>}
      {content.kind === 'retrying' && online && <span class="pill pill-warn" data-testid="content-retrying">{t.saveRetrying}</span>}
      {sync}
    </div>
  );
}
