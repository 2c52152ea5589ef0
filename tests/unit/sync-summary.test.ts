import { describe, expect, it } from 'vitest';
import { syncSummary } from '../../src/app/components/sync-pill.tsx';
import { sync as s } from '../../src/app/i18n/languages/en/sync.ts';
import type { SyncView } from '../../src/app/services/sync-client.ts';
import { INITIAL_SYNC_STATUS } from '../../src/shared/sync/status.ts';

const view = (over: Partial<SyncView>): SyncView => ({
  waiting: 3, rejected: [], status: INITIAL_SYNC_STATUS, configured: true, syncing: false, online: true, persisted: true, ...over,
});

describe('the sync line', () => {
  it('says "Sending" only while records are really on their way', () => {
    expect(syncSummary(s, view({ syncing: true }))).toBe('Sending 3 records to the server…');
    expect(syncSummary(s, view({ syncing: false }))).toBe('3 records waiting to sync');
  });

  it('offline, says the records wait for a connection, even mid-attempt and whatever the last failure was', () => {
    const timeout = { ...INITIAL_SYNC_STATUS, lastFailure: { code: 'timeout' as const, detail: 'x', at: 1 }, failures: 1 };
    expect(syncSummary(s, view({ online: false, syncing: true }))).toBe('3 records waiting to sync: no connection to the server');
    expect(syncSummary(s, view({ online: false, status: timeout }))).toBe('3 records waiting to sync: no connection to the server');
    expect(syncSummary(s, view({ status: timeout }))).toBe('3 records waiting to sync: the server did not answer in time');
  });

  it('puts "not set up" before everything else, and "all synced" only when nothing waits', () => {
    expect(syncSummary(s, view({ configured: false, online: false }))).toBe('3 records waiting to sync: this device is not set up to sync yet');
    expect(syncSummary(s, view({ waiting: 0, online: false, syncing: true }))).toBe('All records synced');
    // A device that is not set up has synced nothing, even with nothing waiting.
    expect(syncSummary(s, view({ waiting: 0, configured: false }))).toBe('Not set up to sync: results stay on this device');
  });
});
