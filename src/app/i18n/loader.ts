import type { Part, StringParts } from './parts.ts';

/** Set by the build (JSON): each language part's compiled file. Absent when running from the sources (tests). */
declare const __LANGUAGE_FILES__: string | undefined;
let built: Record<string, Partial<Record<Part, string>>> | undefined;

function partUrl(code: string, part: Part): string {
  if (typeof __LANGUAGE_FILES__ !== 'undefined') built ??= JSON.parse(__LANGUAGE_FILES__) as typeof built;
  return built?.[code]?.[part] ?? new URL(`./languages/${code}/${part}.ts`, import.meta.url).href;
}

/**
 * Fills in one part of a language's table, other than English (whose parts
 * travel in the bundles: i18n/index.ts). Loaded after the first render and
 * handed the tables, so it shares no module with the first render's chunk.
 */
export async function loadTables(tables: Map<string, Partial<StringParts>>, code: string, part: Part): Promise<void> {
  const table = tables.get(code) ?? {};
  tables.set(code, table);
  (table as Record<Part, unknown>)[part] ??= ((await import(/* @vite-ignore */ partUrl(code, part))) as StringParts)[part];
}
