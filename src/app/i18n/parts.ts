import type { AppStrings } from './languages/en/app.ts';
import type { KioskStrings } from './languages/en/kiosk.ts';
import type { SyncStrings } from './languages/en/sync.ts';

/** The UI's string tables, one per part of the UI; English defines each one's keys and parameters. */
export interface StringParts {
  app: AppStrings;
  kiosk: KioskStrings;
  sync: SyncStrings;
}
export type Part = keyof StringParts;
export type { AppStrings, KioskStrings, SyncStrings };
