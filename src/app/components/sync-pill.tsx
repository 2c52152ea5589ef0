import type { SyncStrings } from '../i18n/index.ts';
import type { SyncView } from '../services/sync-client.ts';
import { Link } from './link.tsx';

/** The one line about sync: words, never colour alone. */
export function syncSummary(s: SyncStrings, view: SyncView): string {
  // A device that is not set up to sync has synced nothing, however little waits.
  if (view.waiting === 0) return view.configured ? s.allSynced : s.notSetUpToSync;
  if (view.syncing && view.online) return s.sendingRecords(view.waiting);
  const failure = !view.configured ? { code: 'not-set-up' as const } : !view.online ? { code: 'offline' as const } : view.status.lastFailure;
  return failure ? `${s.recordsWaiting(view.waiting)}: ${s.syncFailure[failure.code]}` : s.recordsWaiting(view.waiting);
}

/** The status bar's sync entry, linking to the sync details. Loaded with the sync client, after the first render. */
export function SyncPill({ s, view }: { s: SyncStrings; view: SyncView }) {
  const warn = view.waiting > 0 && (view.status.lastFailure !== null || !view.configured || !view.online);
  return (
    <span data-testid="sync-state">
      <Link to={{ name: 'sync' }} class={warn ? 'pill pill-warn' : 'pill'}>{syncSummary(s, view)}</Link>
    </span>
  );
}
