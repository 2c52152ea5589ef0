import { useMemo, useState } from 'preact/hooks';
import { variantsFor } from '../shared/module.ts';
import type { Person } from '../shared/roster/roster.ts';
import { loadStrings } from './i18n/index.ts';
import { useCatalog, useSavedModules } from './hooks/use-catalog.ts';
import { deviceNeeds, useDevice, useLearning } from './hooks/use-device.ts';
import { useLanguage } from './hooks/use-language.ts';
import { useLazy } from './hooks/use-lazy.ts';
import { useOnline } from './hooks/use-online.ts';
import { useServiceWorker } from './hooks/use-service-worker.ts';
import { useStrings } from './hooks/use-strings.ts';
import { useSync } from './hooks/use-sync.ts';
import { StatusBar } from './components/status-bar.tsx';
import { LanguageMenu, menuLanguages } from './components/language-menu.tsx';
import { Link } from './components/link.tsx';
import { Home, ModuleCard } from './screens/home.tsx';
import { screenFor } from './screen-for.ts';
import { isModuleRoute, useRoute } from './router.ts';
import type { PageStart } from './page-start.ts';
import type { SignedInAs } from './kiosk/kiosk-bundle.ts';

const NOTHING_SAVED: ReadonlySet<string> = new Set();

export function App({ start }: { start: PageStart }) {
  const route = useRoute(start.route);
  const online = useOnline(start.online);
  const device = useDevice();
  const db = device?.db;
  const site = device?.site ?? null;
  // On a shared kiosk, whoever is signed in lives only in this page's memory: signing out reloads the page.
  const [signedIn, setSignedIn] = useState<{ person: Person; as: SignedInAs; signingKey: CryptoKey | null } | null>(null);
  const [assignedIds, setAssignedIds] = useState<Set<string>>(new Set());
  const learnerId = site ? (signedIn?.as === 'learner' ? signedIn.person.id : null) : device?.localLearnerId ?? null;
  const learning = useLearning(learnerId);
  const { lang, t, choose } = useLanguage(start.lang, site !== null, [signedIn?.person.lang, site?.lang]);
  const { catalog, failed: catalogFailed, refresh } = useCatalog();
  // A phone's link page starts no worker: the public/index.html script does not register one either.
  const { content, applyUpdate, needs } = useServiceWorker(() => void refresh(true), () => deviceNeeds(lang), lang, start.linkCode === null);
  const savedForNeeds = useSavedModules(catalog, needs);
  const saved = savedForNeeds ?? NOTHING_SAVED;
  const [updating, setUpdating] = useState(false);
  const sync = useSync(db);
  const screen = screenFor(route, { enrollCode: start.enrollCode !== null, linkCode: start.linkCode !== null, kiosk: site !== null, signedInAs: signedIn?.as ?? null });

  // Requested at once, beside the catalog (useDevice asks for the same file): one download for every device.
  const lazy = useLazy(() => import('./after-first-render.ts'));
  const kioskWanted = site !== null || screen === 'enroll';
  const kiosk = useLazy(() => import('./kiosk/kiosk-bundle.ts'), kioskWanted);
  const k = useStrings(lang, 'kiosk', kioskWanted);
  const s = useStrings(lang, 'sync', sync.view !== null || screen === 'sync');
  const signOut = () => location.replace('/');
  const phoneScreens = useLazy(() => import('./phone/phone-bundle.ts'), device?.phone != null || screen === 'link');

  const modules = useMemo(() => (catalog ? variantsFor(catalog, lang) : null), [catalog, lang]);
  // A linked phone keeps its learner's modules only: "2 of 2 saved" is about those, not every module published.
  const kept = useMemo(() => (modules && needs?.only ? modules.filter((m) => needs.only!.includes(m.id)) : modules), [modules, needs]);
  const contentVersion = useMemo(() => [...saved].sort().join(','), [saved]);
  const languages = useMemo(() => menuLanguages(catalog?.modules.map((m) => m.lang) ?? []), [catalog]);

  return (
    <>
      <a class="skip" href="#main">{t.skipToContent}</a>
      <header class="top">
        <h1><Link to={{ name: 'home' }} class="brand">{t.appTitle}</Link></h1>
        <LanguageMenu label={t.language} lang={lang} languages={languages} onChoose={choose} />
      </header>
      {signedIn && kiosk && k && <kiosk.SessionBar lang={lang} k={k} person={signedIn.person} as={signedIn.as} idleSeconds={site?.idleSeconds} onSignOut={signOut} />}
      <StatusBar t={t} lang={lang} online={online} secure={start.secure} saved={kept?.filter((m) => saved.has(m.url)).length ?? 0} total={kept && savedForNeeds ? kept.length : null} content={content} langs={needs?.langs ?? null} sync={sync.view && lazy && s && <lazy.SyncPill s={s} view={sync.view} />} />
      {applyUpdate && (
        <div class="banner" role="alert">
          <span>{t.updateApp}</span>
          <button type="button" class="button" disabled={updating} onClick={() => { setUpdating(true); applyUpdate(); }}>
            {updating ? t.updating : t.updateNow}
          </button>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {phoneScreens && lazy && db && <phoneScreens.Phone t={t} db={db} lazy={lazy} phone={device!.phone} linkCode={start.linkCode} />}
        {screen === 'enroll' && db && kiosk && k && <kiosk.EnrollScreen lang={lang} k={k} db={db} initialCode={start.enrollCode} />}
        {screen === 'sign-in' && db && kiosk && k && <kiosk.SignIn lang={lang} k={k} db={db} onSignedIn={(person, as, signingKey) => setSignedIn({ person, as, signingKey })} />}
        {screen === 'sync' && lazy && s && (
          <lazy.SyncScreen lang={lang} s={s} view={sync.view} onSyncNow={sync.syncNow} onlyFor={signedIn?.as === 'learner' ? signedIn.person.id : null}>
            {/* Files on a USB stick are a supervisor's job: a learner's sync screen stays about their own records. */}
            {kiosk && db && site && signedIn?.as === 'supervisor' && <kiosk.UsbFiles lang={lang} db={db} siteId={site.id} needs={needs} onContentLoaded={() => void refresh(true)} />}
          </lazy.SyncScreen>
        )}
        {screen === 'supervisor' && db && kiosk && k && signedIn?.signingKey && <kiosk.SupervisorArea lang={lang} k={k} db={db} supervisor={signedIn.person} signingKey={signedIn.signingKey}
          titleOf={(id) => modules?.find((m) => m.id === id)?.title ?? id} />}
        {screen === 'home' && (
          <Home t={t} lang={lang} modules={modules} catalogFailed={catalogFailed} saved={saved} learning={learning} contentVersion={contentVersion} searchable={!device?.phone}
            assigned={signedIn && kiosk && k && db && modules && lazy ? {
              ids: assignedIds,
              section: <kiosk.AssignedModules lang={lang} k={k} db={db} person={signedIn.person} modules={modules} onIds={setAssignedIds} loadModule={lazy.loadModule}
                card={(entry, extra) => <ModuleCard key={entry.id} t={t} lang={lang} entry={entry} saved={saved.has(entry.url)} learning={learning} extra={extra} />} />,
            } : undefined} />
        )}
        {screen === 'code' && route.name === 'code' && lazy && db && <lazy.CodeScreen t={t} db={db} path={route.path} learnerId={learnerId} />}
        {screen === 'module' && lazy && isModuleRoute(route) && <lazy.ModuleScreen t={t} route={route} entry={modules?.find((m) => m.id === route.id)} catalogReady={modules !== null} learning={learning} loadModule={lazy.loadModule} />}
      </main>
    </>
  );
}
