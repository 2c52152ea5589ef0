import { useEffect, useState } from 'preact/hooks';

/** A module loaded with a dynamic import once `when` is true; null until it arrives. */
export function useLazy<T>(load: () => Promise<T>, when = true): T | null {
  const [loaded, setLoaded] = useState<T | null>(null);
  useEffect(() => {
    if (when) void load().then((m) => setLoaded(() => m));
  }, [when]);
  return loaded;
}
