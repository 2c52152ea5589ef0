import type { SyncStrings } from '../en/sync.ts';
import { plural } from '../../../../shared/plural.ts';

const count = plural('pl');
const records = (n: number) => `${n} ${count(n, { one: 'wpis', few: 'wpisy', other: 'wpisów' })}`;

export const sync: SyncStrings = {
  recordsWaiting: (n) => `${records(n)} ${count(n, { one: 'czeka', few: 'czekają', other: 'czeka' })} na synchronizację`,
  sendingRecords: (n) => `Wysyłanie na serwer: ${records(n)}…`,
  allSynced: 'Wszystkie wpisy zsynchronizowane',
  notSetUpToSync: 'Brak synchronizacji na tym urządzeniu: wyniki zostają na nim',
  syncFailure: {
    offline: 'brak połączenia z serwerem',
    timeout: 'serwer nie odpowiedział na czas',
    server: 'serwer nie mógł zapisać wpisów',
    refused: 'serwer nie przyjął klucza tego urządzenia',
    revoked: 'administrator cofnął rejestrację tego kiosku; wpisy pozostają na tym kiosku',
    'not-set-up': 'to urządzenie nie jest jeszcze skonfigurowane do synchronizacji',
    'bad-request': 'serwer nie mógł odczytać wpisów',
  },
  lastSynced: (when) => `Ostatnia udana synchronizacja: ${when}`,
  neverSynced: 'Jeszcze nie zsynchronizowano z serwerem',
  syncFailedBecause: (reason) => `Ostatnia synchronizacja nie powiodła się: ${reason}`,
  syncHeading: 'Synchronizacja z ewidencją firmy',
  syncExplain: 'Wyniki są najpierw zapisywane na tym urządzeniu i wysyłane, gdy jest połączenie. Nic nie znika z listy tego urządzenia, dopóki serwer tego nie potwierdzi.',
  syncNow: 'Synchronizuj teraz',
  storagePersisted: 'Przeglądarka zachowuje te wpisy nawet wtedy, gdy brakuje miejsca.',
  storageNotPersisted: 'Przeglądarka może usunąć zapisane dane, gdy brakuje miejsca: synchronizuj urządzenie regularnie.',
  rejectedHeading: 'Wpisy odrzucone przez serwer',
  rejectedNone: 'Brak.',
  rejectedKeep: 'Są przechowywane na tym urządzeniu. Pokaż tę listę administratorowi szkoleń.',
  recordKind: { completion: 'Ukończenie', attempt: 'Podejście do testu', checkpoint: 'Postęp czytania', signoff: 'Zatwierdzona sesja', pin: 'Ustawienie PIN-u', review: 'Odpowiedź w powtórce', event: 'Zdarzenie nauki' },
  rejectedReason: (reason) => `Powód: ${reason}`,
};
