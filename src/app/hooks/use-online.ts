import { useEffect, useState } from 'preact/hooks';

/** Whether the browser thinks it is online, from `initial` (the page's first answer) on. */
export function useOnline(initial: boolean): boolean {
  const [online, setOnline] = useState(initial);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
