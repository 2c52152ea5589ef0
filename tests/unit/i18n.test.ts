import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLanguage, loadStrings, preferredLanguage, provideEnglish, provideEnglishScreens, stringsFor, UI_LANGUAGES, type Part } from '../../src/app/i18n/index.ts';
import { menuLanguages } from '../../src/app/components/language-menu.tsx';
import { ROOT } from '../../src/node/paths.ts';

const I18N = join(ROOT, 'src/app/i18n/languages');
const PARTS: Part[] = ['app', 'kiosk', 'sync', 'transfer'];

/** Keys, and the number of parameters of each string function, so a translation cannot drop an argument. */
function shape(table: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, typeof v === 'function' ? `fn/${v.length}` : typeof v === 'object' ? shape(v) : 'text']));
}

describe('English parts that travel in bundles', () => {
  it('are waited for until their bundle hands them over, then served', async () => {
    let answered = false;
    const pending = loadStrings('en', 'sync').then((t) => { answered = true; return t; });
    await Promise.resolve();
    expect(answered).toBe(false);
    // What after-first-render.ts and kiosk/kiosk-bundle.ts do when they load.
    const { sync } = await import('../../src/app/i18n/languages/en/sync.ts');
    const { kiosk } = await import('../../src/app/i18n/languages/en/kiosk.ts');
    const { transfer } = await import('../../src/app/i18n/languages/en/transfer.ts');
    const { appScreens } = await import('../../src/app/i18n/languages/en/app-screens.ts');
    const app = stringsFor('en', 'app');
    expect(app.takeQuiz).toBeUndefined();
    provideEnglish('sync', sync);
    provideEnglish('kiosk', kiosk);
    provideEnglish('transfer', transfer);
    provideEnglishScreens(appScreens);
    expect(await pending).toBe(sync);
    // The table the first screen already holds gains the module screens' strings.
    expect(app.takeQuiz).toBe('Take the quiz');
  });
});

describe('UI languages as data', () => {
  it('lists exactly the language folders, each with every part', async () => {
    const folders = (await readdir(I18N)).sort();
    expect(UI_LANGUAGES.map((l) => l.code).sort()).toEqual(folders);
    // English splits its app part in two (app-screens travels with the module screens); each part is a JSON file, compiled beside it.
    const parts = (folder: string) => PARTS.map((p) => `${p}.json`).concat(folder === 'en' ? ['app-screens.json'] : []).sort();
    for (const folder of folders) expect((await readdir(join(I18N, folder))).filter((f) => f.endsWith('.json') && !f.endsWith('.params.json')).sort()).toEqual(parts(folder));
  });

  it('loads every part of every language, with the same keys and parameters as English', async () => {
    for (const part of PARTS) {
      const english = shape(await loadStrings('en', part));
      for (const { code } of UI_LANGUAGES) {
        const table = await loadStrings(code, part);
        expect(shape(table), `${code}/${part}`).toEqual(english);
        if (code !== 'en') expect(table, `${code}/${part} is not a copy of English`).not.toEqual(await loadStrings('en', part));
      }
    }
  });

  it('falls back to English for a language it does not have, and switches only once loaded', async () => {
    expect(stringsFor('xx', 'app').appTitle).toBe('Safety training');
    await loadStrings('pl', 'kiosk');
    await loadLanguage('pl');
    expect(stringsFor('pl', 'app').appTitle).toBe('Szkolenie BHP');
    expect(stringsFor('pl', 'kiosk').signIn).toBe('Zaloguj się');
  });

  it('counts in Polish by its plural rules', async () => {
    const app = await loadStrings('pl', 'app');
    expect([1, 2, 5, 12, 22, 25].map(app.searchHits)).toEqual(['1 wynik', '2 wyniki', '5 wyników', '12 wyników', '22 wyniki', '25 wyników']);
    expect((await loadStrings('pl', 'sync')).recordsWaiting(3)).toBe('3 wpisy czekają na synchronizację');
  });

  it('picks the first browser language it has', () => {
    expect(preferredLanguage(['de-DE', 'pl-PL', 'en'])).toBe('pl');
    expect(preferredLanguage(['fr'])).toBe('en');
  });

  it('offers the UI languages and any other language the catalog has, each UI language named in itself', () => {
    const menu = menuLanguages(['en', 'nl', 'de']);
    expect(menu.map((l) => l.code)).toEqual([...UI_LANGUAGES.map((l) => l.code), 'de']);
    expect(menu.find((l) => l.code === 'pl')?.name).toBe('Polski');
    expect(menu.find((l) => l.code === 'de')?.name).toBe('de');
  });

  it('lays out with logical CSS properties only, so a right-to-left language needs no other stylesheet', async () => {
    const css = await readFile(join(ROOT, 'src/app/styles.css'), 'utf8');
    const physical = css.split('\n').map((line, i) => [i + 1, line] as const)
      .filter(([, line]) => /(^|[\s;{])((margin|padding|border)-(left|right)|left|right|float)\s*:|text-align:\s*(left|right)/.test(line));
    expect(physical).toEqual([]);
  });
});
