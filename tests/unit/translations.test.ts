import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES, type Part } from '../../src/app/i18n/index.ts';
import { CONSOLE_LANGUAGES } from '../../src/console/strings.ts';
import { ROOT } from '../../src/node/paths.ts';

const PARTS: Part[] = ['app', 'kiosk', 'sync'];

/** A language's table for one part of the app, read from its file (English's app part is two files). */
async function table(code: string, part: Part): Promise<unknown> {
  const own = ((await import(`../../src/app/i18n/languages/${code}/${part}.ts`)) as Record<string, unknown>)[part];
  if (code !== 'en' || part !== 'app') return own;
  const { appScreens } = await import('../../src/app/i18n/languages/en/app-screens.ts');
  return { ...(own as object), ...appScreens };
}

/**
 * Words a translation may share with English: the same word in that
 * language, a name, a unit or a code. A string equal to the English with
 * any other word in it is one nobody translated: a Dutch or Polish reader
 * would see English.
 */
const SAME_IN: Record<string, ReadonlySet<string>> = {
  nl: new Set(['online', 'menu', 'quiz', 'pin', 'status', 'module', 'modules', 'kiosk', 'accounts', 'pilot', 'min', 'e-mail', 'code', 'poster', 'posters', 'lrs']),
  pl: new Set(['online', 'menu', 'quiz', 'pin', 'status', 'kiosk', 'min', 'lrs']),
};
/** The sample arguments' own words, which are no one's translation. */
const SAMPLE_WORDS = new Set(['xx', 'nan']);

/** Every string a table shows, by key path; a string function is called with sample arguments. */
function leaves(table: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof table === 'string') out.set(path, table);
  else if (typeof table === 'function') {
    try {
      out.set(path, String((table as (...a: unknown[]) => unknown)(...Array.from({ length: table.length }, (_, i) => (i % 2 ? 'Xx' : 7)))));
    } catch {
      // A function that needs arguments of another kind: its words are checked through its callers' tests.
    }
  } else if (table && typeof table === 'object') {
    for (const [k, v] of Object.entries(table)) for (const [p, s] of leaves(v, path ? `${path}.${k}` : k)) out.set(p, s);
  }
  return out;
}

/** The strings of `other` that are the English ones word for word. */
function untranslated(english: unknown, other: unknown, lang: string): string[] {
  const en = leaves(english);
  const same = SAME_IN[lang] ?? new Set();
  const foreign = (text: string) => text.toLowerCase().split(/[^\p{L}-]+/u).some((w) => /\p{L}/u.test(w) && !same.has(w) && !SAMPLE_WORDS.has(w));
  return [...leaves(other)].filter(([path, text]) => en.get(path) === text && foreign(text)).map(([path, text]) => `${path}: ${text}`);
}

describe('translations', () => {
  it('show no English string in another language, in the app or the console', async () => {
    const found: string[] = [];
    for (const { code } of UI_LANGUAGES.filter((l) => l.code !== 'en')) {
      for (const part of PARTS) found.push(...untranslated(await table('en', part), await table(code, part), code).map((s) => `app ${code}/${part} ${s}`));
    }
    const english = CONSOLE_LANGUAGES.find((l) => l.code === 'en')!.strings;
    for (const { code, strings } of CONSOLE_LANGUAGES.filter((l) => l.code !== 'en')) found.push(...untranslated(english, strings, code).map((s) => `console ${code} ${s}`));
    expect(found).toEqual([]);
  });
});

/**
 * One register per language, the one the README names: Dutch says "je"
 * (informal), never "u"; Polish says "ty" and writes it lower-case inside a
 * sentence, never "Pan"/"Pani" and never the capitalised "Ty"/"Twój" of a
 * letter. The check reads the language files (JSON) as text, so it names the line.
 */
const OTHER_REGISTER: Record<string, { pattern: RegExp; says: string }[]> = {
  nl: [{ pattern: /\b(?:[Uu]w?)\b/, says: 'formal "u"/"uw": the Dutch UI says "je"/"jouw"' }],
  pl: [
    { pattern: /(?<!\p{L})(?:Pan|Pani|Państwo|Pana|Panu|Panią)(?!\p{L})/u, says: 'formal "Pan"/"Pani": the Polish UI says "ty"' },
    { pattern: /[\p{Ll},]\s+(?:Ty|Ci|Cię|Ciebie|Tobie|Tobą|Twój|Twoja|Twoje|Twojego|Twojej|Twoich|Twoim|Twoimi|Twoją)(?!\p{L})/u, says: 'a capitalised "Ty"/"Twój" inside a sentence: write it lower-case' },
  ],
};

describe('one register per language', () => {
  const files = (code: string) => [...PARTS.map((p) => `src/app/i18n/languages/${code}/${p}.json`), `src/console/i18n/${code}.json`];
  for (const [code, rules] of Object.entries(OTHER_REGISTER)) {
    it(`${code}: every string of the app and the console is in the one register`, async () => {
      const found: string[] = [];
      for (const file of files(code)) {
        const lines = (await readFile(join(ROOT, file), 'utf8')).split('\n');
        lines.forEach((line, i) => {
          for (const rule of rules) if (rule.pattern.test(line)) found.push(`${file}:${i + 1}: ${rule.says}`);
        });
      }
      expect(found).toEqual([]);
    });
  }

  it('catches the other register', () => {
    expect(OTHER_REGISTER.nl!.some((r) => r.pattern.test('Scan uw pas'))).toBe(true);
    expect(OTHER_REGISTER.nl!.some((r) => r.pattern.test('Scan je pas, dus'))).toBe(false);
    expect(OTHER_REGISTER.pl!.some((r) => r.pattern.test('zablokuje Twoje logowanie'))).toBe(true);
    expect(OTHER_REGISTER.pl!.some((r) => r.pattern.test('z Twoją odpowiedzią'))).toBe(true);
    expect(OTHER_REGISTER.pl!.some((r) => r.pattern.test('Twoje odpowiedzi są zachowane'))).toBe(false);
  });
});
