import { en, type ConsoleStrings } from './i18n/en.ts';
import { nl } from './i18n/nl.ts';
import { pl } from './i18n/pl.ts';

/** The console's languages: strings as data, one file each, typed against English. */
export const CONSOLE_LANGUAGES: { code: string; name: string; strings: ConsoleStrings }[] = [
  { code: 'en', name: 'English', strings: en },
  { code: 'nl', name: 'Nederlands', strings: nl },
  { code: 'pl', name: 'Polski', strings: pl },
];

export function stringsFor(code: string): ConsoleStrings {
  return (CONSOLE_LANGUAGES.find((l) => l.code === code) ?? CONSOLE_LANGUAGES[0]!).strings;
}

const KEY = 'lowband-console-lang';

export function savedLanguage(): string {
  const saved = localStorage.getItem(KEY);
  if (saved && CONSOLE_LANGUAGES.some((l) => l.code === saved)) return saved;
  const preferred = navigator.languages.map((l) => l.split('-')[0]!.toLowerCase()).find((l) => CONSOLE_LANGUAGES.some((c) => c.code === l));
  return preferred ?? 'en';
}

export function saveLanguage(code: string): void {
  localStorage.setItem(KEY, code);
}
