import { campaignFromWire, type Campaign } from '../shared/campaign/campaign.ts';
import { stepKey, type LearnerFacts } from '../shared/campaign/schedule.ts';
import type { ReviewRecord } from '../shared/sync/records.ts';
import { stampRecord } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';
import { markOnce, OPENED } from './learning-events.ts';
import type { ModuleRef } from './learning-store.ts';
import { announceOutboxChange } from './outbox-events.ts';

/**
 * The kiosk's side of campaigns: the definitions the roster brought, the
 * marks the rules read (a teaser read, a follow-up done, a module first
 * opened: learning-events.ts writes those with their events), and the
 * follow-up review log.
 */

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

/** The campaigns that reached this learner on this kiosk, once each: the funnel's "delivered". */
export async function noteDelivered(db: LearningDb, learnerId: string, campaignIds: readonly string[], day: string): Promise<void> {
  for (const id of campaignIds) await markOnce(db, learnerId, `delivered:${id}`, { type: 'delivered', subject: id }, day);
}

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
