import { useEffect, useState } from 'preact/hooks';
import { loadStrings, type Part, type StringParts } from '../i18n/index.ts';

/** One part of the UI strings in `lang`, loaded once `when` is true; null until it is here. */
export function useStrings<P extends Part>(lang: string, part: P, when = true): StringParts[P] | null {
  const [loaded, setLoaded] = useState<{ lang: string; table: StringParts[P] } | null>(null);
  useEffect(() => {
    if (!when) return;
    let live = true;
    void loadStrings(lang, part).then((table) => live && setLoaded({ lang, table }));
    return () => { live = false; };
  }, [lang, when]);
  // After a language switch the old table stays on screen until the new one is here, never a blank.
  return loaded?.table ?? null;
}
