import type { Translation } from '../../translation.ts';

/**
 * Strings about sync (the status-bar line and the sync screen). They load with the sync UI after the first render, which never
 * shows sync state: the outbox is read only once IndexedDB is open.
 */
export const sync = {
  recordsWaiting: (n: number) => (n === 1 ? '1 record waiting to sync' : `${n} records waiting to sync`),
  sendingRecords: (n: number) => `Sending ${n} records to the server…`,
  allSynced: 'All records synced',
  notSetUpToSync: 'Not set up to sync: results stay on this device',
  syncFailure: {
    offline: 'no connection to the server',
    timeout: 'the server did not answer in time',
    server: 'the server could not store the records',
    refused: 'the server did not accept this device’s credential',
    revoked: 'an administrator revoked this kiosk’s enrollment; its records stay on this kiosk',
    'not-set-up': 'this device is not set up to sync yet',
    'bad-request': 'the server could not read the records',
  },
  lastSynced: (when: string) => `Last successful sync: ${when}`,
  neverSynced: 'Not synced with the server yet',
  syncFailedBecause: (reason: string) => `Last sync failed: ${reason}`,
  syncHeading: 'Sync with the company’s records',
  syncExplain: 'Results are saved on this device first and sent when there is a connection. Nothing leaves this device’s list until the server has confirmed it.',
  syncNow: 'Sync now',
  storagePersisted: 'The browser keeps these records even when space runs low.',
  storageNotPersisted: 'The browser may clear saved data when space runs low: let the device sync regularly.',
  rejectedHeading: 'Records the server refused',
  rejectedNone: 'None.',
  rejectedKeep: 'They are kept on this device. Show this list to your training administrator.',
  recordKind: { completion: 'Completion', attempt: 'Quiz attempt', checkpoint: 'Reading progress', signoff: 'Session sign-off', pin: 'PIN set-up', review: 'Follow-up answer', event: 'Learning event' },
  rejectedReason: (reason: string) => `Reason: ${reason}`,
} as const;

export type SyncStrings = Translation<typeof sync>;
