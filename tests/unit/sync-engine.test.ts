import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drainOutbox, fitBatch, retryDelay, RetryWindow, SyncError, type Outbox, type Transport } from '../../src/device/sync-engine.ts';
import type { DeviceRecord } from '../../src/shared/sync/records.ts';
import { toWire, type SyncResponse } from '../../src/shared/sync/wire.ts';
import { shiftOfRecords } from '../../harness/records.ts';

/** An in-memory outbox with the same contract as the IndexedDB one. */
function memoryOutbox(): Outbox & { queued: Map<string, DeviceRecord>; rejected: Map<string, string>; add(r: DeviceRecord): void } {
  const queued = new Map<string, DeviceRecord>();
  const rejected = new Map<string, string>();
  return {
    queued,
    rejected,
    add: (r) => void queued.set(r.id, r),
    async peek(max) {
      return [...queued.values()].sort((a, b) => a.seq - b.seq).slice(0, max);
    },
    async settle(acked, refused) {
      acked.forEach((id) => queued.delete(id));
      for (const { id, reason } of refused) if (queued.delete(id)) rejected.set(id, reason);
    },
  };
}

/** The server's contract: idempotent by id, a record with a negative score is refused. */
function memoryServer() {
  const stored = new Map<string, string>();
  let inserts = 0;
  const answer = (records: DeviceRecord[]): SyncResponse => {
    const response: SyncResponse = { acked: [], rejected: [] };
    records.forEach((r, index) => {
      if ((r.kind === 'completion' || r.kind === 'attempt') && r.score < 0) return response.rejected.push({ index, id: r.id, reason: 'score: must be at least 0' });
      const body = JSON.stringify(r);
      if (!stored.has(r.id)) { stored.set(r.id, body); inserts++; }
      if (stored.get(r.id) === body) response.acked.push(r.id);
      else response.rejected.push({ index, id: r.id, reason: 'conflict' });
    });
    return response;
  };
  return { stored, answer, inserts: () => inserts };
}

type Fault = 'ok' | 'down' | 'lost-ack' | 'hang' | 'partial';

/** A transport that fails the way a plant's line does, per request, from a script of faults. */
function flakyTransport(server: ReturnType<typeof memoryServer>, faults: Fault[]): Transport {
  let n = 0;
  return async (records) => {
    const fault = faults[n++ % faults.length] ?? 'ok';
    if (fault === 'down') throw new SyncError('offline', 'network down');
    if (fault === 'hang') throw new SyncError('timeout', 'no answer');
    const response = server.answer(records);
    // The server committed, then the connection dropped: the device never hears the ack.
    if (fault === 'lost-ack') throw new SyncError('offline', 'connection reset after commit');
    // Only part of the answer is usable (a proxy cut it short): the rest must stay queued.
    if (fault === 'partial') return { acked: response.acked.slice(0, 1), rejected: [] };
    return response;
  };
}

const LIMITS = { maxRecords: 7, maxBytes: 2000 };

