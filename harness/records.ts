import { v7 as uuidv7 } from 'uuid';
import { dwellBucket, type AttemptRecord, type CheckpointRecord, type CompletionRecord, type EventRecord, type LearningRecord, type ReviewRecord } from '../src/shared/sync/records.ts';

/** A module version as a record names it. */
export interface ModuleRef { moduleId: string; lang: string; moduleHash: string }

/**
 * Modules as a plant's catalog has them: a few ids, two languages, 12-hex content hashes. Never
 * published anywhere: a server with its content folder refuses records of them (plausibility.ts);
 * suites that go through it use published-course.ts's versions.
 */
export const MODULES: readonly ModuleRef[] = [
  { moduleId: 'lockout-tagout', lang: 'en', moduleHash: '3fa9c2b17d0e' },
  { moduleId: 'lockout-tagout', lang: 'nl', moduleHash: '65498bc2676b' },
  { moduleId: 'chemical-labels', lang: 'en', moduleHash: 'e820a5437e71' },
  { moduleId: 'ppe-basics', lang: 'en', moduleHash: '381430386ed6' },
  { moduleId: 'forklift-pedestrians', lang: 'nl', moduleHash: 'b3cdba663dd1' },
  { moduleId: 'fire-extinguishers', lang: 'en', moduleHash: 'ab4aeb0b42ec' },
];

/** A small deterministic PRNG, so a failing property or a bench figure can be reproduced. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One device's records over a shift: different learners (employee numbers),
 * modules (of `modules`, MODULES unless given), scores and times, in device
 * order. With `mixed`, each completion follows the reading checkpoint and the
 * passed attempt (same score) it stands on, as a kiosk makes them; alone, a
 * completion cites an attempt that is not there.
 */
export function shiftOfRecords(options: { deviceId: string; count: number; seed: number; kinds?: 'completions' | 'mixed'; start?: number; modules?: readonly ModuleRef[] }): LearningRecord[] {
  const random = prng(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  let at = options.start ?? Date.UTC(2026, 10, 20, 6, 0);
  let seq = 1;
  const out: LearningRecord[] = [];
  while (out.length < options.count) {
    at += Math.floor(random() * 900_000);
    const base = () => ({ id: uuidv7({ msecs: at }), deviceId: options.deviceId, seq: seq++, at, learnerId: `E${10000 + Math.floor(random() * 150)}`, ...pick(options.modules ?? MODULES) });
    const who = base();
    const total = 4 + Math.floor(random() * 2);
    const correct = total - Math.floor(random() * 2);
    const score = Math.floor((correct * 100) / total);
    const attemptId = uuidv7({ msecs: at });
    if (options.kinds === 'mixed') {
      const checkpoint: CheckpointRecord = { ...who, kind: 'checkpoint', section: Math.floor(random() * 6) };
      const attempt: AttemptRecord = {
        ...who, id: attemptId, seq: seq++, kind: 'attempt', answers: Array.from({ length: total }, () => [Math.floor(random() * 4)]),
        correct, total, score, passed: true,
      };
      out.push(checkpoint, attempt);
    }
    const completion: CompletionRecord = { ...who, id: uuidv7({ msecs: at }), seq: seq++, kind: 'completion', attemptId, score };
    out.push(completion);
  }
  return out.slice(0, options.count);
}

/**
 * A kiosk's follow-up decks over a week: learners answering 3 to 5 questions
 * of a module each, graded right or wrong, with the time on each module
 * section the reader noted (a dwell event) interleaved, as a day's outbox holds them.
 */
export function followUpRecords(options: { deviceId: string; count: number; seed: number; events?: boolean }): (ReviewRecord | EventRecord)[] {
  const random = prng(options.seed);
  let at = Date.UTC(2026, 11, 1, 6, 0);
  let seq = 1;
  const out: (ReviewRecord | EventRecord)[] = [];
  while (out.length < options.count) {
    at += Math.floor(random() * 3_600_000);
    const learnerId = `E${10000 + Math.floor(random() * 150)}`;
    const module = MODULES[Math.floor(random() * MODULES.length)]!;
    const deck = 3 + Math.floor(random() * 3);
    for (let q = 0; q < deck; q++) {
      at += 20_000 + Math.floor(random() * 40_000);
      out.push({ id: uuidv7({ msecs: at }), deviceId: options.deviceId, seq: seq++, at, learnerId, ...module, kind: 'review', question: Math.floor(random() * 6), correct: random() < 0.8 });
      if (options.events) {
        out.push({ id: uuidv7({ msecs: at }), deviceId: options.deviceId, seq: seq++, at, learnerId, kind: 'event', type: 'dwell', subject: module.moduleId, part: q, bucket: dwellBucket(random() * 300), text: '' });
      }
    }
  }
  return out.slice(0, options.count);
}
