import { UI_LANGUAGES, uiLanguage } from '../i18n/index.ts';

/** A language's name in itself from the strings' list; a module language without UI strings shows its code (say "de"). */
const nameOf = (code: string): string => uiLanguage(code)?.name ?? code;

/** The languages the UI strings and the catalog's modules offer, each named in itself. */
export function menuLanguages(catalogLanguages: readonly string[]): { code: string; name: string }[] {
  const codes = [...new Set([...UI_LANGUAGES.map((l) => l.code), ...catalogLanguages])];
  return codes.map((code) => ({ code, name: nameOf(code) }));
}

/** A native select: a large, familiar picker on a touch screen, and fully keyboard-operable. */
export function LanguageMenu({ label, lang, languages, onChoose }: { label: string; lang: string; languages: { code: string; name: string }[]; onChoose: (lang: string) => void }) {
  return (
    <label class="language">
      <span class="language-word">{label}</span>
      <select value={lang} onChange={(e) => onChoose((e.currentTarget as HTMLSelectElement).value)}>
        {languages.map((l) => <option value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </label>
  );
}
