import type { Answers } from '../shared/quiz.ts';
import type { AttemptRecord, CompletionRecord } from '../shared/sync/records.ts';
import { deviceIdIn, META } from './device-meta.ts';
import type { UpgradeTx } from './learning-schema.ts';

/** A version-1 record: written before sync existed, with an ISO time and no device sequence. */
interface V1Record {
  id: string; learnerId: string; moduleId: string; lang: string; moduleHash: string; at: string;
  answers?: Answers; correct?: number; total?: number; score: number; passed?: boolean; attemptId?: string;
}

/**
 * Brings version-1 attempts and completions into the sync format and queues
 * them: a result the app already showed must still reach the server. Attempts
 * go first, in time order, so each completion follows the attempt it cites.
 */
export async function upgradeV1Records(tx: UpgradeTx): Promise<void> {
  const meta = tx.objectStore('meta');
  const deviceId = await deviceIdIn(meta);
  let seq = ((await meta.get(META.nextSeq)) as number | undefined) ?? 1;
  const byTime = (a: V1Record, b: V1Record) => a.at.localeCompare(b.at);
  const attempts = ((await tx.objectStore('attempts').getAll()) as unknown as V1Record[]).sort(byTime);
  const completions = ((await tx.objectStore('completions').getAll()) as unknown as V1Record[]).sort(byTime);
  const base = (r: V1Record) => ({ id: r.id, deviceId, seq: seq++, at: Date.parse(r.at), learnerId: r.learnerId, moduleId: r.moduleId, lang: r.lang, moduleHash: r.moduleHash });
  for (const r of attempts) {
    const record: AttemptRecord = { kind: 'attempt', ...base(r), answers: r.answers ?? [], correct: r.correct ?? 0, total: r.total ?? 0, score: r.score, passed: r.passed ?? false };
    await tx.objectStore('attempts').put(record);
    await tx.objectStore('outbox').put(record);
  }
  for (const r of completions) {
    const record: CompletionRecord = { kind: 'completion', ...base(r), attemptId: r.attemptId ?? '', score: r.score };
    await tx.objectStore('completions').put(record);
    await tx.objectStore('outbox').put(record);
  }
  await meta.put(seq, META.nextSeq);
}
