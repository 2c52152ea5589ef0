import type { AppStrings } from '../i18n/index.ts';
import type { ComponentChildren } from 'preact';

export type ContentState =
  | { kind: 'idle' }
  | { kind: 'saving'; saved: number; total: number }
  | { kind: 'failed'; reason: string };

interface Props {
  t: AppStrings;
  online: boolean;
  saved: number;
  total: number | null;
  content: ContentState;
  /** False on a plain-HTTP page away from localhost: no service worker, so nothing is kept for offline use. */
  secure: boolean;
  /** The sync line, once the sync client has loaded. */
  sync?: ComponentChildren;
}

/** Always-visible device state, in words: connection and what is saved for offline use. */
export function StatusBar({ t, online, saved, total, content, secure, sync }: Props) {
  return (
    <div class="status" role="status" aria-live="polite">
      <span class={online ? 'pill pill-online' : 'pill pill-offline'} data-testid="connection">
        <span aria-hidden="true">{online ? '●' : '○'}</span> {online ? t.online : t.offline}
      </span>
      {total !== null && (
        <span class="pill" data-testid="saved-count">
          {content.kind === 'saving' ? t.savingModules(content.saved, content.total) : t.savedOnDevice(saved, total)}
        </span>
      )}
      {!secure && <span class="pill pill-warn" data-testid="needs-https">{t.needsHttps}</span>}
      {content.kind === 'failed' && <span class="pill pill-warn">{t.saveFailed(content.reason)}</span>}
      {sync}
    </div>
  );
}
