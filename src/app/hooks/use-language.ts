import { useEffect, useState } from 'preact/hooks';
import { loadLanguage, stringsFor, uiLanguage, type AppStrings } from '../i18n/index.ts';

const LANG_KEY = 'lowband-lang';

export interface LanguageState {
  lang: string;
  t: AppStrings;
  /** Switches once every part of the UI in use has its strings in that language. */
  choose(lang: string): void;
}

/** The language a personal device chose last, if any. */
export function savedLanguage(): string | null {
  return localStorage.getItem(LANG_KEY);
}

/**
 * The UI language: `initial` at first; on a kiosk the site's language until
 * someone signs in, then theirs. A choice is remembered only on a personal
 * device: one learner's language must not follow the next on a shared kiosk.
 */
export function useLanguage(initial: string, kiosk: boolean, wanted: readonly (string | undefined)[]): LanguageState {
  const [shown, setShown] = useState(() => ({ lang: initial, t: stringsFor(initial, 'app') }));
  // A language this device never saved cannot load offline: the menu goes back to the one shown, rather than name one it is not showing.
  const choose = (lang: string) => void loadLanguage(lang).then(() => setShown({ lang, t: stringsFor(lang, 'app') }), () => setShown((s) => ({ ...s })));
  const preferred = wanted.find((l) => uiLanguage(l));
  useEffect(() => choose(preferred ?? shown.lang), [preferred]);
  const { lang, t } = shown;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = uiLanguage(lang)?.dir ?? 'ltr';
    document.title = t.appTitle;
    if (!kiosk) localStorage.setItem(LANG_KEY, lang);
  }, [lang, t]);
  return { lang, t, choose };
}
