import type { Translation } from '../../translation.ts';
import type { appScreens } from './app-screens.ts';

/** Strings of the first screen: they ship with the first render in English (the module screens' are in app-screens.ts). */
export const app = {
  appTitle: 'Safety training',
  skipToContent: 'Skip to content',
  language: 'Language',
  online: 'Online',
  offline: 'Offline: saved modules still work',
  needsHttps: 'Offline use needs HTTPS: this page was opened with http://, so the browser cannot keep the app and its modules on this device for when the connection drops. Ask IT for the https:// address.',
  savedOnDevice: (n: number, m: number, languages: string) => `${n} of ${m} modules saved on this device${languages && ` (${languages})`}`,
  savingModules: (n: number, m: number) => `Saving modules on this device: ${n} of ${m}…`,
  saveRetrying: 'Modules could not be saved yet. Trying again by itself.',
  catalogLoading: 'Loading the list of modules…',
  catalogUnavailable: 'The list of modules could not be loaded. Connect once to download them; after that they work offline.',
  modulesHeading: 'Modules',
  minutes: (n: number) => `${n} min`,
  progressLoading: 'Reading your progress…',
  status: { 'not-started': 'Not started', 'in-progress': 'In progress', passed: 'Passed' },
  notSaved: 'Not saved on this device yet',
  searchLabel: 'Search all saved modules',
  searchPlaceholder: 'For example: lockout steps',
  searchButton: 'Search',
  searchNoHits: (q: string) => `Nothing found for “${q}”.`,
  searchHits: (n: number) => (n === 1 ? '1 result' : `${n} results`),
  updateApp: 'A new version of the app is ready.',
  updateNow: 'Update now',
  updating: 'Updating…',
  notInYourLanguage: 'Only available in English',
} as const;

/** A translation of `app` has the module screens' strings too, in one file per language. */
export type AppStrings = Translation<typeof app & typeof appScreens>;
