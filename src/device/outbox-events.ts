import { SYNC_CHANNEL } from '../shared/sync/status.ts';

/**
 * Tells every page and the service worker that the outbox changed (a record
 * queued, acked or rejected), so each re-reads it. BroadcastChannel reaches
 * other listeners in the same context too, not only other tabs.
 */
export function announceOutboxChange(): void {
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

export function onOutboxChange(listener: () => void): () => void {
  const channel = new BroadcastChannel(SYNC_CHANNEL);
  channel.onmessage = () => listener();
  return () => channel.close();
}
