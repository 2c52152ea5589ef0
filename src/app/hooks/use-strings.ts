import { useEffect, useState } from 'preact/hooks';
import { loadStrings, type Part, type StringParts } from '../i18n/index.ts';

/**
 * One part of the UI strings in `lang`, loaded once `when` is true; null until
 * it is here. After a language switch the old table stays on screen until the
 * new one is in, never a blank.
 */
export function useStrings<P extends Part>(lang: string, part: P, when = true): StringParts[P] | null {
  const [table, setTable] = useState<StringParts[P] | null>(null);
  useEffect(() => {
    let live = when;
    if (when) void loadStrings(lang, part).then((t) => live && setTable(t));
    return () => { live = false; };
  }, [lang, when]);
  return table;
}
