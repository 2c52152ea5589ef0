import type { DeviceRecord } from '../shared/sync/records.ts';
import type { SyncFailureCode } from '../shared/sync/status.ts';
import { toWire, type SyncResponse } from '../shared/sync/wire.ts';

/**
 * The device side of sync, free of IndexedDB and fetch so it can be tested
 * with a simulated outbox and a flaky transport. A record leaves the outbox
 * only on an answer about it: acked (removed) or rejected (moved aside).
 */
export interface Outbox {
  /** Queued records in device order, at most `max`. */
  peek(max: number): Promise<DeviceRecord[]>;
  /** Removes acked records and moves rejected ones aside, in one transaction. */
  settle(acked: readonly string[], rejected: readonly { id: string; reason: string }[]): Promise<void>;
}

export type Transport = (records: DeviceRecord[]) => Promise<SyncResponse>;

export class SyncError extends Error {
  constructor(readonly code: SyncFailureCode, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
  /** Worth trying again by itself; the others need a person (a credential, a fix). */
  get retryable(): boolean {
    return this.code === 'offline' || this.code === 'timeout' || this.code === 'server';
  }
}

export interface BatchLimits {
  maxRecords: number;
  /** Uncompressed JSON of the records; the envelope adds a few dozen bytes. */
  maxBytes: number;
}

/** The longest prefix of `records` within the limits; never empty when records are queued. */
export function fitBatch(records: readonly DeviceRecord[], limits: BatchLimits): DeviceRecord[] {
  const batch: DeviceRecord[] = [];
  let bytes = 0;
  for (const record of records.slice(0, limits.maxRecords)) {
    bytes += JSON.stringify(toWire(record)).length + 1;
    if (batch.length > 0 && bytes > limits.maxBytes) break;
    batch.push(record);
  }
  return batch;
}

export interface DrainReport {
  batches: number;
  acked: number;
  rejected: number;
}

/** Sends batch after batch until the outbox is empty; throws SyncError when a batch fails. */
export async function drainOutbox(outbox: Outbox, send: Transport, limits: BatchLimits): Promise<DrainReport> {
  const report: DrainReport = { batches: 0, acked: 0, rejected: 0 };
  for (;;) {
    const batch = fitBatch(await outbox.peek(limits.maxRecords), limits);
    if (batch.length === 0) return report;
    const response = await send(batch);
    const inBatch = new Set(batch.map((r) => r.id));
    const acked = response.acked.filter((id) => inBatch.has(id));
    const rejected = response.rejected.flatMap(({ id, index, reason }) => {
      const recordId = id ?? batch[index]?.id;
      return recordId && inBatch.has(recordId) ? [{ id: recordId, reason }] : [];
    });
    // An answer that settles nothing would make this loop send the same batch forever.
    if (acked.length + rejected.length === 0) throw new SyncError('server', 'the server answered without acknowledging any record');
    await outbox.settle(acked, rejected);
    report.batches++;
    report.acked += acked.length;
    report.rejected += rejected.length;
  }
}

/**
 * When an open app may next send on its own (its timer, a record queued).
 * A failed attempt waits out retryDelay; a successful one ends the wait at
 * once, so a record queued next goes straight away instead of after the
 * backoff the earlier failures had built up. A forced attempt (the line came
 * back, a person asked) never waits. Times are monotonic milliseconds.
 */
export class RetryWindow {
  private notBefore = 0;

  constructor(private readonly random: () => number = Math.random) {}

  mayTry(now: number, force: boolean): boolean {
    return force || now >= this.notBefore;
  }

  /** After an attempt: `failures` is the run of failures so far, as the outbox's status counts it (0 after a success). */
  settle(ok: boolean, failures: number, now: number): void {
    this.notBefore = ok ? 0 : now + retryDelay(failures, this.random());
  }
}

/** Full-jitter exponential backoff: spreads 150 kiosks out after the line comes back. */
export function retryDelay(failures: number, random: number, baseMs = 2000, capMs = 5 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.max(1000, Math.round(random * ceiling));
}
