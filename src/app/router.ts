import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'sync' }
  | { name: 'setup' }
  | { name: 'read'; id: string; section: number | null }
  | { name: 'quiz'; id: string }
  | { name: 'result'; id: string }
  /** One section on its own, as a job aid: opened from a poster or a search, it does not count as reading the module. */
  | { name: 'aid'; id: string; section: number }
  /** A poster's QR code (/Q/7K3F, any case), as the address has it: the code screen reads it (shared/short-code.ts). */
  | { name: 'code'; path: string };

/** A route that names one module. */
export type ModuleRoute = Extract<Route, { id: string }>;

export function isModuleRoute(route: Route): route is ModuleRoute {
  return 'id' in route;
}

/** Maps a URL to a screen. Unknown paths show the home screen. */
export function parseRoute(pathname: string, search = ''): Route {
  if (/^\/q\//i.test(pathname)) return { name: 'code', path: pathname };
  if (/^\/sync\/?$/.test(pathname)) return { name: 'sync' };
  if (/^\/setup\/?$/.test(pathname)) return { name: 'setup' };
  const m = /^\/m\/([a-z0-9-]+)(?:\/(quiz|result|aid\/(\d{1,3})))?\/?$/.exec(pathname);
  if (!m) return { name: 'home' };
  const id = m[1]!;
  if (m[3]) return { name: 'aid', id, section: Number(m[3]) };
  if (m[2] === 'quiz') return { name: 'quiz', id };
  if (m[2] === 'result') return { name: 'result', id };
  const s = new URLSearchParams(search).get('s');
  return { name: 'read', id, section: s !== null && /^\d+$/.test(s) ? Number(s) : null };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'home': return '/';
    case 'sync': return '/sync';
    case 'setup': return '/setup';
    // The same addresses as shared/short-code.ts writes for a poster's code (importing it would grow the first render).
    case 'read': return `/m/${route.id}${route.section !== null ? `?s=${route.section}` : ''}`;
    case 'quiz': return `/m/${route.id}/quiz`;
    case 'result': return `/m/${route.id}/result`;
    case 'aid': return `/m/${route.id}/aid/${route.section}`;
    case 'code': return route.path;
  }
}

const listeners = new Set<() => void>();

export function navigate(route: Route, replace = false): void {
  history[replace ? 'replaceState' : 'pushState'](null, '', hrefFor(route));
  listeners.forEach((l) => l());
}

/**
 * The screen the address names, from `initial` (the page's address at start)
 * on. It lives with the router rather than in hooks/ on purpose: the status
 * line's link imports this file, which keeps preact's hooks in one chunk with
 * preact itself, one first-render request fewer.
 */
export function useRoute(initial: Route): Route {
  const [route, setRoute] = useState(initial);
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Follows same-app links without a page load; the browser handles everything else. */
export function onLinkClick(event: MouseEvent, route: Route): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(route);
}
