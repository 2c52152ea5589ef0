import { useEffect, useState } from 'preact/hooks';
import { noteScanned } from '../../device/learning-events.ts';
import type { LearningDb } from '../../device/learning-db.ts';
import { savedCodeTarget } from '../../device/roster-store.ts';
import { CODES_URL, shortCodeInPath, type CodeTarget } from '../../shared/short-code.ts';
import { Link } from '../components/link.tsx';
import type { AppStrings } from '../i18n/index.ts';
import { navigate } from '../router.ts';

type Found = { state: 'looking' } | { state: 'unknown' } | { state: 'offline' };

/** Where a code opens: as this device saved it from its site, else (online) as the server says. */
async function targetOf(db: LearningDb, code: string): Promise<CodeTarget | 'unknown' | 'offline'> {
  const saved = await savedCodeTarget(db, code);
  if (saved) return saved;
  try {
    const res = await fetch(`${CODES_URL}${code}`, { cache: 'no-store' });
    if (res.status === 404) return 'unknown';
    if (!res.ok) return 'offline';
    const { moduleId, section } = (await res.json()) as CodeTarget;
    return { moduleId, section };
  } catch {
    return 'offline';
  }
}

/**
 * A poster's code, scanned: the module (or its job-aid section) opens in its
 * place, so Back leaves it rather than scanning again. The scan is noted for
 * the placement report when someone is signed in (a kiosk's learner, or a
 * device's own); nothing is noted for a code this device cannot read.
 */
export function CodeScreen({ t, db, path, learnerId }: { t: AppStrings; db: LearningDb; path: string; learnerId: string | null }) {
  const code = shortCodeInPath(path);
  const [found, setFound] = useState<Found>({ state: 'looking' });
  useEffect(() => {
    if (!code) return setFound({ state: 'unknown' });
    let live = true;
    void targetOf(db, code).then(async (target) => {
      if (!live) return;
      if (typeof target === 'string') return setFound({ state: target });
      if (learnerId) await noteScanned(db, learnerId, code);
      navigate(target.section === null ? { name: 'read', id: target.moduleId, section: null } : { name: 'aid', id: target.moduleId, section: target.section }, true);
    });
    return () => { live = false; };
  }, [db, code, learnerId]);
  if (found.state === 'looking') return <p role="status">{t.codeOpening}</p>;
  return (
    <>
      <p class="notice notice-error" role="alert" data-testid="code-problem">{found.state === 'unknown' ? t.codeUnknown(code ?? path.slice(3)) : t.codeOffline(code ?? '')}</p>
      <p><Link to={{ name: 'home' }} class="button">{t.back}</Link></p>
    </>
  );
}
