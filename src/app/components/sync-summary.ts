import type { Strings } from '../i18n/index.ts';
import type { SyncView } from '../services/sync-client.ts';

/** The one line about sync the status bar shows; words, never colour alone. */
export function syncSummary(t: Strings, view: SyncView): string {
  if (view.syncing && view.waiting > 0) return t.sendingRecords(view.waiting);
  if (view.waiting === 0) return t.allSynced;
  const failure = view.configured ? view.status.lastFailure : { code: 'not-set-up' as const };
  return failure ? `${t.recordsWaiting(view.waiting)}: ${t.syncFailure[failure.code]}` : t.recordsWaiting(view.waiting);
}
