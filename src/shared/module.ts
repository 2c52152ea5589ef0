import type { DocNode } from './doc-tree.ts';

/** Languages the UI and the modules are written in. Adding one is a data change. */
export type Lang = string;

export interface QuizQuestion {
  prompt: string;
  choices: string[];
  /** Indexes into `choices`; more than one means "select all that apply". */
  correct: number[];
  explanation: string;
}

export interface Quiz {
  /** Percentage of questions that must be answered correctly to pass (0–100). */
  passMark: number;
  questions: QuizQuestion[];
}

export interface Section {
  /** Empty for the introduction before a module's first heading. */
  title: string;
  body: DocNode[];
  /**
   * A job aid ("## The six steps {job-aid}"): the part a worker needs at the
   * machine, opened on its own from a poster's code or a search, on one screen.
   */
  jobAid?: true;
}

/** A published module as the app downloads it: one JSON file, content-hashed. */
export interface TrainingModule {
  id: string;
  lang: Lang;
  title: string;
  summary: string;
  version: string;
  minutes: number;
  roles: string[];
  sections: Section[];
  quiz: Quiz;
  /** Questions only spaced follow-ups ask, after the quiz's own; absent when the author wrote none. */
  followUp?: QuizQuestion[];
}

/** What a module says about itself, apart from its content. */
export type ModuleMeta = Pick<TrainingModule, 'id' | 'lang' | 'title' | 'summary' | 'version' | 'minutes' | 'roles'>;

/** One line of the catalog: enough to list, budget and cache a module without opening it. */
export interface CatalogEntry extends ModuleMeta {
  /** Content hash of the module file; also part of its URL. */
  hash: string;
  /** Absolute URL path of the module JSON. */
  url: string;
  /** Absolute URL paths of the images the module shows. */
  media: string[];
  bytes: number;
  br: number;
  gz: number;
}

export interface Catalog {
  format: 1;
  /** catalogVersion(modules): names this catalog for content updates (src/shared/catalog-update.ts). */
  version: string;
  modules: CatalogEntry[];
}

/** Where the server exposes published content, and the service worker caches it. */
export const CONTENT_PREFIX = '/content/';
export const CATALOG_URL = '/content/catalog.json';
export const MODULES_PREFIX = '/content/modules/';
export const MEDIA_PREFIX = '/content/media/';

/**
 * What published content may do opened as a page: nothing (no script, no
 * loads, an opaque origin). The server sends it with every non-page response
 * (server/http-policy.ts); a kiosk keeps it on modules it loads from a file.
 */
export const CONTENT_CSP = "default-src 'none'; sandbox";

/** The Cache Storage bucket that holds published modules, their media and the catalog. */
export const CONTENT_CACHE = 'lowband-content-v1';

export function moduleKey(m: { id: string; lang: Lang }): string {
  return `${m.id}:${m.lang}`;
}

/**
 * Picks the variant of each module in the learner's language, falling back to
 * the first variant listed, so the catalog shows every module exactly once.
 */
export function variantsFor(catalog: Catalog, lang: Lang): CatalogEntry[] {
  const byId = new Map<string, CatalogEntry>();
  for (const entry of catalog.modules) {
    const seen = byId.get(entry.id);
    if (!seen || (seen.lang !== lang && entry.lang === lang)) byId.set(entry.id, entry);
  }
  return [...byId.values()];
}
