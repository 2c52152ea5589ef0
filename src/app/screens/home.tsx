import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CatalogEntry } from '../../shared/module.ts';
import type { SearchHit } from '../../shared/search.ts';
import { statusOf } from '../../shared/progress.ts';
import type { AppStrings } from '../i18n/index.ts';
import type { Learning } from '../learning.ts';
import { Link } from '../components/link.tsx';

interface Props {
  t: AppStrings;
  lang: string;
  modules: CatalogEntry[] | null;
  catalogFailed: boolean;
  saved: ReadonlySet<string>;
  learning: Learning | null;
  /** Changes whenever the saved content changes, so the search index is rebuilt. */
  contentVersion: string;
  /** On a kiosk: the signed-in learner's assigned modules, shown first (with their own heading) and left out of the list below. */
  assigned?: { section: ComponentChildren; ids: ReadonlySet<string> };
  /** False on a worker's linked phone: it keeps only its learner's few modules, and not the search that finds things among many. */
  searchable: boolean;
}

export function Home({ t, lang, modules, catalogFailed, saved, learning, contentVersion, assigned, searchable }: Props) {
  const others = modules?.filter((m) => !assigned?.ids.has(m.id));
  return (
    <>
      {searchable && <Search t={t} lang={lang} contentVersion={contentVersion} learning={learning} />}
      {assigned?.section}
      {!assigned?.ids.size && <h2>{t.modulesHeading}</h2>}
      {!others && <p class="notice">{catalogFailed ? t.catalogUnavailable : t.catalogLoading}</p>}
      {others && (
        <ul class="cards" data-testid="catalog">
          {others.map((m) => <ModuleCard key={m.id} t={t} lang={lang} entry={m} saved={saved.has(m.url)} learning={learning} />)}
        </ul>
      )}
    </>
  );
}

export function ModuleCard({ t, lang, entry, saved, learning, extra }: { t: AppStrings; lang: string; entry: CatalogEntry; saved: boolean; learning: Learning | null; extra?: ComponentChildren }) {
  // Until the learner's records are read the card says so: "Not started" would be a guess, and wrong for a module they passed.
  const status = learning ? statusOf(learning.progress.get(entry.id)) : null;
  return (
    <li class="card" data-module={entry.id} data-status={status ?? 'loading'}>
      <Link to={{ name: 'read', id: entry.id, section: null }} class="card-link">
        <span class="card-title" lang={entry.lang}>{entry.title}</span>
        {entry.summary && <span class="card-summary" lang={entry.lang}>{entry.summary}</span>}
        <span class="card-meta">
          {status ? <span class={`badge badge-${status}`}>{status === 'passed' ? '✓ ' : ''}{t.status[status]}</span> : <span>{t.progressLoading}</span>}
          <span>{t.minutes(entry.minutes)}</span>
          {!saved && <span>{t.notSaved}</span>}
          {entry.lang !== lang && <span>{t.notInYourLanguage}</span>}
          {extra}
        </span>
      </Link>
    </li>
  );
}

function Search({ t, lang, contentVersion, learning }: { t: AppStrings; lang: string; contentVersion: string; learning: Learning | null }) {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ query: string; hits: SearchHit[] } | null>(null);

  const run = async (event: Event) => {
    event.preventDefault();
    const q = query.trim();
    if (!q) return;
    const [lazy, { search }] = await Promise.all([import('../after-first-render.ts'), import('../search/search-client.ts')]);
    setResult({ query: q, hits: await search(lazy, contentVersion, q, lang, learning) });
  };

  return (
    <form class="search" role="search" onSubmit={run}>
      <label for="search">{t.searchLabel}</label>
      <div class="search-row">
        <input id="search" type="search" value={query} placeholder={t.searchPlaceholder} autocomplete="off"
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <button type="submit" class="button">{t.searchButton}</button>
      </div>
      {result && (
        <div aria-live="polite">
          <p>{result.hits.length ? t.searchHits(result.hits.length) : t.searchNoHits(result.query)}</p>
          <ol class="hits" data-testid="search-results">
            {result.hits.map((hit) => (
              <li key={`${hit.id}-${hit.section}`}>
                <Link to={{ name: hit.jobAid ? 'aid' : 'read', id: hit.id, section: hit.section }} class="hit">
                  <span class="hit-title">{hit.title} · {hit.jobAid ? t.jobAid(hit.sectionTitle) : hit.sectionTitle}</span>
                  <span class="hit-snippet">{hit.snippet}</span>
                </Link>
              </li>
            ))}
          </ol>
        </div>
      )}
    </form>
  );
}
