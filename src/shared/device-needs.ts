import { moduleKey, variantsFor, type Catalog, type CatalogEntry } from './module.ts';

/**
 * What one device must keep to work offline: the languages its people read
 * and whether it is a shared kiosk. Everything published is not what a
 * device needs: on a 64 kbit/s line a module in a language nobody at the
 * site reads costs seconds, and kiosk screens cost a learner's own phone
 * bytes it never shows. The page works these out (it knows the roster and
 * the UI language) and tells the service worker, which saves accordingly.
 */
export interface DeviceNeeds {
  /** Sorted, without repeats. */
  langs: string[];
  kiosk: boolean;
  /**
   * A worker's own phone keeps only its learner's assigned modules (ids,
   * sorted); null: every module in `langs`. Absent in needs saved before phones.
   */
  only?: string[] | null;
}

export function deviceNeeds(uiLang: string, kiosk: boolean, readers: readonly (string | undefined)[] = [], only: readonly string[] | null = null): DeviceNeeds {
  const langs = [...new Set([uiLang, ...readers].filter((l): l is string => Boolean(l)))].sort();
  return { langs, kiosk, only: only && [...new Set(only)].sort() };
}

/**
 * The header of the saved catalog that says which needs it was saved for
 * (null: every module published). A page counts modules saved only when it
 * names the page's own needs: "7 of 7 saved" then means this device, as it is
 * now (a kiosk just enrolled, a language just joined), works offline.
 */
export const SAVED_FOR_HEADER = 'X-Saved-For';
export const needsTag = (needs: DeviceNeeds | null): string =>
  (needs ? `${needs.kiosk ? 'kiosk' : 'device'}:${needs.langs.join()}${needs.only ? `:${needs.only.join()}` : ''}` : 'all');

export const sameNeeds = (a: DeviceNeeds, b: DeviceNeeds): boolean => needsTag(a) === needsTag(b);

/**
 * The catalog entries a device with these languages keeps: for each language,
 * the variant of every module that a learner reading it is shown (their own
 * language where the module has it, else the module's first); of `only` those
 * modules, when given (a phone's assignments).
 */
export function wantedModules(catalog: Catalog, langs: readonly string[], only: readonly string[] | null = null): CatalogEntry[] {
  const keys = new Set(langs.flatMap((lang) => variantsFor(catalog, lang)).map(moduleKey));
  const ids = only && new Set(only);
  return catalog.modules.filter((m) => keys.has(moduleKey(m)) && (!ids || ids.has(m.id)));
}

/** A module id list as a query parameter carries it, checked: at most 200 ids. */
export function parseModuleIds(param: string): string[] | null {
  const ids = param === '' ? [] : param.split(',');
  return ids.length <= 200 && ids.every((id) => /^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) ? ids : null;
}

/** A language list as a query parameter carries it, checked: codes such as en, nl or pt-BR, at most 20. */
export function parseLangs(param: string): string[] | null {
  const langs = param.split(',');
  return langs.length <= 20 && langs.every((l) => /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(l)) ? langs : null;
}

/**
 * Whether a precache entry's group (build/build.ts gives each file one) is
 * needed: every word must hold, "kiosk" for a kiosk, "phone" for a worker's
 * linked phone (the device that keeps `only` its learner's modules),
 * "library" for every other device (it keeps every module, and searches
 * them) and a language code for a device that reads it. No group: every device.
 */
export function groupNeeded(group: string | undefined, needs: DeviceNeeds): boolean {
  const holds = (word: string) => (word === 'kiosk' ? needs.kiosk : word === 'phone' ? Boolean(needs.only) : word === 'library' ? !needs.only : needs.langs.includes(word));
  return !group || group.split(' ').every(holds);
}
