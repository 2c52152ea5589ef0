import { addDays } from '../shared/campaign/calendar-days.ts';
import { campaignFromWire, type Campaign } from '../shared/campaign/campaign.ts';
import { clockDay, stepKey, type LearnerFacts } from '../shared/campaign/schedule.ts';
import { localDate } from '../shared/roster/roster.ts';
import { dwellBucket, type EventRecord, type EventType, type ReviewRecord } from '../shared/sync/records.ts';
import { META, stampRecord, type MetaStore } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import type { ModuleRef } from './learning-store.ts';
import { announceOutboxChange } from './outbox-events.ts';

/**
 * The kiosk's side of campaigns: the definitions the roster brought, the
 * marks the rules read (a teaser read, a follow-up done, a module first
 * opened), the follow-up review log, and the learning events, each queued in
 * the outbox in the same transaction as the mark it goes with.
 */

/** The day the kiosk goes by, kept as the latest seen: a clock stepped back closes nothing. */
export async function kioskDay(db: LearningDb, now = Date.now()): Promise<string> {
  const tx = db.transaction('meta', 'readwrite');
  const day = clockDay(localDate(now), ((await tx.store.get(META.latestDay)) as string | undefined) ?? null);
  await tx.store.put(day, META.latestDay);
  await tx.done;
  return day;
}

/**
 * A clock set forward by mistake leaves its day behind as the latest seen,
 * and the kiosk would keep that future day after the clock is put right.
 * At each contact the server's date sets it back: the latest seen may run
 * ahead of the server's day by one day (time zones), no more.
 */
export async function settleDay(db: LearningDb, serverNow: number): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  const latest = (await tx.store.get(META.latestDay)) as string | undefined;
  const serverDay = localDate(serverNow);
  if (latest && latest > addDays(serverDay, 1)) await tx.store.put(serverDay, META.latestDay);
  await tx.done;
}

/** The mark of a module first opened on this kiosk: `opened:<module id>`, with the day. */
const OPENED = 'opened:';

export interface CampaignData {
  campaigns: Campaign[];
  facts: LearnerFacts;
}

/** Campaigns and what this kiosk knows of one learner, in one transaction. `passed` comes from the caller's completion facts. */
export async function readCampaigns(db: LearningDb, learnerId: string, passed: ReadonlySet<string>): Promise<CampaignData> {
  const tx = db.transaction(['campaigns', 'marks']);
  const [campaigns, marks] = await Promise.all([
    tx.objectStore('campaigns').getAll(),
    tx.objectStore('marks').getAll(IDBKeyRange.bound([learnerId, ''], [learnerId, '\uffff'])),
  ]);
  const opened = new Map(marks.filter((m) => m.key.startsWith(OPENED)).map((m) => [m.key.slice(OPENED.length), m.day]));
  return { campaigns: campaigns.map((c) => campaignFromWire(c.wire)), facts: { passed, opened, done: new Set(marks.map((m) => m.key)) } };
}

type Event = Pick<EventRecord, 'type' | 'subject'> & Partial<Pick<EventRecord, 'part' | 'bucket' | 'text'>>;

async function queueEvent(meta: MetaStore, outbox: { add(r: EventRecord): Promise<unknown> }, learnerId: string, e: Event): Promise<void> {
  const record = await stampRecord<EventRecord>(meta, { kind: 'event', learnerId, type: e.type, subject: e.subject, part: e.part ?? 0, bucket: e.bucket ?? 0, text: e.text ?? '' });
  await outbox.add(record);
}

/**
 * Writes a mark once, with the event it stands for. Returns false when the
 * mark was there already: nothing is queued twice.
 */
async function markOnce(db: LearningDb, learnerId: string, key: string, event: Event, day: string): Promise<boolean> {
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

/** The campaigns that reached this learner on this kiosk, once each: the funnel's "delivered". */
export async function noteDelivered(db: LearningDb, learnerId: string, campaignIds: readonly string[], day: string): Promise<void> {
  for (const id of campaignIds) await markOnce(db, learnerId, `delivered:${id}`, { type: 'delivered', subject: id }, day);
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
async function noteEvent(db: LearningDb, learnerId: string, event: Event): Promise<void> {
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

export async function listReviews(db: LearningDb, learnerId: string, moduleId: string): Promise<ReviewRecord[]> {
  return db.getAllFromIndex('reviews', 'by-learner-module', [learnerId, moduleId]);
}

/**
 * A finished follow-up deck: every answer as a review record in the outbox
 * and the review log, and the step marked done, in one transaction.
 */
export async function recordFollowUp(db: LearningDb, learnerId: string, ref: ModuleRef, answers: readonly { question: number; correct: boolean; at: number }[], stepKey: string, day: string): Promise<ReviewRecord[]> {
  const tx = db.transaction(['meta', 'reviews', 'marks', 'outbox'], 'readwrite');
  const meta = tx.objectStore('meta');
  const reviews: ReviewRecord[] = [];
  for (const a of answers) {
    const review = await stampRecord<ReviewRecord>(meta, { kind: 'review', learnerId, ...ref, question: a.question, correct: a.correct }, a.at);
    await tx.objectStore('reviews').add(review);
    await tx.objectStore('outbox').add(review);
    reviews.push(review);
  }
  await tx.objectStore('marks').put({ learnerId, key: stepKey, day });
  await tx.done;
  announceOutboxChange();
  return reviews;
}

/** Teaser read, as a mark and an event for the funnel. */
export const noteTeaserRead = (db: LearningDb, learnerId: string, campaignId: string, index: number, day: string) =>
  markOnce(db, learnerId, stepKey(campaignId, index), { type: 'teaser', subject: campaignId, part: index }, day);
