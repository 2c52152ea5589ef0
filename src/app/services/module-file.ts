import type { WorkerToPage } from '../../shared/messages.ts';
import { CONTENT_CACHE, type CatalogEntry, type TrainingModule } from '../../shared/module.ts';

/** How long a module opened during the first save waits for the service worker before asking the server itself. */
const FIRST_SAVE_WAIT_MS = 20_000;

// Read here rather than through services/content.ts, which the first render holds: sharing one
// function would split a chunk off the first render (esbuild splits by file).
const cachedResponse = async (url: string) => (await caches.open(CONTENT_CACHE)).match(url);

/** A module's file: from this device when it is saved, else from the server. */
export async function loadModule(entry: CatalogEntry): Promise<TrainingModule> {
  const res = (await cachedResponse(entry.url)) ?? (await savedDuringFirstSave(entry.url)) ?? (await fetch(entry.url));
  if (!res.ok) throw new Error(`module ${entry.id}: HTTP ${res.status}`);
  return (await res.json()) as TrainingModule;
}

/**
 * On a first visit the page is not yet under the service worker, which is
 * installing and already downloading the modules: fetching one here too
 * would send it down the line twice. While the first worker installs, wait
 * for it to report this module saved (or its save ended, or a time limit)
 * and read the saved copy; undefined when there is nothing to wait for.
 */
async function savedDuringFirstSave(url: string): Promise<Response | undefined> {
  const workers = navigator.serviceWorker;
  if (!workers || workers.controller || !(await workers.getRegistration())?.installing) return undefined;
  await new Promise<void>((resolve) => {
    const done = () => {
      workers.removeEventListener('message', heard);
      clearTimeout(timer);
      resolve();
    };
    const heard = ({ data }: MessageEvent<WorkerToPage>) => {
      if (data.type !== 'CONTENT_PROGRESS' || data.url === url) done();
    };
    const timer = setTimeout(done, FIRST_SAVE_WAIT_MS);
    workers.addEventListener('message', heard);
  });
  return cachedResponse(url);
}
