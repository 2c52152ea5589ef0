import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeviceNeeds } from '../../shared/device-needs.ts';
import type { ContentState } from '../components/status-bar.tsx';

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
 * is asked again whenever `needsKey` changes. Not `wanted`: nothing starts (a
 * phone's link page, whose needs are known only once it is linked).
 */
export function useServiceWorker(onContentUpdated: () => void, needs: () => Promise<DeviceNeeds>, needsKey: string, wanted = true): ServiceWorkerState {
  const [content, setContent] = useState<ContentState>({ kind: 'idle' });
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);
  const [told, setTold] = useState<DeviceNeeds | null>(null);
  const needsNow = useRef(needs);
  needsNow.current = needs;
  const recheck = useRef<(() => void) | null>(null);
  useEffect(() => recheck.current?.(), [needsKey]);
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !wanted) return;
    // The shell's inline script has registered the worker already (public/index.html): sw.js
    // downloads right behind the first render's scripts, and saving the course starts seconds sooner.
    void import('../after-first-render.ts').then(({ startServiceWorker }) => {
      recheck.current = startServiceWorker({
        onContent: setContent,
        onContentUpdated,
        onUpdateReady: (apply) => setApplyUpdate(() => apply),
        needs: () => needsNow.current(),
        onNeeds: setTold,
      });
    });
  }, [wanted]);
  return { content, applyUpdate, needs: told };
}
