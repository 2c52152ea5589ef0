import { useEffect, useState } from 'preact/hooks';
import { onNavigate, parseRoute, type Route } from '../router.ts';

/** The screen the address names, from `initial` (the page's address at start) on. */
export function useRoute(initial: Route): Route {
  const [route, setRoute] = useState(initial);
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    const stop = onNavigate(update);
    window.addEventListener('popstate', update);
    return () => {
      stop();
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
