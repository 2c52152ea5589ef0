import { remove as withoutConfusables } from 'confusables';
import type { Diagnostic } from './diagnostics.ts';

export interface TitledModule { file: string; line: number; lang: string; title: string }

/** What a title looks like: look-alike letters (Cyrillic о for Latin o, full-width Ｌ) as the letter they imitate, case and spacing folded. */
const looks = (title: string) => withoutConfusables(title.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Warnings for modules of one language whose titles a learner cannot tell
 * apart on a kiosk card: the same title, or titles that differ only in a
 * letter that looks like another ("Lockout" and "Lосkout" with Cyrillic о
 * and с). A warning, not an error: two real modules may share a title by
 * mistake, and the author should hear of it, not be stopped.
 */
export function lookAlikeTitles(modules: readonly TitledModule[]): Diagnostic[] {
  const first = new Map<string, TitledModule>();
  const warnings: Diagnostic[] = [];
  for (const m of modules) {
    const key = `${m.lang} ${looks(m.title)}`;
    const other = first.get(key);
    if (!other) {
      first.set(key, m);
      continue;
    }
    const how = other.title === m.title ? 'is the same as' : 'looks the same as, but is not,';
    warnings.push({ file: m.file, line: m.line, message: `the title "${m.title}" ${how} "${other.title}" (${other.file}:${other.line}): learners cannot tell the two modules apart` });
  }
  return warnings;
}
