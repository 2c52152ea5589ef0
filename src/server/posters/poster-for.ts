import { publishedModule } from '../../node/published-modules.ts';
import type { PosterSize, ShortCode } from '../../shared/console/posters.ts';
import type { Person } from '../../shared/roster/roster.ts';
import { shortUrl } from '../../shared/short-code.ts';
import type { StoreSet } from '../store/stores.ts';
import { en, type PosterStrings } from './i18n/en.ts';
import { nl } from './i18n/nl.ts';
import { pl } from './i18n/pl.ts';
import type { Poster, PosterWords } from './poster-svg.ts';

const STRINGS: Record<string, PosterStrings> = { en, nl, pl };

/** The poster words of a language (English where it has none yet). */
export const posterStrings = (lang: string): PosterStrings => STRINGS[lang] ?? en;

/** The language most of a site's people read besides the site's own, if any does: a poster's second language. */
export function secondLanguage(people: readonly Pick<Person, 'lang'>[], siteLang: string): string | null {
  const counts = new Map<string, number>();
  for (const p of people) if (p.lang !== siteLang) counts.set(p.lang, (counts.get(p.lang) ?? 0) + 1);
  return [...counts].sort(([a, n], [b, m]) => m - n || a.localeCompare(b))[0]?.[0] ?? null;
}

/**
 * A code's poster: the module's title, minutes and summary in the site's
 * language (the module's default where it has no such version) and, where
 * the site's people read a second language the module is published in, in
 * that one too. Null when the module is no longer published.
 */
export async function posterFor(stores: StoreSet, contentDir: string, code: ShortCode, size: PosterSize, origin: string): Promise<Poster | null> {
  const site = await stores.sites.site(code.siteId);
  const second = secondLanguage(await stores.sites.people(code.siteId), site.lang);
  const main = (await publishedModule(contentDir, code.moduleId, site.lang)) ?? (await publishedModule(contentDir, code.moduleId));
  if (!main) return null;
  const other = second && second !== main.lang ? await publishedModule(contentDir, code.moduleId, second) : null;
  const wordsOf = (m: NonNullable<typeof main>): PosterWords => ({
    lang: m.lang, strings: posterStrings(m.lang), title: m.title, hook: m.summary, minutes: m.minutes,
    section: code.section === null ? null : m.sections[code.section]?.title || m.title,
  });
  return { size, url: shortUrl(origin, code.code), code: code.code, words: other ? [wordsOf(main), wordsOf(other)] : [wordsOf(main)] };
}
