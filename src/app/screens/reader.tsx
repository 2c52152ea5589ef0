import { useEffect, useRef, useState } from 'preact/hooks';
import type { CatalogEntry, TrainingModule } from '../../shared/module.ts';
import { textOfAll } from '../../shared/doc-tree.ts';
import type { AppStrings } from '../i18n/index.ts';
import type { Learning } from '../learning.ts';
import { saveReadingPosition } from '../../device/learning-store.ts';
import { noteDwell, noteOpened } from '../../device/learning-events.ts';
import { localDate } from '../../shared/roster/roster.ts';
import { DocView } from '../../ui/doc-view.tsx';
import { Link } from '../components/link.tsx';
import { ReadAloud } from '../components/read-aloud.tsx';
import { navigate } from '../router.ts';

interface Props {
  t: AppStrings;
  module: TrainingModule;
  entry: CatalogEntry;
  learning: Learning;
  /** Section to open at (from a search hit, or the one on screen before a language switch); otherwise the reader resumes. */
  requestedSection: number | null;
  /** Told the section on screen whenever it changes. */
  onSection?: (section: number) => void;
}

export function Reader({ t, module, entry, learning, requestedSection, onSection }: Props) {
  const last = module.sections.length - 1;
  const resumeAt = requestedSection ?? learning.progress.get(module.id)?.section ?? 0;
  const [index, setIndex] = useState(Math.min(Math.max(resumeAt, 0), last));
  const heading = useRef<HTMLParagraphElement>(null);
  const first = useRef(true);
  // Since when the section on screen has been open: its time is kept as a bucket, never in seconds.
  const shownSince = useRef(performance.now());

  useEffect(() => {
    void noteOpened(learning.db, learning.learnerId, module.id, localDate(Date.now()));
  }, [learning.learnerId, module.id]);
  useEffect(() => {
    shownSince.current = performance.now();
    return () => void noteDwell(learning.db, learning.learnerId, module.id, index, (performance.now() - shownSince.current) / 1000);
  }, [index, learning.learnerId, module.id]);

  useEffect(() => {
    onSection?.(index);
    void saveReadingPosition(learning.db, learning.learnerId, { moduleId: module.id, lang: module.lang, moduleHash: entry.hash }, index)
      .then(() => learning.reload());
    // Move focus to the new section for keyboard and screen-reader users, but not on arrival.
    if (first.current) first.current = false;
    else {
      heading.current?.focus();
      window.scrollTo(0, 0);
    }
  }, [index, entry.hash]);

  const section = module.sections[Math.min(index, last)]!;
  return (
    <article lang={module.lang} data-testid="reader" data-section={index}>
      <p class="crumb"><Link to={{ name: 'home' }}>← {t.back}</Link></p>
      <h2 class="module-title">{module.title}</h2>
      <p class="progress-text" ref={heading} tabIndex={-1}>{t.sectionOf(index + 1, module.sections.length)}</p>
      <progress max={module.sections.length} value={index + 1} aria-hidden="true" />
      <section class="prose">
        {section.title && <h3>{section.title}</h3>}
        <ReadAloud t={t} lang={module.lang} text={`${section.title || module.title}.\n${textOfAll(section.body)}`} />
        <DocView nodes={section.body} />
      </section>
      <nav class="pager" aria-label={t.sectionOf(index + 1, module.sections.length)}>
        {index > 0 && <button type="button" class="button button-secondary" onClick={() => setIndex(index - 1)}>← {t.previous}</button>}
        {index < last
          ? <button type="button" class="button" onClick={() => setIndex(index + 1)}>{t.next} →</button>
          : <button type="button" class="button" onClick={() => navigate({ name: 'quiz', id: module.id })}>{t.takeQuiz} →</button>}
      </nav>
    </article>
  );
}
