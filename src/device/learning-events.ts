import { dwellBucket, type EventRecord } from '../shared/sync/records.ts';
import { stampRecord, type MetaStore } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import { announceOutboxChange } from './outbox-events.ts';

/**
 * The learning events every device notes as a learner reads (opened, dwell,
 * useful, a poster's scan, a search that found nothing), each queued in the
 * outbox, with its mark where it is noted once. Apart from the kiosk's
 * campaign code (campaign-store.ts), which a phone never loads.
 */

/** The mark of a module first opened on this device: `opened:<module id>`, with the day. */
export const OPENED = 'opened:';

export type LearningEvent = Pick<EventRecord, 'type' | 'subject'> & Partial<Pick<EventRecord, 'part' | 'bucket' | 'text'>>;

async function queueEvent(meta: MetaStore, outbox: { add(r: EventRecord): Promise<unknown> }, learnerId: string, e: LearningEvent): Promise<void> {
  const record = await stampRecord<EventRecord>(meta, { kind: 'event', learnerId, type: e.type, subject: e.subject, part: e.part ?? 0, bucket: e.bucket ?? 0, text: e.text ?? '' });
  await outbox.add(record);
}

/**
 * Writes a mark once, with the event it stands for. Returns false when the
 * mark was there already: nothing is queued twice.
 */
export async function markOnce(db: LearningDb, learnerId: string, key: string, event: LearningEvent, day: string): Promise<boolean> {
  const tx = db.transaction(['meta', 'marks', 'outbox'], 'readwrite');
  const marks = tx.objectStore('marks');
  if (await marks.get([learnerId, key])) {
    await tx.done;
    return false;
  }
  await marks.put({ learnerId, key, day });
  await queueEvent(tx.objectStore('meta'), tx.objectStore('outbox'), learnerId, event);
  await tx.done;
  announceOutboxChange();
  return true;
}


export const noteOpened = (db: LearningDb, learnerId: string, moduleId: string, day: string) =>
  markOnce(db, learnerId, `${OPENED}${moduleId}`, { type: 'opened', subject: moduleId }, day);

const USEFUL = 'useful:';

/** Whether this learner has said if a module was useful: it is asked once. */
export async function saidUseful(db: LearningDb, learnerId: string, moduleId: string): Promise<boolean> {
  return (await db.get('marks', [learnerId, `${USEFUL}${moduleId}`])) !== undefined;
}

/** "Was this useful?" after passing, one tap (Kirkpatrick's reaction): once per learner and module, only ever read aggregated. */
export const noteUseful = (db: LearningDb, learnerId: string, moduleId: string, useful: boolean, day: string) =>
  markOnce(db, learnerId, `${USEFUL}${moduleId}`, { type: 'useful', subject: moduleId, bucket: useful ? 1 : 0 }, day);

/** An event with no mark: each one is queued. */
async function noteEvent(db: LearningDb, learnerId: string, event: LearningEvent): Promise<void> {
  const tx = db.transaction(['meta', 'outbox'], 'readwrite');
  await queueEvent(tx.objectStore('meta'), tx.objectStore('outbox'), learnerId, event);
  await tx.done;
  announceOutboxChange();
}

/** How long a section was open, kept only as a bucket (shared/sync/records.ts DWELL_BUCKETS). */
export const noteDwell = (db: LearningDb, learnerId: string, moduleId: string, section: number, seconds: number) =>
  noteEvent(db, learnerId, { type: 'dwell', subject: moduleId, part: section, bucket: dwellBucket(seconds) });

/** A module opened from a poster's code: each scan counts (the placement report's opens). */
export const noteScanned = (db: LearningDb, learnerId: string, code: string) => noteEvent(db, learnerId, { type: 'scanned', subject: code });

/** A search that found nothing: it shows L&D what content is missing. */
export const noteSearchMiss = (db: LearningDb, learnerId: string, query: string) =>
  noteEvent(db, learnerId, { type: 'search-miss', subject: '', text: query.trim().slice(0, 80) });
