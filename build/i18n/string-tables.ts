/**
 * The UI's string tables: JSON files of ICU messages, one per language and
 * part, which translation tools read and write. English defines each table's
 * keys, and (in a `.params.json` beside it) the order of a message's
 * arguments where it has more than one. generate.ts checks every translation
 * against English and compiles each file into the TypeScript module beside it.
 */
export interface StringTable {
  /** The JSON file, relative to the repository, with `{lang}` for the language. */
  source: string;
  /** Where the languages are: one folder each (`{lang}` is a folder), or one file each. */
  languages: 'folders' | 'files';
  /** The object the module exports: the part's name, or the language's code. */
  exportName: (lang: string) => string;
  /** The type every translation is checked against, and the import that brings it. */
  typeName: string;
  typeImport: string;
  /** English only: the module's other lines (imports, the type), and whether its object is `as const`. */
  englishImports: string;
  englishTypes: string;
  asConst: boolean;
  /** English tables whose keys a translation must also have, in the same file (the app's module screens). */
  alsoFrom?: string[];
  /** Only in English: travels with the screens that use it, and translations keep it in another table's file. */
  englishOnly?: boolean;
  /** The shared plural rules, relative to the generated module. */
  pluralImport: string;
}

const APP = 'src/app/i18n/languages/{lang}';
const appPart = (part: string, typeName: string, extra: Partial<StringTable> = {}): StringTable => ({
  source: `${APP}/${part}.json`,
  languages: 'folders',
  exportName: () => part,
  typeName,
  typeImport: `import type { ${typeName} } from '../en/${part}.ts';`,
  englishImports: "import type { Translation } from '../../translation.ts';",
  englishTypes: `export type ${typeName} = Translation<typeof ${part}>;`,
  asConst: true,
  pluralImport: '../../../../shared/plural.ts',
  ...extra,
});

export const STRING_TABLES: StringTable[] = [
  appPart('app', 'AppStrings', {
    alsoFrom: [`${APP}/app-screens.json`],
    englishImports: "import type { Translation } from '../../translation.ts';\nimport type { appScreens } from './app-screens.ts';",
    englishTypes: '/** A translation of `app` has the module screens\' strings too, in one file per language. */\nexport type AppStrings = Translation<typeof app & typeof appScreens>;',
  }),
  {
    ...appPart('app-screens', 'AppStrings'),
    exportName: () => 'appScreens',
    englishImports: '',
    englishTypes: '',
    englishOnly: true,
  },
  appPart('kiosk', 'KioskStrings'),
  appPart('sync', 'SyncStrings'),
  appPart('transfer', 'TransferStrings'),
  {
    source: 'src/console/i18n/{lang}.json',
    languages: 'files',
    exportName: (lang) => lang,
    typeName: 'ConsoleStrings',
    typeImport: "import type { ConsoleStrings } from './en.ts';",
    englishImports: '',
    englishTypes: '/** Every other language is typed against English. */\nexport type ConsoleStrings = typeof en;',
    asConst: false,
    pluralImport: '../../shared/plural.ts',
  },
  {
    // Posters and the page an unknown code gets: made by the server, in the site's language (and a second one).
    source: 'src/server/posters/i18n/{lang}.json',
    languages: 'files',
    exportName: (lang) => lang,
    typeName: 'PosterStrings',
    typeImport: "import type { PosterStrings } from './en.ts';",
    englishImports: '',
    englishTypes: '/** Every other language is typed against English. */\nexport type PosterStrings = typeof en;',
    asConst: false,
    pluralImport: '../../../shared/plural.ts',
  },
];
