import { Workbox } from 'workbox-window';
import { sameNeeds, type DeviceNeeds } from '../../shared/device-needs.ts';
import type { PageToWorker, WorkerToPage } from '../../shared/messages.ts';
import type { ContentState } from '../components/status-bar.tsx';

export interface ServiceWorkerHandlers {
  /** What the worker is doing with the course, for the status line. */
  onContent(state: ContentState): void;
  /** The worker saved a new catalog: the page reads it again. */
  onContentUpdated(): void;
  /** A new app version is installed and waiting; call `apply` to switch to it. */
  onUpdateReady(apply: () => void): void;
  /** What this device keeps offline, worked out afresh each time content is saved. */
  needs(): Promise<DeviceNeeds>;
  /** What the worker was last told to keep. */
  onNeeds(needs: DeviceNeeds): void;
}

/** How often an always-connected kiosk checks for new modules and a new app version (two 304s when nothing changed). */
const RECHECK_MS = 10 * 60 * 1000;

/**
 * Registers the service worker after the first render. Content sync is asked
 * for once the worker is active, whenever the device comes online or the app
 * comes back into view, and every ten minutes while it is on screen: a kiosk
 * that never loses its connection still picks up a republished module, and
 * one whose roster gained a language saves that language. Returns what to
 * call when the device's needs may have changed (a language switch).
 */
export function startServiceWorker(handlers: ServiceWorkerHandlers, scriptUrl: (url: string) => string): () => void {
  const wb = new Workbox(scriptUrl('/sw.js'));
  // Whichever worker is active, even one a previous page load installed: Workbox's own `active`
  // waits only for a worker this page registered, so a reload during the first install would never ask.
  const send = (message: PageToWorker) => {
    void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message)).catch(() => undefined);
  };
  let told: DeviceNeeds | null = null;
  /** Asks the worker to save content; `onlyIfChanged` when nothing but the device's needs could be new. */
  const saveContent = (onlyIfChanged = false) => void handlers.needs().then((needs) => {
    if (onlyIfChanged && told && sameNeeds(told, needs)) return;
    told = needs;
    handlers.onNeeds(needs);
    send({ type: 'SYNC_CONTENT', needs });
  });
  navigator.serviceWorker.addEventListener('message', ({ data: message }: MessageEvent<WorkerToPage>) => {
    if (message.type === 'CONTENT_PROGRESS') handlers.onContent({ kind: 'saving', saved: message.saved, total: message.total });
    if (message.type === 'CONTENT_FAILED') handlers.onContent({ kind: 'failed', reason: message.reason });
    if (message.type === 'CONTENT_UPDATED') {
      handlers.onContent({ kind: 'idle' });
      handlers.onContentUpdated();
    }
  });
  wb.addEventListener('waiting', () => {
    handlers.onUpdateReady(() => {
      // Reload once the new worker controls the page; the learner's place lives in the URL and IndexedDB.
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  void wb.register().then(() => saveContent());
  // A page that loaded while the worker was still installing is not controlled, and would fetch
  // saved modules over the line again: once the worker is active, it asks to be taken over.
  void navigator.serviceWorker.ready.then(() => { if (!navigator.serviceWorker.controller) send({ type: 'CLAIM' }); });
  window.addEventListener('online', () => saveContent());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') saveContent();
  });
  setInterval(() => {
    if (document.visibilityState !== 'visible' || !navigator.onLine) return;
    saveContent();
    void wb.update().catch(() => undefined);
  }, RECHECK_MS);
  return () => saveContent(true);
}
