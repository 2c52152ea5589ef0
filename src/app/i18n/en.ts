/** English UI strings. Every other language must provide the same keys (checked by the type). */
export const en = {
  langName: 'English',
  appTitle: 'Safety training',
  skipToContent: 'Skip to content',
  online: 'Online',
  offline: 'Offline: saved modules still work',
  needsHttps: 'Offline use needs HTTPS: this page was opened with http://, so the browser cannot keep the app and its modules on this device for when the connection drops. Ask IT for the https:// address.',
  savedOnDevice: (n: number, m: number) => `${n} of ${m} modules saved on this device`,
  savingModules: (n: number, m: number) => `Saving modules on this device: ${n} of ${m}…`,
  saveFailed: (reason: string) => `Could not save modules on this device: ${reason}. Trying again when the connection returns.`,
  catalogLoading: 'Loading the list of modules…',
  catalogUnavailable: 'The list of modules could not be loaded. Connect once to download them; after that they work offline.',
  modulesHeading: 'Modules',
  minutes: (n: number) => `${n} min`,
  progressLoading: 'Reading your progress…',
  status: { 'not-started': 'Not started', 'in-progress': 'In progress', passed: 'Passed' },
  sectionOf: (i: number, n: number) => `Section ${i} of ${n}`,
  saved: 'Saved on this device',
  notSaved: 'Not saved on this device yet',
  searchLabel: 'Search all saved modules',
  searchPlaceholder: 'For example: lockout steps',
  searchButton: 'Search',
  searchNoHits: (q: string) => `Nothing found for “${q}”.`,
  searchHits: (n: number) => (n === 1 ? '1 result' : `${n} results`),
  back: 'Back to modules',
  previous: 'Previous section',
  next: 'Next section',
  takeQuiz: 'Take the quiz',
  readAloud: 'Read aloud',
  stopReading: 'Stop reading',
  moduleNotSaved: 'This module is not saved on this device yet, and there is no connection. It will be saved the next time the device is online.',
  moduleNotFound: 'This module is no longer published.',
  moduleDamaged: 'This module cannot be shown: it is damaged or too complex for this device. Please tell your training team. The other modules work as usual.',
  quizHeading: (title: string) => `Quiz: ${title}`,
  quizIntro: (n: number, pass: number) => `${n} questions. You pass with ${pass}% or more. You can try as often as you need.`,
  selectAll: 'Select all that apply.',
  questionOf: (i: number, n: number) => `Question ${i} of ${n}`,
  answered: (a: number, n: number) => `${a} of ${n} answered`,
  submitAnswers: 'Check my answers',
  savingResult: 'Saving your result on this device…',
  resultSaveFailed: (reason: string) => `Your result could not be saved on this device: ${reason}. Your answers are kept; try again.`,
  resultHeading: 'Your result',
  passedMessage: (score: number) => `Passed with ${score}%. Well done.`,
  failedMessage: (score: number, pass: number) => `${score}%: not passed yet. You need ${pass}%. Read the explanations and try again.`,
  resultSaved: 'Saved on this device.',
  correct: 'Correct',
  incorrect: 'Not correct',
  yourAnswer: 'Your answer',
  rightAnswer: 'Correct answer',
  tryAgain: 'Try the quiz again',
  reread: 'Read the module again',
  updateApp: 'A new version of the app is ready.',
  updateNow: 'Update now',
  updating: 'Updating…',
  newModuleVersion: 'A newer version of this module has been published.',
  switchVersion: 'Open the new version',
  switchLanguage: 'Nederlands',
  switchLanguageLabel: 'Taal: Nederlands',
  notInYourLanguage: 'Only available in English',
  storageFull: 'this device is out of storage space',
} as const;

/** The shape every translation of a string table must have: same keys, same parameters. */
export type Translation<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : T[K] extends Record<string, string>
      ? { [S in keyof T[K]]: string }
      : string;
};

export type Strings = Translation<typeof en>;
