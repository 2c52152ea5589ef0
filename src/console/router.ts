import { useEffect, useState } from 'preact/hooks';
import { CONSOLE_PATH } from '../shared/console/access.ts';

export type Page =
  | { name: 'reports' }
  | { name: 'campaigns' }
  | { name: 'campaign'; id: string }
  | { name: 'content' }
  | { name: 'editor'; file: string | null }
  | { name: 'people' }
  | { name: 'kiosks' }
  | { name: 'posters' }
  | { name: 'accounts' }
  | { name: 'lrs' }
  | { name: 'audit' };

/** /console/…: the console's pages, one per address, so a page can be bookmarked and the back button works. */
export function pageFor(pathname: string): Page {
  const rest = pathname.startsWith(CONSOLE_PATH) ? pathname.slice(CONSOLE_PATH.length) : '';
  const [first, second] = rest.split('/').filter(Boolean);
  if (first === 'content' && second === 'new') return { name: 'editor', file: null };
  if (first === 'content' && second) return { name: 'editor', file: decodeURIComponent(second) };
  if (first === 'campaigns' && second) return { name: 'campaign', id: decodeURIComponent(second) };
  if (first === 'campaigns' || first === 'content' || first === 'people' || first === 'kiosks' || first === 'posters' || first === 'accounts' || first === 'lrs' || first === 'audit') return { name: first };
  return { name: 'reports' };
}

export function pathFor(page: Page): string {
  if (page.name === 'reports') return CONSOLE_PATH;
  if (page.name === 'campaign') return `${CONSOLE_PATH}campaigns/${encodeURIComponent(page.id)}`;
  if (page.name === 'editor') return `${CONSOLE_PATH}content/${page.file === null ? 'new' : encodeURIComponent(page.file)}`;
  return `${CONSOLE_PATH}${page.name}`;
}

export function navigate(page: Page): void {
  history.pushState(null, '', pathFor(page));
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePage(): Page {
  const [page, setPage] = useState(() => pageFor(location.pathname));
  useEffect(() => {
    const update = () => setPage(pageFor(location.pathname));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return page;
}
