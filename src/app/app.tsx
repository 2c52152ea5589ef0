import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { variantsFor, type Catalog } from '../shared/module.ts';
import type { WorkerToPage } from '../shared/messages.ts';
import { loadStrings, preferredLanguage, stringsFor, UI_LANGUAGES } from './i18n/index.ts';
import { useLazy, useOnline } from './hooks.ts';
import { useDevice, useLearning } from './learning.ts';
import { useRoute } from './router.ts';
import { loadCatalog, loadModule, savedModuleUrls } from './services/content.ts';
import { StatusBar, type ContentState } from './components/status-bar.tsx';
import { Link } from './components/link.tsx';
import { Home, ModuleCard } from './screens/home.tsx';
import { scriptUrl } from './services/script-url.ts';
import type { SyncView } from './services/sync-client.ts';
import type { Person } from '../shared/roster/roster.ts';
import type { SignedInAs } from './kiosk/kiosk.tsx';

const LANG_KEY = 'lowband-lang';
// Prerendering has no window: the shell is built for the HTTPS (or localhost) page it is meant to run on.
const secure = globalThis.isSecureContext !== false;

export function App() {
  const route = useRoute();
  const online = useOnline();
  const device = useDevice();
  const site = device?.site ?? null;
  // On a shared kiosk, whoever is signed in lives only in this page's memory: signing out reloads the page.
  const [signedIn, setSignedIn] = useState<{ person: Person; as: SignedInAs; signingKey: CryptoKey | null } | null>(null);
  const [enrollCode] = useState(() => /^#enroll=([\w-]{4,40})$/.exec(location.hash)?.[1] ?? null);
  const [assignedIds, setAssignedIds] = useState<Set<string>>(new Set());
  const learnerId = site ? (signedIn?.as === 'learner' ? signedIn.person.id : null) : device?.localLearnerId ?? null;
  const learning = useLearning(learnerId);
  const [lang, setLang] = useState(() => localStorage.getItem(LANG_KEY) ?? preferredLanguage(navigator.languages));
  const [t, setStrings] = useState(() => stringsFor(lang));
  useEffect(() => { void loadStrings(lang).then(setStrings); }, [lang]);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catalogFailed, setCatalogFailed] = useState(false);
  const [saved, setSaved] = useState<Set<string>>(new Set());
  const [content, setContent] = useState<ContentState>({ kind: 'idle' });
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);
  const [updating, setUpdating] = useState(false);
  const [sync, setSync] = useState<SyncView | null>(null);
  const [syncNow, setSyncNow] = useState<(() => void) | null>(null);
  // The catalog goes first on a shared 8 KB/s line; the reader, quiz and results load right after it.
  const screens = useLazy(() => import('./screens/module-screen.tsx'), catalog !== null || catalogFailed);
  const syncScreen = useLazy(() => import('./screens/sync.tsx'), route.name === 'sync');
  const syncPill = useLazy(() => import('./components/sync-pill.tsx'), sync !== null);
  const kiosk = useLazy(() => import('./kiosk/kiosk.tsx'), site !== null || route.name === 'setup' || enrollCode !== null);
  const supervisorArea = useLazy(() => import('./kiosk/supervisor.tsx'), signedIn?.as === 'supervisor');
  const db = device?.db;
  const uiLang = (l: string | undefined) => (l && UI_LANGUAGES.includes(l) ? l : null);
  const signOut = () => location.replace('/');

  // A kiosk speaks its site's language until someone signs in, then theirs.
  useEffect(() => {
    const wanted = uiLang(signedIn?.person.lang) ?? uiLang(site?.lang);
    if (wanted) setLang(wanted);
  }, [site, signedIn]);

  // Sync starts once the learning database is open; it is not needed for the first screen.
  useEffect(() => {
    if (!db) return;
    void import('./services/sync-client.ts')
      .then(({ startSync }) => startSync(db, setSync))
      .then(({ syncNow: now }) => setSyncNow(() => now));
  }, [db]);

  const refreshCatalog = useCallback(async (justSaved?: boolean) => {
    try {
      const next = await loadCatalog(justSaved);
      setCatalog(next);
      setSaved(await savedModuleUrls(next));
    } catch {
      setCatalogFailed(true);
    }
  }, []);

  useEffect(() => {
    void refreshCatalog();
    if (!('serviceWorker' in navigator)) return;
    // Registered right after the first render, before the client code that handles updates has
    // loaded: sw.js then downloads beside the lazy chunks, and saving the course starts sooner.
    void navigator.serviceWorker.register(scriptUrl('/sw.js')).catch(() => undefined);
    void import('./services/sw-client.ts').then(({ startServiceWorker }) => startServiceWorker({
      onMessage(message: WorkerToPage) {
        if (message.type === 'CONTENT_PROGRESS') setContent({ kind: 'saving', saved: message.saved, total: message.total });
        if (message.type === 'CONTENT_FAILED') setContent({ kind: 'failed', reason: message.reason });
        if (message.type === 'CONTENT_UPDATED') {
          setContent({ kind: 'idle' });
          void refreshCatalog(true);
        }
      },
      onUpdateReady: (apply) => setApplyUpdate(() => apply),
    }, scriptUrl));
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.appTitle;
    // One learner's choice must not follow the next one on a shared kiosk.
    if (!site) localStorage.setItem(LANG_KEY, lang);
  }, [lang, t]);

  const modules = useMemo(() => (catalog ? variantsFor(catalog, lang) : null), [catalog, lang]);
  const contentVersion = useMemo(() => [...saved].sort().join(','), [saved]);
  const otherLang = UI_LANGUAGES.find((l) => l !== lang) ?? 'en';

  return (
    <>
      <a class="skip" href="#main">{t.skipToContent}</a>
      <header class="top">
        <Link to={{ name: 'home' }} class="brand">{t.appTitle}</Link>
        <button type="button" class="button button-secondary" lang={otherLang} aria-label={t.switchLanguageLabel} onClick={() => setLang(otherLang)}>
          {t.switchLanguage}
        </button>
      </header>
      {signedIn && kiosk && <kiosk.SessionBar lang={lang} person={signedIn.person} as={signedIn.as} idleSeconds={site?.idleSeconds ?? 120} onSignOut={signOut} />}
      <StatusBar t={t} online={online} secure={secure} saved={modules?.filter((m) => saved.has(m.url)).length ?? 0} total={modules?.length ?? null} content={content} sync={sync && syncPill && <syncPill.SyncPill lang={lang} view={sync} />} />
      {applyUpdate && (
        <div class="banner" role="alert">
          <span>{t.updateApp}</span>
          <button type="button" class="button" disabled={updating} onClick={() => { setUpdating(true); applyUpdate(); }}>
            {updating ? t.updating : t.updateNow}
          </button>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {route.name === 'setup' || enrollCode
          ? db && kiosk && <kiosk.EnrollScreen lang={lang} db={db} initialCode={enrollCode} />
          : site && !signedIn
          ? db && kiosk && <kiosk.SignIn lang={lang} db={db} onSignedIn={(person, as, signingKey) => setSignedIn({ person, as, signingKey })} />
          : route.name === 'sync'
          ? syncScreen && <syncScreen.SyncScreen lang={lang} view={sync} onSyncNow={() => syncNow?.()} onlyFor={signedIn?.as === 'learner' ? signedIn.person.id : null} />
          : signedIn?.as === 'supervisor'
          ? db && supervisorArea && signedIn.signingKey && <supervisorArea.SupervisorArea lang={lang} db={db} supervisor={signedIn.person} signingKey={signedIn.signingKey} />
          : route.name === 'home'
          ? <Home t={t} lang={lang} modules={modules} catalogFailed={catalogFailed} saved={saved} learning={learning} contentVersion={contentVersion}
              assigned={signedIn && kiosk && db && modules ? {
                ids: assignedIds,
                section: <kiosk.AssignedModules lang={lang} db={db} person={signedIn.person} modules={modules} onIds={setAssignedIds}
                  card={(entry, extra) => <ModuleCard key={entry.id} t={t} lang={lang} entry={entry} saved={saved.has(entry.url)} learning={learning} extra={extra} />} />,
              } : undefined} />
          : screens && <screens.ModuleScreen t={t} route={route} entry={modules?.find((m) => m.id === route.id)} catalogReady={modules !== null} learning={learning} loadModule={loadModule} />}
      </main>
    </>
  );
}
