import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload(): void;
}

/** A GET of the console API, read again when `path` changes or on `reload`; null path reads nothing. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setError(null);
    api<T>('GET', path).then((d) => live && setData(d), (e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, [path, round]);
  return { data, error, reload: useCallback(() => setRound((r) => r + 1), []) };
}
