import type { KnownCompletion } from '../../shared/roster/roster.ts';
import type { CompletionRecord } from '../../shared/sync/records.ts';

/** What a kiosk can honestly say about one learner and one module. */
export type KioskCompletion = 'synced' | 'waiting' | 'not-done';

export interface CompletionFacts {
  /** Completions the server told this kiosk it holds, from any device. */
  known: readonly KnownCompletion[];
  /** Completions made on this kiosk. */
  local: readonly CompletionRecord[];
  /** Ids still in this kiosk's outbox. */
  queued: ReadonlySet<string>;
}

/**
 * Done and synced when the server has it (it said so, or acknowledged this
 * kiosk's record); done and waiting when only this kiosk's outbox has it;
 * otherwise not done. Pure, for the learner's list and the supervisor's table.
 */
export function completionState(learnerId: string, moduleId: string, facts: CompletionFacts): KioskCompletion {
  if (facts.known.some((k) => k.learnerId === learnerId && k.moduleId === moduleId)) return 'synced';
  const mine = facts.local.filter((c) => c.learnerId === learnerId && c.moduleId === moduleId);
  if (mine.some((c) => !facts.queued.has(c.id))) return 'synced';
  return mine.length ? 'waiting' : 'not-done';
}

/** Modules a learner has done, synced or waiting: what a campaign counts as passed. */
export function passedModules(learnerId: string, facts: CompletionFacts): Set<string> {
  return new Set([...facts.known, ...facts.local].filter((c) => c.learnerId === learnerId).map((c) => c.moduleId));
}
