import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeviceNeeds } from '../../shared/device-needs.ts';
import type { ContentState } from '../components/status-bar.tsx';
import { scriptUrl } from '../services/script-url.ts';

export interface ServiceWorkerState {
  /** What the service worker is doing with the course: saving, failed, or nothing. */
  content: ContentState;
  /** Set when a new app version waits: calling it activates that version and reloads. */
  applyUpdate: (() => void) | null;
  /** What the device keeps offline, once the worker has been told. */
  needs: DeviceNeeds | null;
}

/**
 * Registers the service worker and follows what it reports; `onContentUpdated`
 * runs when it stored a new catalog. `needs` says what this device keeps; it
 * is asked again whenever `needsKey` changes.
 */
export function useServiceWorker(onContentUpdated: () => void, needs: () => Promise<DeviceNeeds>, needsKey: string): ServiceWorkerState {
  const [content, setContent] = useState<ContentState>({ kind: 'idle' });
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);
  const [told, setTold] = useState<DeviceNeeds | null>(null);
  const needsNow = useRef(needs);
  needsNow.current = needs;
  const recheck = useRef<(() => void) | null>(null);
  useEffect(() => recheck.current?.(), [needsKey]);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    // Registered right after the first render, before the client code that handles updates has
    // loaded: sw.js then downloads beside the lazy chunks, and saving the course starts sooner.
    void navigator.serviceWorker.register(scriptUrl('/sw.js')).catch(() => undefined);
    void import('../after-first-render.ts').then(({ startServiceWorker }) => {
      recheck.current = startServiceWorker({
        onContent: setContent,
        onContentUpdated,
        onUpdateReady: (apply) => setApplyUpdate(() => apply),
        needs: () => needsNow.current(),
        onNeeds: setTold,
      }, scriptUrl);
    });
  }, []);
  return { content, applyUpdate, needs: told };
}
