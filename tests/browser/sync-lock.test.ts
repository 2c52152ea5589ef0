import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLearningDb } from '../../src/device/learning-db.ts';
import { META } from '../../src/device/device-meta.ts';
import { idbOutbox, waitingCount } from '../../src/device/outbox-store.ts';
import { saveReadingPosition } from '../../src/device/learning-store.ts';
import { syncRunner } from '../../src/device/sync-runner.ts';
import { SYNC_LOCK } from '../../src/shared/sync/status.ts';

const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; });

describe('one sender per device, in the real Web Locks of Chromium', () => {
  it('queues a second context behind the one sending, so no batch is ever sent twice at once', async () => {
    const db = await openLearningDb(`lock-${Date.now()}`);
    await db.put('meta', 'a-device-credential', META.deviceToken);
    const ref = { moduleId: 'loto', lang: 'en', moduleHash: 'aaaaaaaaaaaa' };
    for (let s = 1; s <= 3; s++) await saveReadingPosition(db, 'ann', ref, s);

    // The server: answers each batch when the test lets it, acknowledging what is queued, and counts who is sending.
    let inFlight = 0;
    let mostAtOnce = 0;
    let requests = 0;
    const answers: (() => void)[] = [];
    globalThis.fetch = vi.fn(async () => {
      requests++;
      mostAtOnce = Math.max(mostAtOnce, ++inFlight);
      await new Promise<void>((resolve) => answers.push(resolve));
      inFlight--;
      const acked = (await idbOutbox(db).peek(100)).map((r) => r.id);
      return new Response(JSON.stringify({ acked, rejected: [] }), { headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;

    // Two runners stand for two tabs, or a tab and the service worker: neither shares the other's run in progress.
    const first = syncRunner(db)();
    await vi.waitFor(() => expect(inFlight).toBe(1));
    const second = syncRunner(db)();
    // The second asks for the lock and waits: the lock manager says so, and only then is "one request at a time" read.
    await vi.waitFor(async () => expect((await navigator.locks.query()).pending?.map((l) => l.name)).toEqual([SYNC_LOCK]));
    expect(inFlight).toBe(1);
    answers.shift()!();
    expect((await first).ok).toBe(true);
    // The second then finds nothing left to send.
    expect((await second).ok).toBe(true);
    expect([requests, mostAtOnce, await waitingCount(db)]).toEqual([1, 1, 0]);
    db.close();
  });
});