describe('sync engine', () => {
  it('delivers every record exactly once through any mix of faults, and loses none it created meanwhile', async () => {
    const fault = fc.constantFrom<Fault>('ok', 'down', 'lost-ack', 'hang', 'partial');
    await fc.assert(fc.asyncProperty(
      fc.array(fault, { minLength: 1, maxLength: 30 }),
      fc.array(fc.nat(5), { minLength: 1, maxLength: 12 }),
      fc.array(fc.nat(40), { maxLength: 3 }),
      fc.integer({ min: 1, max: 1000 }),
      async (faults, arrivals, invalidAt, seed) => {
        const all = shiftOfRecords({ deviceId: 'dev-p', count: arrivals.reduce((a, b) => a + b, 0), seed, kinds: 'mixed' });
        const invalid = new Set(invalidAt.filter((i) => i < all.length && all[i]!.kind !== 'checkpoint').map((i) => all[i]!.id));
        const records = all.map((r) => (invalid.has(r.id) && r.kind !== 'checkpoint' ? { ...r, score: -1 } : r));
        const outbox = memoryOutbox();
        const server = memoryServer();
        const send = flakyTransport(server, faults);
        let next = 0;
        // Records keep arriving between sync runs while the line misbehaves.
        for (const count of arrivals) {
          records.slice(next, next + count).forEach((r) => outbox.add(r));
          next += count;
          await drainOutbox(outbox, send, LIMITS).catch((err: unknown) => {
            if (!(err instanceof SyncError)) throw err;
          });
        }
        // The line recovers.
        await drainOutbox(outbox, flakyTransport(server, ['ok']), LIMITS);

        expect(outbox.queued.size).toBe(0);
        const valid = records.filter((r) => !invalid.has(r.id)).map((r) => r.id).sort();
        expect([...server.stored.keys()].sort()).toEqual(valid);
        expect(server.inserts()).toBe(valid.length);
        expect([...outbox.rejected.keys()].sort()).toEqual([...invalid].sort());
      },
    ), { numRuns: 300, seed: 7 });
  });

  it('keeps records queued when the server answers without settling any of them', async () => {
    const outbox = memoryOutbox();
    shiftOfRecords({ deviceId: 'd', count: 3, seed: 1 }).forEach((r) => outbox.add(r));
    await expect(drainOutbox(outbox, async () => ({ acked: ['not-in-batch'], rejected: [] }), LIMITS)).rejects.toThrow(/without acknowledging/);
    expect(outbox.queued.size).toBe(3);
  });

  it('counts only refusals of records it sent: one naming another id, or a position past the batch, settles nothing', async () => {
    const outbox = memoryOutbox();
    const [a, b] = shiftOfRecords({ deviceId: 'd', count: 2, seed: 4 });
    outbox.add(a!);
    outbox.add(b!);
    const report = await drainOutbox(outbox, async () => ({
      acked: [a!.id, b!.id], rejected: [{ index: 0, id: 'someone-else', reason: 'conflict' }, { index: 7, id: null, reason: 'conflict' }],
    }), LIMITS);
    expect(report).toEqual({ batches: 1, acked: 2, rejected: 0 });
    expect(outbox.rejected.size).toBe(0);
  });

  it('sizes batches by record count and bytes, never returning an empty batch for a queued record', () => {
    const records = shiftOfRecords({ deviceId: 'd', count: 20, seed: 2, kinds: 'mixed' });
    expect(fitBatch(records, { maxRecords: 5, maxBytes: 1e6 })).toHaveLength(5);
    const small = fitBatch(records, { maxRecords: 100, maxBytes: 400 });
    expect(small.length).toBeGreaterThan(0);
    expect(JSON.stringify(small.map(toWire)).length).toBeLessThanOrEqual(400);
    expect(JSON.stringify(records.slice(0, small.length + 1).map(toWire)).length).toBeGreaterThan(400);
    expect(fitBatch(records.slice(0, 1), { maxRecords: 10, maxBytes: 1 })).toHaveLength(1);
  });

  it('reports what it sent, batch by batch, and settles a refusal named by position alone', async () => {
    const outbox = memoryOutbox();
    const records = shiftOfRecords({ deviceId: 'd', count: 5, seed: 3 });
    records.forEach((r) => outbox.add(r));
    const batches: string[][] = [];
    // Batches of two: the server acks all but the second record, which it refuses by index with no id.
    const report = await drainOutbox(outbox, async (batch) => {
      batches.push(batch.map((r) => r.id));
      const refused = batch.findIndex((r) => r.id === records[1]!.id);
      return { acked: batch.filter((_, i) => i !== refused).map((r) => r.id), rejected: refused < 0 ? [] : [{ index: refused, id: null, reason: 'score: must be at most 100' }] };
    }, { maxRecords: 2, maxBytes: 1e6 });
    expect(batches).toEqual([[records[0]!.id, records[1]!.id], [records[2]!.id, records[3]!.id], [records[4]!.id]]);
    expect(report).toEqual({ batches: 3, acked: 4, rejected: 1 });
    expect([...outbox.rejected]).toEqual([[records[1]!.id, 'score: must be at most 100']]);
    expect(outbox.queued.size).toBe(0);
  });

  it('ignores answers about records that were not in the batch', async () => {
    const outbox = memoryOutbox();
    const [mine, other] = shiftOfRecords({ deviceId: 'd', count: 2, seed: 4 });
    outbox.add(mine!);
    await drainOutbox(outbox, async () => ({ acked: [mine!.id, other!.id], rejected: [{ index: 5, id: null, reason: 'x' }, { index: 0, id: other!.id, reason: 'y' }] }), LIMITS);
    expect(outbox.rejected.size).toBe(0);
  });

  it('tries again by itself only after failures a retry can fix', () => {
    const retryable = (['offline', 'timeout', 'server', 'refused', 'revoked', 'bad-request', 'not-set-up'] as const).filter((code) => new SyncError(code, '').retryable);
    expect(retryable).toEqual(['offline', 'timeout', 'server']);
    expect(new SyncError('timeout', 'no answer within 45 s').message).toBe('timeout: no answer within 45 s');
  });

  it('fits a batch exactly to its byte limit, counting one separator a record', () => {
    const [a, b] = shiftOfRecords({ deviceId: 'd', count: 2, seed: 5 });
    const size = (r: DeviceRecord) => JSON.stringify(toWire(r)).length + 1;
    expect(fitBatch([a!, b!], { maxRecords: 10, maxBytes: size(a!) + size(b!) })).toHaveLength(2);
    expect(fitBatch([a!, b!], { maxRecords: 10, maxBytes: size(a!) + size(b!) - 1 })).toHaveLength(1);
  });

  it('backs off exponentially with full jitter, within bounds', () => {
    expect(retryDelay(1, 1)).toBe(2000);
    expect(retryDelay(4, 1)).toBe(16_000);
    expect(retryDelay(30, 1)).toBe(300_000);
    expect(retryDelay(30, 0)).toBe(1000);
    expect(retryDelay(3, 0.5)).toBe(4000);
  });

  it('waits out the backoff after a failure, and ends it at once after a success', () => {
    // random() = 1: the whole ceiling. Three failures in a row: 2000 × 2² = 8000 ms.
    const retry = new RetryWindow(() => 1);
    expect(retry.mayTry(0, false)).toBe(true);
    retry.settle(false, 3, 10_000);
    expect(retry.mayTry(17_999, false)).toBe(false);
    expect(retry.mayTry(17_999, true)).toBe(true);
    expect(retry.mayTry(18_000, false)).toBe(true);
    // The fourth failure doubles it: 16,000 ms from when it ended.
    retry.settle(false, 4, 20_000);
    expect(retry.mayTry(35_999, false)).toBe(false);
    // A success a forced attempt made (the line came back) ends the wait: the next record queued goes now.
    retry.settle(true, 0, 21_000);
    expect(retry.mayTry(21_001, false)).toBe(true);
  });
});
