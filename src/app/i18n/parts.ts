import type { AppStrings } from './languages/en/app.ts';
import type { KioskStrings } from './languages/en/kiosk.ts';
import type { SyncStrings } from './languages/en/sync.ts';
import type { TransferStrings } from './languages/en/transfer.ts';

/** The UI's string tables, one per part of the UI; English defines each one's keys and parameters. */
export interface StringParts {
  app: AppStrings;
  kiosk: KioskStrings;
  sync: SyncStrings;
  /** Records and content on a USB stick: an enrolled kiosk's only. */
  transfer: TransferStrings;
}
export type Part = keyof StringParts;
export type { AppStrings, KioskStrings, SyncStrings, TransferStrings };
