import type { AttemptRecord, EventRecord, LearningRecord } from '../../shared/sync/records.ts';
import { publishedKey } from '../../node/published-index.ts';
import { recordFromBody } from '../store/record-store.ts';

/**
 * Learning records are authorised by the kiosk's credential alone (a learner
 * signs in offline with a PIN the server never sees), so what a kiosk says is
 * checked for being possible: the module version was published here, and a
 * completion stands on a passed attempt of the same learner and version, sent
 * before it or in the same batch. Returns the reason for each refused record,
 * by its position in `items`.
 */
export async function implausible(
  items: readonly { record: LearningRecord | EventRecord }[],
  /** publishedKey() of every module version published on this server. */
  published: ReadonlySet<string>,
  storedBodies: (ids: readonly string[]) => Promise<Map<string, string>>,
): Promise<Map<number, string>> {
  const reasons = new Map<number, string>();
  const attempts = new Map<string, AttemptRecord>();
  const cited = items.flatMap(({ record: r }) => (r.kind === 'completion' ? [r.attemptId] : []));
  const stored = await storedBodies(cited);
  for (const [i, { record: r }] of items.entries()) {
    // Events say what a kiosk saw, not what a learner achieved: there is no version to check them against.
    if (r.kind === 'event') continue;
    if (!published.has(publishedKey({ id: r.moduleId, lang: r.lang, hash: r.moduleHash }))) {
      reasons.set(i, `moduleHash: ${r.moduleHash} is not a version of ${r.moduleId} (${r.lang}) published on this server`);
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

function storedAttempt(body: string | undefined, deviceId: string): AttemptRecord | null {
  if (!body) return null;
  const record = recordFromBody(body, deviceId);
  return record.kind === 'attempt' ? record : null;
}
