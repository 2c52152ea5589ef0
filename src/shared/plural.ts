/**
 * A language's plural forms, by Intl's CLDR rules ("one", "few", "many",
 * "other"…), for string tables to pick a word by: Polish says 1 wynik,
 * 2 wyniki, 5 wyników. A form a language lacks falls back to `other`.
 */
export function plural(locale: string): (n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }) => string {
  const rules = new Intl.PluralRules(locale);
  return (n, forms) => forms[rules.select(n)] ?? forms.other;
}

/** "1 problem", "3 problems": a count in the English messages the server and the command-line tools write. */
export const englishCount = (n: number, one: string, other = `${one}s`): string => `${n} ${n === 1 ? one : other}`;
