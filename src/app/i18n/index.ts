import { en, type Strings } from './en.ts';

/**
 * UI languages. English ships with the first render; every other language's
 * strings load right after it, so the first render carries one table, not all.
 * Adding a language is adding a file with the same keys and a loader here.
 */
const LOADERS: Record<string, () => Promise<Strings>> = {
  en: async () => en,
  nl: () => import('./nl.ts').then((m) => m.nl),
};
export const UI_LANGUAGES: readonly string[] = Object.keys(LOADERS);
const loaded: Record<string, Strings> = { en };

/** The strings for a language once loaded; English until then (the prerendered screen is English too). */
export function stringsFor(lang: string): Strings {
  return loaded[lang] ?? en;
}

/** Loads a language's strings; resolves at once when they are already here. */
export async function loadStrings(lang: string): Promise<Strings> {
  return (loaded[lang] ??= await (LOADERS[lang] ?? LOADERS.en!)());
}

/** The first UI language the browser prefers that we have, else English. */
export function preferredLanguage(languages: readonly string[]): string {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0]!;
    if (UI_LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

export type { Strings };
