import type { Attendance, PinRecord, SessionType, SignoffRecord } from '../shared/sync/records.ts';
import { stampRecord } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import { announceOutboxChange } from './outbox-events.ts';

export interface SessionDraft {
  supervisorId: string;
  sessionType: SessionType;
  date: string;
  topic: string;
  attendees: Attendance[];
}

/** Queues a signed-off session for the server; from here on it is the outbox's to deliver. */
export async function recordSignoff(db: LearningDb, draft: SessionDraft): Promise<SignoffRecord> {
  const tx = db.transaction(['meta', 'outbox'], 'readwrite');
  const record = await stampRecord<SignoffRecord>(tx.objectStore('meta'), { kind: 'signoff', ...draft, topic: draft.topic.trim() });
  await tx.objectStore('outbox').add(record);
  await tx.done;
  announceOutboxChange();
  return record;
}

/** Queues a PIN set-up for the server and lets the learner sign in on this kiosk at once. */
export async function recordPin(db: LearningDb, supervisorId: string, personId: string, credential: string): Promise<PinRecord> {
  const tx = db.transaction(['meta', 'outbox', 'people', 'lockouts'], 'readwrite');
  const record = await stampRecord<PinRecord>(tx.objectStore('meta'), { kind: 'pin', supervisorId, personId, credential });
  await tx.objectStore('outbox').add(record);
  const person = await tx.objectStore('people').get(personId);
  if (person) await tx.objectStore('people').put({ ...person, pin: credential });
  // A supervisor's reset also lifts a lock.
  await tx.objectStore('lockouts').delete(personId);
  await tx.done;
  announceOutboxChange();
  return record;
}
