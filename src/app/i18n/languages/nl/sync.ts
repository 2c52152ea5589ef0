import type { SyncStrings } from '../en/sync.ts';

export const sync: SyncStrings = {
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
  recordKind: { completion: 'Afronding', attempt: 'Quizpoging', checkpoint: 'Leesvoortgang', signoff: 'Afgetekende sessie', pin: 'Pincode ingesteld', review: 'Antwoord op herhaling', event: 'Leergebeurtenis' },
  rejectedReason: (reason) => `Reden: ${reason}`,
};
