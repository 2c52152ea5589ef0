import { sameNeeds, type DeviceNeeds } from '../../shared/device-needs.ts';
import type { PageToWorker, WorkerToPage } from '../../shared/messages.ts';
import type { ContentState } from '../components/status-bar.tsx';
import { QUIET_FAILURES, retryDelayMs } from './content-retry.ts';
import { scriptUrl } from './script-url.ts';

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
 * Follows the service worker (the shell registered it). Content sync is asked
 * for once the worker is active, whenever the device comes online or the app
 * comes back into view, and every ten minutes while it is on screen: a kiosk
 * that never loses its connection still picks up a republished module, and
 * one whose roster gained a language saves that language. Returns what to
 * call when the device's needs may have changed (a language switch).
 */
export function startServiceWorker(handlers: ServiceWorkerHandlers): () => void {
  // Whichever worker is active, even one a previous page load installed, or one still installing.
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
  /** Failed runs in a row, and the quiet retry after the last one (src/app/services/content-retry.ts). */
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  navigator.serviceWorker.addEventListener('message', ({ data: message }: MessageEvent<WorkerToPage>) => {
    if (message.type === 'CONTENT_PROGRESS') handlers.onContent({ kind: 'saving', saved: message.saved, total: message.total });
    if (message.type === 'CONTENT_FAILED') {
      // Offline, the connection pill says it all, and coming online starts the next run.
      failures = navigator.onLine ? failures + 1 : 0;
      clearTimeout(retry);
      if (navigator.onLine) retry = setTimeout(() => saveContent(), retryDelayMs(failures));
      handlers.onContent(failures >= QUIET_FAILURES ? { kind: 'retrying' } : { kind: 'idle' });
    }
    // A run for needs other than this page's (a first visit's, made before the page enrolled as a kiosk),
    // or before the page has said its own: the run the page's word starts follows; until then, saving.
    if (message.type === 'CONTENT_UPDATED' && !(told && sameNeeds(told, message.needs))) return;
    if (message.type === 'CONTENT_UPDATED') {
      failures = 0;
      clearTimeout(retry);
      handlers.onContent({ kind: 'idle' });
      handlers.onContentUpdated();
    }
  });
  const registered = registerWorker(scriptUrl('/sw.js'), (waiting) => {
    handlers.onUpdateReady(() => {
      // Reload once the new worker controls the page; the learner's place lives in the URL and IndexedDB.
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload());
      waiting.postMessage({ type: 'SKIP_WAITING' } satisfies PageToWorker);
    });
  });
  void registered.then(() => saveContent(), () => undefined);
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
    void registered.then((registration) => registration.update()).catch(() => undefined);
  }, RECHECK_MS);
  return () => saveContent(true);
}

/**
 * Registers the worker and calls `onWaiting` with each new version that has
 * installed while an older one controls the page, the one found waiting at
 * registration included (a version installed by a tab since closed).
 */
async function registerWorker(url: string, onWaiting: (worker: ServiceWorker) => void): Promise<ServiceWorkerRegistration> {
  const registration = await navigator.serviceWorker.register(url);
  const isUpdate = (worker: ServiceWorker) => worker.state === 'installed' && navigator.serviceWorker.controller !== null;
  const follow = (worker: ServiceWorker | null) => {
    worker?.addEventListener('statechange', () => { if (isUpdate(worker)) onWaiting(worker); });
  };
  if (registration.waiting && isUpdate(registration.waiting)) onWaiting(registration.waiting);
  follow(registration.installing);
  registration.addEventListener('updatefound', () => follow(registration.installing));
  return registration;
}
