import type { AttemptRecord, EventRecord, LearningRecord, ReviewRecord } from '../../shared/sync/records.ts';
import { publishedKey, type PublishedVersions } from '../../node/published-index.ts';
import { recordFromBody } from '../store/record-store.ts';

/** What the checks read beyond the batch, each asked only when the batch needs it. */
export interface PlausibilityContext {
  /** Every module version published on this server, with its follow-up question count where known. */
  published: PublishedVersions;
  storedBodies: (ids: readonly string[]) => Promise<Map<string, string>>;
  /** "learner module" for each of these learners' stored completions. */
  completed: (learnerIds: readonly string[]) => Promise<Set<string>>;
  /** Campaigns that run or ran at the device's site. */
  siteCampaigns: () => Promise<Set<string>>;
  /** Short codes made at the device's site, retired ones too (a scan may have waited on the device since). */
  siteCodes: () => Promise<Set<string>>;
}

/**
 * Learning records are authorised by the kiosk's credential alone (a learner
 * signs in offline with a PIN the server never sees), so what a kiosk says is
 * checked for being possible: the module version was published here; a
 * completion stands on a passed attempt of the same learner and version, sent
 * before it or in the same batch; a follow-up answer names a question that
 * version has, by a learner who passed the module; an event names a module
 * published here, or a campaign or a poster's code of the device's site. Returns the reason for
 * each refused record, by its position in `items`.
 */
export async function implausible(items: readonly { record: LearningRecord | EventRecord }[], context: PlausibilityContext): Promise<Map<number, string>> {
  const reasons = new Map<number, string>();
  const attempts = new Map<string, AttemptRecord>();
  const cited = items.flatMap(({ record: r }) => (r.kind === 'completion' ? [r.attemptId] : []));
  const stored = await context.storedBodies(cited);
  const reviewers = [...new Set(items.flatMap(({ record: r }) => (r.kind === 'review' ? [r.learnerId] : [])))];
  const completed = reviewers.length ? await context.completed(reviewers) : new Set<string>();
  const inBatch = new Set(items.flatMap(({ record: r }) => (r.kind === 'completion' ? [`${r.learnerId} ${r.moduleId}`] : [])));
  // Both only for a batch whose events need them: most batches carry none, and the published list grows with every publish.
  let moduleIds: Set<string | undefined> | null = null;
  let campaigns: Set<string> | null = null;
  let codes: Set<string> | null = null;
  const lookups = {
    publishedIds: () => (moduleIds ??= new Set([...context.published.keys()].map((k) => k.split(' ')[0]))),
    siteCampaigns: async () => (campaigns ??= await context.siteCampaigns()),
    siteCodes: async () => (codes ??= await context.siteCodes()),
  };
  for (const [i, { record: r }] of items.entries()) {
    if (r.kind === 'event') {
      const reason = await eventProblem(r, lookups);
      if (reason) reasons.set(i, reason);
      continue;
    }
    const key = publishedKey({ id: r.moduleId, lang: r.lang, hash: r.moduleHash });
    if (!context.published.has(key)) {
      reasons.set(i, `moduleHash: ${r.moduleHash} is not a version of ${r.moduleId} (${r.lang}) published on this server`);
      continue;
    }
    if (r.kind === 'review') {
      const reason = reviewProblem(r, context.published.get(key) ?? null, completed.has(`${r.learnerId} ${r.moduleId}`) || inBatch.has(`${r.learnerId} ${r.moduleId}`));
      if (reason) reasons.set(i, reason);
      continue;
    }
    if (r.kind === 'attempt') attempts.set(r.id, r);
    if (r.kind !== 'completion') continue;
    const attempt = attempts.get(r.attemptId) ?? storedAttempt(stored.get(r.attemptId), r.deviceId);
    const backs = attempt && attempt.passed && attempt.learnerId === r.learnerId && attempt.moduleId === r.moduleId
      && attempt.moduleHash === r.moduleHash && attempt.score === r.score;
    if (!backs) reasons.set(i, `attemptId: no passed attempt ${r.attemptId} by ${r.learnerId} for this module version and score stands behind this completion`);
  }
  return reasons;
}

/** A follow-up answer is about a question the version has (its quiz, then its own follow-ups), by someone who passed the module. */
function reviewProblem(r: ReviewRecord, questions: number | null, passed: boolean): string | null {
  // A version published before counts were kept says nothing here: the wire schema's bound is all there is.
  if (questions !== null && r.question >= questions) return `question: ${r.moduleId} (${r.lang}) version ${r.moduleHash} has ${questions} follow-up questions, not a question ${r.question + 1}`;
  if (!passed) return `learnerId: ${r.learnerId} has no completion of ${r.moduleId} here: follow-ups come after the module is passed`;
  return null;
}

/** What an event names must exist: a campaign of the device's site (delivered, teaser), a module published here (opened, dwell, useful), nothing (a search). */
async function eventProblem(r: EventRecord, { publishedIds, siteCampaigns, siteCodes }: Record<'siteCampaigns' | 'siteCodes', () => Promise<Set<string>>> & { publishedIds: () => ReadonlySet<string | undefined> }): Promise<string | null> {
  switch (r.type) {
    case 'delivered':
    case 'teaser':
      return (await siteCampaigns()).has(r.subject) ? null : `subject: no campaign "${r.subject}" runs at this kiosk's site`;
    case 'opened':
    case 'dwell':
      return publishedIds().has(r.subject) ? null : `subject: no module "${r.subject}" is published on this server`;
    case 'scanned':
      return (await siteCodes()).has(r.subject) ? null : `subject: no poster code "${r.subject}" was made for this kiosk's site`;
    case 'search-miss':
      return r.subject === '' ? null : 'subject: a search names no module or campaign';
    case 'useful':
      if (r.bucket > 1) return 'bucket: "was this useful?" is 1 (yes) or 0 (not really)';
      return publishedIds().has(r.subject) ? null : `subject: no module "${r.subject}" is published on this server`;
  }
}

function storedAttempt(body: string | undefined, deviceId: string): AttemptRecord | null {
  if (!body) return null;
  const record = recordFromBody(body, deviceId);
  return record.kind === 'attempt' ? record : null;
}
