import { app as englishApp, type AppStrings } from './languages/en/app.ts';
import type { KioskStrings } from './languages/en/kiosk.ts';
import type { SyncStrings } from './languages/en/sync.ts';
import languages from './languages.json' with { type: 'json' };

/**
 * UI strings: one folder per language under languages/, one file per part of
 * the UI, each typed against English so a missing key or parameter fails the
 * type check. Adding a language is adding its folder and a line in
 * languages.json; nothing here changes.
 *
 * A part's strings load with the screens that use it, and only for the
 * language in use: English app strings ship with the first render, everything
 * else is its own small chunk.
 */
export interface StringParts {
  app: AppStrings;
  kiosk: KioskStrings;
  sync: SyncStrings;
}
export type Part = keyof StringParts;
export type { AppStrings, KioskStrings, SyncStrings };

export interface UiLanguage {
  code: string;
  /** The language's name in itself, as its speakers look for it in a menu. */
  name: string;
  dir: 'ltr' | 'rtl';
}

export const UI_LANGUAGES: readonly UiLanguage[] = languages as UiLanguage[];
const FALLBACK = 'en';

const tables = new Map<string, Partial<StringParts>>([[FALLBACK, { app: englishApp }]]);
/** Parts some screen has asked for: switching language loads these before the switch shows. */
const inUse = new Set<Part>(['app']);

export function uiLanguage(code: string | null | undefined): UiLanguage | undefined {
  return UI_LANGUAGES.find((l) => l.code === code);
}

function tableCode(lang: string): string {
  return uiLanguage(lang) ? lang : FALLBACK;
}

/** A part's strings once loaded (see loadStrings); English while a language is still loading. */
export function stringsFor<P extends Part>(lang: string, part: P): StringParts[P] {
  const table = (tables.get(tableCode(lang))?.[part] ?? tables.get(FALLBACK)?.[part]) as StringParts[P] | undefined;
  if (!table) throw new Error(`The ${part} strings were used before they were loaded`);
  return table;
}

/** Loads a part's strings for a language (and English, the fallback); resolves at once when they are here. */
export async function loadStrings<P extends Part>(lang: string, part: P): Promise<StringParts[P]> {
  inUse.add(part);
  const codes = [...new Set([FALLBACK, tableCode(lang)])];
  await Promise.all(codes.map(async (code) => {
    const table = tables.get(code) ?? {};
    tables.set(code, table);
    // esbuild turns this into one lazy chunk per language and part.
    table[part] ??= (await import(`./languages/${code}/${part}.ts`))[part];
  }));
  return stringsFor(lang, part);
}

/** Loads every part in use for a language, so switching to it never shows a screen half in English. */
export async function loadLanguage(lang: string): Promise<void> {
  await Promise.all([...inUse].map((part) => loadStrings(lang, part)));
}

/** The first UI language the browser prefers that we have, else English. */
export function preferredLanguage(languages: readonly string[]): string {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0]!;
    if (uiLanguage(base)) return base;
  }
  return FALLBACK;
}
