import type { DeviceRecord } from '../shared/sync/records.ts';
import { SYNC_URL } from '../shared/sync/limits.ts';
import { syncRequest, type SyncRequest, type SyncResponse } from '../shared/sync/wire.ts';
import { REVOKED_CODE } from '../shared/roster/roster.ts';
import { SyncError, type Transport } from './sync-engine.ts';

/** Long enough for a 64 KB batch at 8 KB/s behind other traffic, short enough to notice a hung server. */
const REQUEST_TIMEOUT_MS = 45_000;

/** gzip via CompressionStream where the browser has it; plain JSON otherwise. */
export async function encodeBody(json: string): Promise<{ body: BodyInit; encoding: 'gzip' | null }> {
  if (typeof CompressionStream === 'undefined') return { body: json, encoding: null };
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  return { body: await new Response(stream).arrayBuffer(), encoding: 'gzip' };
}

function isSyncResponse(value: unknown): value is SyncResponse {
  const v = value as SyncResponse;
  return typeof v === 'object' && v !== null && Array.isArray(v.acked) && Array.isArray(v.rejected);
}

/** What the device tells the server about its outbox with each batch. */
export type OutboxReport = () => Promise<Pick<SyncRequest, 'queued' | 'pending'>>;

/** POSTs batches to the server with the device's credential. */
export function httpTransport(deviceId: string, token: string, report: OutboxReport = async () => ({}), fetchFn: typeof fetch = fetch.bind(globalThis)): Transport {
  return async (records: DeviceRecord[]) => {
    const { body, encoding } = await encodeBody(JSON.stringify(syncRequest(deviceId, records, await report())));
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    if (encoding) headers['Content-Encoding'] = encoding;
    let res: Response;
    try {
      res = await fetchFn(SYNC_URL, { method: 'POST', headers, body, cache: 'no-store', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new SyncError('timeout', `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
      throw new SyncError('offline', (err as Error).message);
    }
    const payload: unknown = await res.json().catch(() => null);
    const detail = (payload as { error?: string } | null)?.error ?? `HTTP ${res.status}`;
    if (res.status === 403 && (payload as { code?: string } | null)?.code === REVOKED_CODE) throw new SyncError('revoked', detail);
    if (res.status === 401 || res.status === 403) throw new SyncError('refused', detail);
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new SyncError('server', detail);
    if (!res.ok) throw new SyncError('bad-request', detail);
    if (!isSyncResponse(payload)) throw new SyncError('server', 'the answer was not a sync response');
    return payload;
  };
}
