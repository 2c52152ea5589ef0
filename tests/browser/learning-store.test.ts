import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_VERSION, openCurrentLearningDb, openLearningDb } from '../../src/device/learning-db.ts';
import { idbOutbox, listRejected, waitingCount } from '../../src/device/outbox-store.ts';
import {
  latestAttempt, listCompletions, listProgress, localLearnerId, recordAttempt, saveQuizDraft, saveReadingPosition,
} from '../../src/device/learning-store.ts';
import { kioskDay, settleDay } from '../../src/device/latest-day.ts';
import { META } from '../../src/device/device-meta.ts';
import { statusOf } from '../../src/shared/progress.ts';
import { scoreQuiz } from '../../src/shared/quiz.ts';
import type { Quiz } from '../../src/shared/module.ts';

const quiz: Quiz = { passMark: 50, questions: [{ prompt: 'q', choices: ['yes', 'no'], correct: [0], explanation: '' }] };
const v1 = { moduleId: 'loto', lang: 'en', moduleHash: 'aaaaaaaaaaaa' };
const v2 = { ...v1, moduleHash: 'bbbbbbbbbbbb' };
let n = 0;
const freshDb = () => openLearningDb(`test-${++n}`);

describe('learning store, in the real IndexedDB of Chromium', () => {
  it('lets the service worker open only a database a page has upgraded, never creating or upgrading one itself', async () => {
    const name = `test-${++n}`;
    await expect(openCurrentLearningDb(name)).rejects.toThrow();
    // Nothing was left behind: the page then creates the whole schema from nothing.
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    const page = await openLearningDb(name);
    expect(page.objectStoreNames).toContain('outbox');
    page.close();
    const worker = await openCurrentLearningDb(name);
    expect(worker.version).toBe(DB_VERSION);
    expect(await worker.count('outbox')).toBe(0);
    worker.close();

    // A database of an older version (as a page of an earlier release left it) is not touched either.
    const older = `test-${++n}`;
    (await openDB(older, DB_VERSION - 1, { upgrade: (db) => void db.createObjectStore('meta') })).close();
    await expect(openCurrentLearningDb(older)).rejects.toThrow();
    const stillOld = await openDB(older);
    expect(stillOld.version).toBe(DB_VERSION - 1);
    stillOld.close();
  });

  it('creates one local learner id and keeps it', async () => {
    const db = await freshDb();
    const id = await localLearnerId(db);
    expect(id).toMatch(/^local-[0-9a-f]{8}$/);
    expect(await localLearnerId(db)).toBe(id);
  });

  it('remembers the reading position and quiz draft per learner', async () => {
    const db = await freshDb();
    await saveReadingPosition(db, 'ann', v1, 3);
    await saveQuizDraft(db, 'ann', v1, [[1]]);
    await saveReadingPosition(db, 'bob', v1, 1);
    const [ann] = await listProgress(db, 'ann');
    expect(ann).toMatchObject({ section: 3, quizDraft: [[1]], passedAt: null });
    expect(statusOf(ann)).toBe('in-progress');
    expect((await listProgress(db, 'bob'))[0]!.section).toBe(1);
    expect(await listProgress(db, 'cy')).toEqual([]);
  });

  it('records a failed attempt without a completion, then a pass with exactly one', async () => {
    const db = await freshDb();
    await saveQuizDraft(db, 'ann', v1, [[1]]);
    const failed = await recordAttempt(db, 'ann', v1, [[1]], scoreQuiz(quiz, [[1]]));
    expect(failed.completion).toBeNull();
    expect(statusOf(failed.progress)).toBe('in-progress');
    expect(failed.progress.quizDraft).toBeNull();

    const passed = await recordAttempt(db, 'ann', v1, [[0]], scoreQuiz(quiz, [[0]]));
    expect(passed.completion).toMatchObject({ learnerId: 'ann', moduleId: 'loto', moduleHash: v1.moduleHash, attemptId: passed.attempt.id, score: 100 });
    expect(statusOf(passed.progress)).toBe('passed');
    expect(await latestAttempt(db, 'ann', 'loto')).toEqual(passed.attempt);

    // Passing the same version again adds an attempt but no second completion; a failed retry never un-passes.
    expect((await recordAttempt(db, 'ann', v1, [[0]], scoreQuiz(quiz, [[0]]))).completion).toBeNull();
    const retry = await recordAttempt(db, 'ann', v1, [[1]], scoreQuiz(quiz, [[1]]));
    expect(retry.progress.passedAt).toBe(passed.progress.passedAt);
    expect(retry.progress.bestScore).toBe(100);
    expect(await listCompletions(db, 'ann', 'loto')).toHaveLength(1);

    // A republished version is a new thing to complete.
    expect((await recordAttempt(db, 'ann', v2, [[0]], scoreQuiz(quiz, [[0]]))).completion?.moduleHash).toBe(v2.moduleHash);
    expect(await listCompletions(db, 'ann', 'loto')).toHaveLength(2);
    expect(await listCompletions(db, 'bob', 'loto')).toEqual([]);
  });

  it('stores nothing, and shows nothing as passed, when the attempt cannot be written', async () => {
    const db = await freshDb();
    // A non-cloneable answer makes the attempt write throw inside the transaction.
    const broken = [[0]] as unknown as number[][];
    (broken as unknown as { fn: () => void }).fn = () => undefined;
    await expect(recordAttempt(db, 'ann', v1, broken, scoreQuiz(quiz, [[0]]))).rejects.toThrow();
    expect(await listCompletions(db, 'ann', 'loto')).toEqual([]);
    expect(await listProgress(db, 'ann')).toEqual([]);
  });

  it('writes a result, its history and its queue entries in one transaction: a refusal at the last write leaves none of them', async () => {
    const db = await freshDb();
    await saveReadingPosition(db, 'ann', v1, 1);
    const [checkpoint] = await idbOutbox(db).peek(10);
    // The pass will take sequence numbers 2 (attempt) and 3 (completion). A stray queued record already holds 3,
    // so the very last write, the completion's queue entry, breaks the outbox's unique sequence index, after the
    // attempt, its queue entry, the completion and the meta counter were written. Were any of them in a
    // transaction of its own, it would stay behind.
    const stray = { ...checkpoint!, id: 'stray-record', seq: 3 };
    await db.put('outbox', stray);
    await expect(recordAttempt(db, 'ann', v1, [[0]], scoreQuiz(quiz, [[0]]))).rejects.toThrow();
    expect(await db.getAll('attempts')).toEqual([]);
    expect(await db.getAll('completions')).toEqual([]);
    expect((await idbOutbox(db).peek(10)).map((r) => r.id)).toEqual([checkpoint!.id, stray.id]);
    expect(await db.get('meta', META.nextSeq)).toBe(2);
    const [progress] = await listProgress(db, 'ann');
    expect(progress).toMatchObject({ section: 1, passedAt: null, lastAttemptId: null });
  });

  it('queues every record it shows, in device order, beside the learner-visible state', async () => {
    const db = await freshDb();
    await saveReadingPosition(db, 'ann', v1, 0);
    await saveReadingPosition(db, 'ann', v1, 2);
    await saveReadingPosition(db, 'ann', v1, 1); // going back is not progress
    const passed = await recordAttempt(db, 'ann', v1, [[0]], scoreQuiz(quiz, [[0]]));
    const queued = await idbOutbox(db).peek(100);
    expect(queued.map((r) => [r.kind, r.seq])).toEqual([['checkpoint', 1], ['checkpoint', 2], ['attempt', 3], ['completion', 4]]);
    expect(new Set(queued.map((r) => r.deviceId)).size).toBe(1);
    expect(queued.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/.test(r.id))).toBe(true);
    expect(queued[3]).toEqual(passed.completion);
    expect(passed.completion).toMatchObject({ attemptId: passed.attempt.id, moduleHash: v1.moduleHash, learnerId: 'ann', score: 100 });

    // Acked records leave the outbox; rejected ones move aside with the reason; the learner's history stays.
    await idbOutbox(db).settle([queued[0]!.id, queued[2]!.id], [{ id: queued[3]!.id, reason: 'score: must be at most 100' }]);
    expect(await waitingCount(db)).toBe(1);
    expect((await listRejected(db)).map((r) => [r.record.id, r.reason])).toEqual([[queued[3]!.id, 'score: must be at most 100']]);
    expect(await listCompletions(db, 'ann', 'loto')).toHaveLength(1);
  });

  it('queues results recorded before sync existed when it upgrades a version-1 database', async () => {
    const name = `v1-${++n}`;
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('progress', { keyPath: ['learnerId', 'moduleId'] }).createIndex('by-learner', 'learnerId');
        db.createObjectStore('attempts', { keyPath: 'id' }).createIndex('by-learner-module', ['learnerId', 'moduleId']);
        db.createObjectStore('completions', { keyPath: 'id' }).createIndex('by-learner-module', ['learnerId', 'moduleId']);
      },
    });
    const attemptId = crypto.randomUUID();
    await old.put('attempts', { id: attemptId, learnerId: 'ann', ...v1, answers: [[0]], correct: 1, total: 1, score: 100, passed: true, at: '2026-11-01T08:00:00.000Z' });
    await old.put('completions', { id: crypto.randomUUID(), learnerId: 'ann', ...v1, attemptId, score: 100, at: '2026-11-01T08:00:00.000Z' });
    old.close();

    const db = await openLearningDb(name);
    const queued = await idbOutbox(db).peek(10);
    expect(queued.map((r) => [r.kind, r.seq, r.at])).toEqual([['attempt', 1, Date.parse('2026-11-01T08:00:00.000Z')], ['completion', 2, Date.parse('2026-11-01T08:00:00.000Z')]]);
    // New records continue the device sequence after the upgraded ones.
    const next = await recordAttempt(db, 'ann', v1, [[1]], scoreQuiz(quiz, [[1]]));
    expect(next.attempt.seq).toBe(3);
  });

  it('keeps the latest day a kiosk saw, until the server\'s date says the clock had run ahead', async () => {
    const db = await freshDb();
    const day = (iso: string) => new Date(`${iso}T10:00:00`).getTime();
    expect(await kioskDay(db, day('2026-12-04'))).toBe('2026-12-04');
    // Someone sets the clock a year ahead, then back: the kiosk keeps the future day (a clock stepped back closes nothing)…
    expect(await kioskDay(db, day('2027-12-04'))).toBe('2027-12-04');
    expect(await kioskDay(db, day('2026-12-05'))).toBe('2027-12-04');
    // …until it next reaches the server, whose date sets it back.
    await settleDay(db, day('2026-12-05'));
    expect(await kioskDay(db, day('2026-12-05'))).toBe('2026-12-05');
    // A day ahead of the server is a time zone, not a wrong clock: kept.
    expect(await kioskDay(db, day('2026-12-06'))).toBe('2026-12-06');
    await settleDay(db, day('2026-12-05'));
    expect(await kioskDay(db, day('2026-12-05'))).toBe('2026-12-06');
  });
});
