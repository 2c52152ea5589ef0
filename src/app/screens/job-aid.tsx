import type { TrainingModule } from '../../shared/module.ts';
import { textOfAll } from '../../shared/doc-tree.ts';
import { DocView } from '../../ui/doc-view.tsx';
import { Link } from '../components/link.tsx';
import { ReadAloud } from '../components/read-aloud.tsx';
import type { AppStrings } from '../i18n/index.ts';

/**
 * One section on its own, at the machine: large type on one screen, read
 * aloud on request, the whole module one tap away. Opened from a poster's
 * code or a search, it records nothing: looking up the six steps is not
 * taking the module, and no report counts it as reading.
 */
export function JobAid({ t, module, section: index }: { t: AppStrings; module: TrainingModule; section: number }) {
  const section = module.sections[index];
  if (!section) {
    return (
      <>
        <p class="notice notice-error" role="alert">{t.moduleNotFound}</p>
        <p><Link to={{ name: 'read', id: module.id, section: null }} class="button">{t.takeWholeModule}</Link></p>
      </>
    );
  }
  const title = section.title || module.title;
  return (
    <article class="job-aid" lang={module.lang} data-testid="job-aid" data-section={index}>
      <p class="crumb"><Link to={{ name: 'home' }}>← {t.back}</Link></p>
      <p class="job-aid-from">{t.jobAidFrom(module.title)}</p>
      <h2>{title}</h2>
      <ReadAloud t={t} lang={module.lang} text={`${title}.\n${textOfAll(section.body)}`} />
      <section class="prose">
        <DocView nodes={section.body} />
      </section>
      <p><Link to={{ name: 'read', id: module.id, section: null }} class="button">{t.takeWholeModule}</Link></p>
    </article>
  );
}
