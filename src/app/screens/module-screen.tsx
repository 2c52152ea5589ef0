import { useErrorBoundary, useRef } from 'preact/hooks';
import type { CatalogEntry } from '../../shared/module.ts';
import { structureProblem } from '../../shared/module-limits.ts';
import type { AppStrings } from '../i18n/index.ts';
import type { Learning } from '../learning.ts';
import type { ModuleRoute } from '../router.ts';
import { useModule, usePinnedEntry, type ModuleLoader } from '../hooks/use-module.ts';
import { Link } from '../components/link.tsx';
import { Reader } from './reader.tsx';
import { Quiz } from './quiz.tsx';
import { Result } from './result.tsx';
import { JobAid } from './job-aid.tsx';

interface Props {
  t: AppStrings;
  route: ModuleRoute;
  entry: CatalogEntry | undefined;
  catalogReady: boolean;
  learning: Learning | null;
  loadModule: ModuleLoader;
}

/** Loads the module a route names, then shows its reader, quiz or result. */
export function ModuleScreen({ t, route, entry, catalogReady, learning, loadModule }: Props) {
  const { pinned, latest, switchToLatest } = usePinnedEntry(entry);
  // The section on screen, kept here: the reader of another language (or version) of the same module opens
  // there, not wherever the saved position had got to (it is written a moment after each page turn).
  const place = useRef<{ id: string; section: number } | null>(null);
  const state = useModule(pinned, loadModule);
  // One module that cannot be rendered fails alone: the rest of the app, and every other module, keep working.
  const [renderError] = useErrorBoundary();

  if (catalogReady && !entry) return <Missing t={t} message={t.moduleNotFound} />;
  if (state.kind === 'unavailable') return <Missing t={t} message={t.moduleNotSaved} />;
  if (state.kind === 'loading' || !learning) return <p class="notice">…</p>;
  if (renderError || structureProblem(state.module.sections)) return <Missing t={t} message={t.moduleDamaged} />;

  const { module, entry: shown } = state;
  return (
    <>
      {latest && (
        <div class="banner" role="status">
          <span>{t.newModuleVersion}</span>
          <button type="button" class="button" onClick={switchToLatest}>{t.switchVersion}</button>
        </div>
      )}
      {route.name === 'read' && <Reader key={shown.url} t={t} module={module} entry={shown} learning={learning}
        requestedSection={place.current?.id === module.id ? place.current.section : route.section} onSection={(section) => { place.current = { id: module.id, section }; }} />}
      {route.name === 'quiz' && <Quiz key={shown.url} t={t} module={module} entry={shown} learning={learning} />}
      {route.name === 'result' && <Result t={t} module={module} learning={learning} />}
      {route.name === 'aid' && <JobAid t={t} module={module} section={route.section} />}
    </>
  );
}

function Missing({ t, message }: { t: AppStrings; message: string }) {
  return (
    <>
      <p class="notice notice-error" role="alert">{message}</p>
      <p><Link to={{ name: 'home' }} class="button">{t.back}</Link></p>
    </>
  );
}
