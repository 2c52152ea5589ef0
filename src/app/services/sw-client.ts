import { Workbox } from 'workbox-window';
import type { PageToWorker, WorkerToPage } from '../../shared/messages.ts';

export interface ServiceWorkerHandlers {
  onMessage(message: WorkerToPage): void;
  /** A new app version is installed and waiting; call `apply` to switch to it. */
  onUpdateReady(apply: () => void): void;
}

/**
 * Registers the service worker after the first render. Content sync is asked
 * for once the worker is active, and again whenever the device comes online.
 */
export function startServiceWorker(handlers: ServiceWorkerHandlers): void {
  const wb = new Workbox('/sw.js');
  const send = (message: PageToWorker) => {
    void wb.active.then(() => wb.messageSW(message)).catch(() => undefined);
  };
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => handlers.onMessage(event.data));
  wb.addEventListener('waiting', () => {
    handlers.onUpdateReady(() => {
      // Reload once the new worker controls the page; the learner's place lives in the URL and IndexedDB.
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  void wb.register().then(() => send({ type: 'SYNC_CONTENT' }));
  window.addEventListener('online', () => send({ type: 'SYNC_CONTENT' }));
}
