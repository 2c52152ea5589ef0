import { useEffect, useState } from 'preact/hooks';
import type { ContentState } from '../components/status-bar.tsx';
import { scriptUrl } from '../services/script-url.ts';

export interface ServiceWorkerState {
  /** What the service worker is doing with the course: saving, failed, or nothing. */
  content: ContentState;
  /** Set when a new app version waits: calling it activates that version and reloads. */
  applyUpdate: (() => void) | null;
}

/** Registers the service worker and follows what it reports; `onContentUpdated` runs when it stored a new catalog. */
export function useServiceWorker(onContentUpdated: () => void): ServiceWorkerState {
  const [content, setContent] = useState<ContentState>({ kind: 'idle' });
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    // Registered right after the first render, before the client code that handles updates has
    // loaded: sw.js then downloads beside the lazy chunks, and saving the course starts sooner.
    void navigator.serviceWorker.register(scriptUrl('/sw.js')).catch(() => undefined);
    void import('../services/sw-client.ts').then(({ startServiceWorker }) => startServiceWorker({
      onContent: setContent,
      onContentUpdated,
      onUpdateReady: (apply) => setApplyUpdate(() => apply),
    }, scriptUrl));
  }, []);
  return { content, applyUpdate };
}
