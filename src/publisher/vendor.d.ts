// @joplin/turndown-plugin-gfm ships no types; these are the two parts used here.
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export const tables: TurndownService.Plugin;
  export const gfm: TurndownService.Plugin;
}
