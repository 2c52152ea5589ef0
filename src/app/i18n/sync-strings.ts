import type { Translation } from './en.ts';

/**
 * Strings about sync (the status-bar line and the sync screen), in every UI
 * language. They load with the sync UI after the first render, which never
 * shows sync state: the outbox is read only once IndexedDB is open.
 */
const en = {
  recordsWaiting: (n: number) => (n === 1 ? '1 record waiting to sync' : `${n} records waiting to sync`),
  sendingRecords: (n: number) => `Sending ${n} records to the server…`,
  allSynced: 'All records synced',
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
  recordKind: { completion: 'Completion', attempt: 'Quiz attempt', checkpoint: 'Reading progress', signoff: 'Session sign-off', pin: 'PIN set-up' },
  rejectedReason: (reason: string) => `Reason: ${reason}`,
} as const;

export type SyncStrings = Translation<typeof en>;

const nl: SyncStrings = {
  recordsWaiting: (n) => (n === 1 ? '1 registratie wacht op verzending' : `${n} registraties wachten op verzending`),
  sendingRecords: (n) => `${n} registraties worden naar de server gestuurd…`,
  allSynced: 'Alle registraties zijn verzonden',
  syncFailure: {
    offline: 'geen verbinding met de server',
    timeout: 'de server antwoordde niet op tijd',
    server: 'de server kon de registraties niet opslaan',
    refused: 'de server accepteerde de sleutel van dit apparaat niet',
    revoked: 'een beheerder heeft de registratie van deze kiosk ingetrokken; de registraties blijven op deze kiosk',
    'not-set-up': 'dit apparaat is nog niet ingesteld om te verzenden',
    'bad-request': 'de server kon de registraties niet lezen',
  },
  lastSynced: (when) => `Laatst gelukt: ${when}`,
  neverSynced: 'Nog niet met de server gesynchroniseerd',
  syncFailedBecause: (reason) => `Laatste verzending mislukt: ${reason}`,
  syncHeading: 'Synchroniseren met de bedrijfsadministratie',
  syncExplain: 'Resultaten worden eerst op dit apparaat opgeslagen en verzonden zodra er verbinding is. Niets verdwijnt uit de lijst van dit apparaat voordat de server het heeft bevestigd.',
  syncNow: 'Nu verzenden',
  storagePersisted: 'De browser bewaart deze registraties, ook als de ruimte opraakt.',
  storageNotPersisted: 'De browser kan opgeslagen gegevens wissen als de ruimte opraakt: laat het apparaat regelmatig verzenden.',
  rejectedHeading: 'Registraties die de server weigerde',
  rejectedNone: 'Geen.',
  rejectedKeep: 'Ze blijven op dit apparaat bewaard. Laat deze lijst zien aan de trainingsbeheerder.',
  recordKind: { completion: 'Afronding', attempt: 'Quizpoging', checkpoint: 'Leesvoortgang', signoff: 'Afgetekende sessie', pin: 'Pincode ingesteld' },
  rejectedReason: (reason) => `Reden: ${reason}`,
};

const BY_LANG: Record<string, SyncStrings> = { en, nl };

export function syncStringsFor(lang: string): SyncStrings {
  return BY_LANG[lang] ?? en;
}
