import { en, type Strings } from './en.ts';
import { nl } from './nl.ts';

/** UI languages. Adding one is adding a file with the same keys and listing it here. */
export const UI_LANGUAGES: Record<string, Strings> = { en, nl };

export function stringsFor(lang: string): Strings {
  return UI_LANGUAGES[lang] ?? en;
}

/** The first UI language the browser prefers that we have, else English. */
export function preferredLanguage(languages: readonly string[]): string {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0]!;
    if (base in UI_LANGUAGES) return base;
  }
  return 'en';
}

export type { Strings };
