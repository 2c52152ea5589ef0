import type { LearningDb } from '../../device/learning-db.ts';
import { readRosterAndCompletions, type Roster } from '../../device/roster-store.ts';
import type { CompletionFacts } from './completion-state.ts';

/** The roster and completion facts the kiosk screens read, fresh from IndexedDB each time a screen opens. */
export type KioskData = Roster & { facts: CompletionFacts };

export async function loadKioskData(db: LearningDb): Promise<KioskData> {
  const { completions, ...roster } = await readRosterAndCompletions(db);
  return { ...roster, facts: completions };
}

/** A date as the learner's language writes it. */
export function formatDay(lang: string, isoDate: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
