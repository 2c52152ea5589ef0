/**
 * Everything every device needs after the first render, as one file: the
 * reader, quiz and results, the learning database, sync, search and the
 * service worker's client. One download instead of twenty: on a shared
 * 8 KB/s line each request costs headers and a round trip, and brotli
 * compresses the whole better than its parts (build/build.ts makes it one
 * chunk because every lazy import of the app comes through here).
 * Kiosk-only code is apart (kiosk/kiosk-bundle.ts): a learner's own device
 * never downloads it; so is search (search/search-client.ts), which a
 * worker's linked phone neither shows nor saves.
 */
export { deleteLearningDb, openLearningDb } from '../device/learning-db.ts';
export { noteSearchMiss } from '../device/learning-events.ts';
export { linkPhone } from '../device/kiosk-client.ts';
export { listProgress, localLearnerId } from '../device/learning-store.ts';
export { kioskSite, needsOf, phoneLearner } from '../device/roster-store.ts';
export { ModuleScreen } from './screens/module-screen.tsx';
export { CodeScreen } from './screens/code-screen.tsx';
export { SyncScreen } from './screens/sync.tsx';
export { SyncPill } from './components/sync-pill.tsx';
export { startSync } from './services/sync-client.ts';
export { startServiceWorker } from './services/sw-client.ts';
export { startSearchWorker } from './services/search-worker.ts';
export { loadModule } from './services/module-file.ts';
import { provideEnglish, provideEnglishScreens } from './i18n/index.ts';
import { appScreens } from './i18n/languages/en/app-screens.ts';
import { sync } from './i18n/languages/en/sync.ts';

/** Set by the build: the screens' stylesheet (screens.css). Absent when running from the sources (tests). */
declare const __SCREENS_CSS__: string | undefined;

/** Links a stylesheet and settles once it has loaded or failed: screens never show unstyled. */
function linkStylesheet(href: string): Promise<void> {
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
  const settled = new Promise<void>((done) => { link.onload = link.onerror = () => done(); });
  document.head.append(link);
  return settled;
}

provideEnglish('sync', sync);
provideEnglishScreens(appScreens);
if (typeof __SCREENS_CSS__ !== 'undefined') await linkStylesheet(__SCREENS_CSS__);
