import { app as englishApp } from './languages/en/app.ts';
import languages from './languages.json' with { type: 'json' };
import type { Part, StringParts } from './parts.ts';

/**
 * UI strings: one folder per language under languages/, one file per part of
 * the UI, each typed against English so a missing key or parameter fails the
 * type check. Adding a language is adding its folder and a line in
 * languages.json; no code changes.
 *
 * A part's strings load with the screens that use it, and only for the
 * language in use: English app strings ship with the first render, every
 * other table is a file of its own that the build compiles apart from the app
 * (build/build.ts), so a new language adds files but never a chunk, a request
 * or a byte to the first render. The loader itself loads after the first render.
 */
import type { AppStrings } from './parts.ts';
export type { AppStrings, KioskStrings, Part, StringParts, SyncStrings, TransferStrings } from './parts.ts';

export interface UiLanguage {
  code: string;
  /** The language's name in itself, as its speakers look for it in a menu. */
  name: string;
  /** Only for a right-to-left language; left to right otherwise. */
  dir?: 'rtl';
}

export const UI_LANGUAGES: readonly UiLanguage[] = languages as UiLanguage[];
const FALLBACK = 'en';

/**
 * Loaded tables by language; loader.ts fills in the rest. English app strings
 * lack the module screens' until those screens arrive (provideEnglishScreens).
 */
const tables = new Map<string, Partial<StringParts>>([[FALLBACK, { app: { ...englishApp } as AppStrings }]]);

export function uiLanguage(code: string | null | undefined): UiLanguage | undefined {
  return UI_LANGUAGES.find((l) => l.code === code);
}

/** The language whose table stands in for `lang`: itself when we have it, else English. */
const tableCode = (lang: string): string => (uiLanguage(lang) ? lang : FALLBACK);

/** A part's strings once loaded (see loadStrings); English while a language is still loading. */
export function stringsFor<P extends Part>(lang: string, part: P): StringParts[P] {
  const table = (tables.get(tableCode(lang))?.[part] ?? tables.get(FALLBACK)?.[part]) as StringParts[P] | undefined;
  if (!table) throw new Error(`${part}: not loaded`);
  return table;
}

/** Parts some screen has asked for: switching language loads these before the switch shows. */
const inUse = new Set<Part>(['app']);

/** Those waiting for an English part to arrive with its bundle. */
const waiting = new Map<Part, (() => void)[]>();

/**
 * English parts other than app travel inside the bundles whose screens use
 * them (after-first-render.ts, kiosk/kiosk-bundle.ts), which hand them over
 * here as they load: no file or request of their own.
 */
export function provideEnglish<P extends Part>(part: P, table: StringParts[P]): void {
  tables.get(FALLBACK)![part] = table;
  waiting.get(part)?.forEach((resume) => resume());
  waiting.delete(part);
}

/** The module screens' English strings, joining the app table that screens already hold. */
export function provideEnglishScreens(strings: Omit<AppStrings, keyof typeof englishApp>): void {
  Object.assign(tables.get(FALLBACK)!.app!, strings);
}

const englishPart = (part: Part): Promise<void> | void => {
  if (!tables.get(FALLBACK)![part]) return new Promise((resume) => waiting.set(part, [...(waiting.get(part) ?? []), resume]));
};

/** Loads a part's strings for a language (and English, the fallback); resolves at once when they are here. */
export async function loadStrings<P extends Part>(lang: string, part: P): Promise<StringParts[P]> {
  inUse.add(part);
  const code = tableCode(lang);
  await Promise.all([englishPart(part), code !== FALLBACK && import('./loader.ts').then((l) => l.loadTables(tables, code, part))]);
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
