import type { ComponentChildren } from 'preact';
import type { DeviceRecord } from '../../shared/sync/records.ts';
import type { SyncView } from '../services/sync-client.ts';
import { syncSummary } from '../components/sync-pill.tsx';
import type { SyncStrings } from '../i18n/index.ts';

interface Props {
  lang: string;
  s: SyncStrings;
  view: SyncView | null;
  onSyncNow: () => void;
  /** On a shared kiosk, a signed-in learner sees only their own refused records; null shows all. */
  onlyFor: string | null;
  /** What only some devices offer here: an enrolled kiosk's records on a USB stick. */
  children?: ComponentChildren;
}

/** Whom and what a record is about, in a few words. */
function subjectOf(record: DeviceRecord): string {
  if (record.kind === 'signoff') return `${record.topic} (${record.supervisorId}, ${record.attendees.map((a) => a.personId).join(', ')})`;
  if (record.kind === 'pin') return `${record.personId} (${record.supervisorId})`;
  if (record.kind === 'event') return `${record.type} ${record.subject} (${record.learnerId})`;
  return `${record.moduleId} (${record.learnerId})`;
}

const concerns = (record: DeviceRecord, person: string) =>
  record.kind === 'signoff' ? record.supervisorId === person : record.kind === 'pin' ? record.supervisorId === person : record.learnerId === person;

/** Everything about this device's sync, in words: what waits, when it last worked, why it last failed, what was refused. */
export function SyncScreen({ lang, s, view, onSyncNow, onlyFor, children }: Props) {
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const when = (ms: number) => dateTime.format(ms);
  const rejected = view?.rejected.filter((r) => onlyFor === null || concerns(r.record, onlyFor)) ?? [];
  return (
    <section data-testid="sync-screen">
      <h2>{s.syncHeading}</h2>
      <p>{s.syncExplain}</p>
      {view && (
        <>
          <p class="notice" data-testid="sync-summary">{syncSummary(s, view)}</p>
          <p data-testid="last-sync">{view.status.lastSuccessAt ? s.lastSynced(when(view.status.lastSuccessAt)) : s.neverSynced}</p>
          {view.status.lastFailure && (
            <p class="notice notice-error" data-testid="last-failure">
              {s.syncFailedBecause(s.syncFailure[view.status.lastFailure.code])} ({view.status.lastFailure.detail}, {when(view.status.lastFailure.at)})
            </p>
          )}
          {view.persisted !== null && <p data-testid="persistence">{view.persisted ? s.storagePersisted : s.storageNotPersisted}</p>}
          <button type="button" class="button" disabled={view.syncing || view.waiting === 0} onClick={onSyncNow}>{s.syncNow}</button>
          {children}
          <h3>{s.rejectedHeading}</h3>
          {rejected.length === 0 ? <p>{s.rejectedNone}</p> : (
            <>
              <p>{s.rejectedKeep}</p>
              <ul class="rejected" data-testid="rejected">
                {rejected.map(({ record, reason, rejectedAt }) => (
                  <li key={record.id}>
                    <strong>{s.recordKind[record.kind]}</strong>: {subjectOf(record)}, {when(record.at)}
                    <br />{s.rejectedReason(reason)} <small>({when(rejectedAt)}, {record.id})</small>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
