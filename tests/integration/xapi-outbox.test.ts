import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpRecords, shiftOfRecords } from '../../harness/records.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { recordBody } from '../../src/server/store/record-store.ts';
import type { Stores } from '../../src/server/store/stores.ts';
import { toWire } from '../../src/shared/sync/wire.ts';

/**
 * The outbox towards an LRS on each database: filled in the transaction that
 * stores a record (never for events), leased so two forwarders never hold the
 * same row, given back when a lease runs out, and emptied only by the holder.
 */
describe.each(STORE_KINDS)('the xAPI outbox on $name', (kind) => {
  let stores: Stores;
  let dispose: () => Promise<void>;
  const at = Date.UTC(2026, 11, 4, 8, 0);
  const records = [...shiftOfRecords({ deviceId: 'dev-1', count: 24, seed: 5, kinds: 'mixed' }), ...followUpRecords({ deviceId: 'dev-1', count: 12, seed: 6, events: true })];
  const learning = records.filter((r) => r.kind !== 'event');

  beforeAll(async () => {
    if (!kind.available) return;
    ({ stores, dispose } = await kind.open());
    await stores.records.ingest(records.map((record) => ({ record, body: recordBody('dev-1', toWire(record)) })), at);
  });
  afterAll(async () => {
    if (!kind.available) return;
    await stores.close();
    await dispose();
  });

  it.skipIf(!kind.available)('holds every stored learning record and no event, once, however often it arrives', async () => {
    await stores.records.ingest(records.map((record) => ({ record, body: recordBody('dev-1', toWire(record)) })), at + 1000);
    expect((await stores.xapi.status()).waiting).toBe(learning.length);
  });

  it.skipIf(!kind.available)('leases rows to one claimer at a time, gives them back when the lease runs out, and lets only the holder empty them', async () => {
    const lease = 30_000;
    // Two forwarders at once: what each holds is disjoint (on PostgreSQL one may wait for the other's rows, and then get none of them: it asks again).
    const [a, b] = await Promise.all([stores.xapi.claim('a', at, at + lease, 10), stores.xapi.claim('b', at, at + 10 * lease, 10)]);
    expect(a.length + b.length).toBeGreaterThanOrEqual(10);
    expect(a.filter((r) => b.some((x) => x.recordId === r.recordId))).toEqual([]);
    a.push(...await stores.xapi.claim('a', at, at + lease, 10 - a.length));
    b.push(...await stores.xapi.claim('b', at, at + 10 * lease, 10 - b.length));
    expect([a.length, b.length]).toEqual([10, 10]);
    expect(a.filter((r) => b.some((x) => x.recordId === r.recordId))).toEqual([]);
    // A dies: its rows come back once its lease has run out, to someone else.
    const later = await stores.xapi.claim('c', at + lease + 1, at + 2 * lease, 100);
    expect(later.map((r) => r.recordId)).toEqual(expect.arrayContaining(a.map((r) => r.recordId)));
    expect(later.some((r) => b.some((x) => x.recordId === r.recordId))).toBe(false);
    // A comes back and says it sent them: they are c's now, so they stay.
    await stores.xapi.sent(a.map((r) => r.recordId), 'a', 5, at + lease + 2);
    expect((await stores.xapi.status()).waiting).toBe(learning.length);
    await stores.xapi.sent(b.map((r) => r.recordId), 'b', 12, at + lease + 3);
    await stores.xapi.settle(later[0]!.recordId, 'c', 'refused', 'the LRS refused it (400): bad score', at + lease + 4);
    await stores.xapi.retryLater(later.slice(1).map((r) => r.recordId), 'c', at + lease + 60_000, 'the LRS answered 503', at + lease + 5);
    const status = await stores.xapi.status();
    expect(status).toMatchObject({ waiting: learning.length - b.length - 1, refused: 1, conflicts: 0, lastSent: { at: at + lease + 3, statements: 12 }, lastFailure: { at: at + lease + 5, reason: 'the LRS answered 503' } });
    expect(status.latest).toEqual([{ recordId: later[0]!.recordId, state: 'refused', reason: 'the LRS refused it (400): bad score', at: at + lease + 4 }]);
    expect(status.settledSince).toBe(at + lease + 4);
    // Put back for later: not due before then, and a settled row never again.
    expect(await stores.xapi.claim('d', at + lease + 10, at + 2 * lease, 100)).toEqual([]);
    const due = await stores.xapi.claim('d', at + lease + 60_000, at + 3 * lease, 100);
    expect(due.map((r) => r.recordId).sort()).toEqual(later.slice(1).map((r) => r.recordId).sort());
    expect(due.every((r) => r.attempts === 1)).toBe(true);
  });
});
