import { v7 as uuidv7 } from 'uuid';
import { signProof } from '../shared/kiosk/credential.ts';
import type { Attendance, PinRecord, SessionType, SignoffRecord } from '../shared/sync/records.ts';
import { proofPayload } from '../shared/sync/wire.ts';
import { sessionKey } from '../shared/campaign/schedule.ts';
import { deviceIdIn, stampRecord } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import { announceOutboxChange } from './outbox-events.ts';
import { errorOf } from './kiosk-client.ts';
import { deviceId, deviceToken } from './outbox-store.ts';
import { PHONE_LINK_URL, phoneLinkPayload, type PhoneLinkAnswer } from '../shared/roster/roster.ts';

export interface SessionDraft {
  supervisorId: string;
  sessionType: SessionType;
  date: string;
  topic: string;
  attendees: Attendance[];
}

type Signed<R extends SignoffRecord | PinRecord> = Omit<R, 'id' | 'deviceId' | 'seq' | 'at' | 'proof'>;

/**
 * Signs a supervisor's record with the key their passphrase unlocked. WebCrypto
 * cannot run inside an IndexedDB transaction (it would commit on the wait), so
 * the id and time are fixed first, the proof made, and only the sequence
 * number, which the proof leaves out, is given inside the outbox transaction.
 */
async function sign<R extends SignoffRecord | PinRecord>(db: LearningDb, key: CryptoKey, fields: Signed<R>): Promise<{ fields: Signed<R> & { proof: string }; id: string; at: number }> {
  const id = uuidv7();
  const at = Date.now();
  const tx = db.transaction('meta', 'readwrite');
  const deviceId = await deviceIdIn(tx.objectStore('meta'));
  await tx.done;
  const proof = await signProof(key, proofPayload({ ...fields, id, at, deviceId, seq: 0, proof: '' } as unknown as R));
  return { fields: { ...fields, proof }, id, at };
}

/**
 * Queues a signed-off session for the server; from here on it is the outbox's
 * to deliver. A campaign's session step with this topic is done for everyone attending.
 */
export async function recordSignoff(db: LearningDb, key: CryptoKey, draft: SessionDraft): Promise<SignoffRecord> {
  const signed = await sign<SignoffRecord>(db, key, { kind: 'signoff', ...draft, topic: draft.topic.trim() });
  const tx = db.transaction(['meta', 'outbox', 'marks'], 'readwrite');
  const record = await stampRecord<SignoffRecord>(tx.objectStore('meta'), signed.fields, signed.at, signed.id);
  await tx.objectStore('outbox').add(record);
  for (const a of draft.attendees) await tx.objectStore('marks').put({ learnerId: a.personId, key: sessionKey(draft.topic), day: draft.date });
  await tx.done;
  announceOutboxChange();
  return record;
}

/** Queues a PIN set-up for the server and lets the learner sign in on this kiosk at once. */
export async function recordPin(db: LearningDb, key: CryptoKey, supervisorId: string, personId: string, credential: string): Promise<PinRecord> {
  const signed = await sign<PinRecord>(db, key, { kind: 'pin', supervisorId, personId, credential });
  const tx = db.transaction(['meta', 'outbox', 'people', 'lockouts'], 'readwrite');
  const record = await stampRecord<PinRecord>(tx.objectStore('meta'), signed.fields, signed.at, signed.id);
  await tx.objectStore('outbox').add(record);
  const person = await tx.objectStore('people').get(personId);
  if (person) await tx.objectStore('people').put({ ...person, pin: credential });
  // A supervisor's reset also lifts a lock.
  await tx.objectStore('lockouts').delete(personId);
  await tx.done;
  announceOutboxChange();
  return record;
}

/**
 * Asks the server for a worker's one-time phone link, as the supervisor
 * signed in on this kiosk: their proof (made with the key their passphrase
 * unlocked) says who asks. Needs a connection; throws with the server's words.
 */
export async function requestPhoneLink(db: LearningDb, signingKey: CryptoKey, supervisorId: string, personId: string, at = Date.now()): Promise<PhoneLinkAnswer> {
  const token = await deviceToken(db);
  if (!token) throw new Error('this kiosk is not enrolled');
  const proof = await signProof(signingKey, phoneLinkPayload(await deviceId(db), supervisorId, personId, at));
  const res = await fetch(PHONE_LINK_URL, {
    method: 'POST', cache: 'no-store', signal: AbortSignal.timeout(30_000),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ supervisorId, personId, at, proof }),
  });
  if (!res.ok) throw new Error(await errorOf(res));
  return (await res.json()) as PhoneLinkAnswer;
}
