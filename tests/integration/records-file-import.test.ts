import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COURSE } from '../../harness/fixtures.ts';
import { person } from '../../harness/sites.ts';
import { STORE_KINDS } from '../../harness/stores.ts';
import { ROOT } from '../../src/node/paths.ts';
import { publish } from '../../src/publisher/publish.ts';
import type { RecordsImportResult } from '../../src/shared/console/records-import.ts';
import type { Catalog } from '../../src/shared/module.ts';
import { credentialDigest, fileKeys, openAckRoster, readAck, summarize, writeRecordsFile } from '../../src/shared/sync/records-file.ts';
import type { RosterDelta } from '../../src/shared/roster/roster.ts';
import { toWire } from '../../src/shared/sync/wire.ts';
import type { DeviceRecord } from '../../src/shared/sync/records.ts';
import { consoleAccounts, siteApi, useApiServer, type Kiosk } from '../helpers/site-api.ts';

const ADMIN = 'admin-token-for-records-files-01';
const asLines = (rs: DeviceRecord[]) => ({ lines: rs.map((r) => JSON.stringify(toWire(r))), summary: summarize(rs), roster: null });
const gzip = async (b: Uint8Array) => new Uint8Array(gzipSync(b));

/**
 * A kiosk's records carried on a USB stick into the console: stored by the
 * rules of sync, once however often the file is imported or the records also
 * synced; the acknowledgement is the kiosk's to check; a changed, forged or
 * revoked kiosk's file, or one of a site the importer does not manage, is
 * refused with the reason.
 */
describe.each(STORE_KINDS)('records files on $name', (kind) => {
  const now = Date.UTC(2026, 11, 5, 9, 0);
  const scratch = mkdtempSync(join(tmpdir(), 'lowband-records-file-'));
  const contentDir = join(scratch, 'published');
  const env = useApiServer(kind, { adminToken: ADMIN, now: () => now, contentDir });
  const { api, enrollKiosk, sync, passed, unsignedSignoff } = siteApi(() => env.base, ADMIN, () => now);
  let entry = { id: 'lockout-tagout', lang: 'en', hash: '' };

  let asConsole: Awaited<ReturnType<typeof consoleAccounts>>['as'];
  const importFile = async (who: string, file: string) => {
    const res = await asConsole(who, 'POST', '/records-files', { file });
    return { status: res.status, body: (await res.json()) as RecordsImportResult & { error?: string } };
  };
  const keysOf = async (kiosk: Kiosk) => fileKeys(await credentialDigest(kiosk.token), kiosk.deviceId);
  const fileOf = async (kiosk: Kiosk, records: DeviceRecord[], token = kiosk.token) =>
    writeRecordsFile({ device: kiosk.deviceId, label: 'kiosk at plant-a', site: 'plant-a', savedAt: now - 1000, ...asLines(records) }, await fileKeys(await credentialDigest(token), kiosk.deviceId), gzip);

  beforeAll(async () => {
    if (!kind.available) return;
    expect((await publish({ sourceDir: FIXTURE_COURSE, outDir: contentDir, budgetsFile: join(ROOT, 'budgets.json') })).ok).toBe(true);
    entry = { ...entry, hash: (JSON.parse(readFileSync(join(contentDir, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === entry.id && m.lang === 'en')!.hash };
    for (const site of ['plant-a', 'plant-b']) await api('PUT', `/api/v1/admin/sites/${site}`, { name: site, lang: 'en' });
    await api('POST', '/api/v1/admin/sites/plant-a/roster', { people: [person('1001'), person('1002'), person('2001', { supervisor: true })] });
    ({ as: asConsole } = await consoleAccounts(env.base, api, [['admin', 'admin'], ['siteadmin', 'site-admin', ['plant-a']], ['otheradmin', 'site-admin', ['plant-b']], ['viewer', 'viewer', ['plant-a']]]));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.skipIf(!kind.available)('stores a file once, by the rules of sync, and answers with an acknowledgement only that kiosk accepts', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const good = [...passed(kiosk, '1001', entry), ...passed(kiosk, '1002', entry)];
    const [, stranger] = passed(kiosk, '9999', entry);
    const forgedSignoff = unsignedSignoff(kiosk.deviceId, '2001', ['1001']);
    const file = await fileOf(kiosk, [...good, stranger, forgedSignoff]);

    // Only someone who manages the kiosk's site imports it; to anyone else the kiosk is not there.
    expect((await importFile('viewer', file)).status).toBe(403);
    const elsewhere = await importFile('otheradmin', file);
    expect([elsewhere.status, elsewhere.body.error]).toEqual([404, expect.stringContaining('not enrolled at a site you manage')]);

    const first = await importFile('siteadmin', file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ device: { id: kiosk.deviceId, label: 'kiosk at plant-a', siteId: 'plant-a' }, records: 6, stored: 4, already: 0, summary: { counts: { attempt: 2, completion: 3, signoff: 1 } } });
    expect(first.body.rejected).toEqual([
      { record: 5, id: stranger.id, reason: expect.stringContaining('learnerId: 9999 is not on the roster') },
      { record: 6, id: forgedSignoff.id, reason: expect.stringContaining('proof:') },
    ]);
    const ack = await readAck(first.body.ack, kiosk.deviceId, await keysOf(kiosk));
    expect(ack.acked.sort()).toEqual(good.map((r) => r.id).sort());
    expect(ack.rejected.map((r) => r.id)).toEqual([stranger.id, forgedSignoff.id]);
    expect(first.body.ackName).toBe('acknowledgement-kiosk-at-plant-a-2026-12-05.txt');
    // The kiosk's roster comes back with it: the whole roster for a file that named no cursor.
    const roster = (await openAckRoster(ack, await keysOf(kiosk))) as RosterDelta;
    expect([roster.full, roster.people.map((p) => p[0]).sort()]).toEqual([true, ['1001', '1002', '2001']]);
    // Nobody but this kiosk can take the acknowledgement for its own.
    await expect(readAck(first.body.ack, kiosk.deviceId, await fileKeys(await credentialDigest('another-token'), kiosk.deviceId))).rejects.toThrow(/not made by the server/);

    // The same file again, and the same records over the network: nothing new, every one acknowledged.
    const again = await importFile('admin', file);
    expect(again.body).toMatchObject({ stored: 0, already: 4 });
    expect(again.body.rejected).toHaveLength(2);
    const synced = await sync(kiosk, good);
    expect(synced.body.acked.sort()).toEqual(good.map((r) => r.id).sort());
    const stored = await (await api('GET', '/api/v1/completions')).json() as { items: { id: string }[] };
    expect(stored.items.map((c) => c.id).filter((id) => good.some((r) => r.id === id))).toHaveLength(2);

    const audit = await (await asConsole('admin', 'GET', '/audit')).json() as { entries: { action: string; target: string; detail: string }[] };
    expect(audit.entries.filter((e) => e.action === 'device.records-import').map((e) => e.detail).sort()).toEqual([
      '"kiosk at plant-a": 6 records, 0 new, 4 already here, 2 refused',
      '"kiosk at plant-a": 6 records, 4 new, 0 already here, 2 refused',
    ]);
  });

  it.skipIf(!kind.available)('refuses a damaged, edited, forged or revoked kiosk\'s file with the reason, and keeps nothing of it', async () => {
    const kiosk = await enrollKiosk('plant-a');
    const records = passed(kiosk, '1001', entry);
    const file = await fileOf(kiosk, records);
    const [manifest, part] = file.split('\n');
    const refusal = async (text: string) => {
      const { status, body } = await importFile('admin', text);
      return [status, body.error];
    };
    expect(await refusal(`${manifest}\n${part!.slice(0, 20)}${part![20] === 'A' ? 'B' : 'A'}${part!.slice(21)}\n`)).toEqual([422, expect.stringMatching(/does not match its size and SHA-256/)]);
    expect(await refusal(file.replace('"label":"kiosk at plant-a"', '"label":"gate kiosk"'))).toEqual([422, expect.stringMatching(/not saved with the credential of device/)]);
    expect(await refusal(await fileOf(kiosk, records, 'a-credential-somebody-guessed'))).toEqual([422, expect.stringMatching(/not saved with the credential of device/)]);
    expect(await refusal('name,score\nAda,100\nBo,90\n')).toEqual([400, expect.stringMatching(/^A records file has 2 lines .*; this one has 3/)]);
    expect(await refusal(`${manifest!.replace('"v":1', '"v":2')}\n${part}\n`)).toEqual([400, expect.stringMatching(/^Line 1 is not a records file manifest: v: must be 1/)]);
    // An authentic file that inflates beyond the limit stops there.
    const bomb = await writeRecordsFile({ device: kiosk.deviceId, label: 'kiosk at plant-a', site: 'plant-a', savedAt: now, ...asLines(records) }, await keysOf(kiosk), async () => new Uint8Array(gzipSync(Buffer.alloc(40 * 1024 * 1024))));
    expect(await refusal(bomb)).toEqual([413, expect.stringMatching(/^The records part inflates to more than/)]);

    await api('POST', `/api/v1/admin/devices/${kiosk.deviceId}/revoke`, { reason: 'stolen from the canteen' });
    expect(await refusal(file)).toEqual([422, expect.stringMatching(/revoked on 2026-12-05: stolen from the canteen/)]);
    const stored = await (await api('GET', '/api/v1/completions')).json() as { items: { id: string }[] };
    expect(stored.items.map((c) => c.id)).not.toContain(records[1]!.id);
  });
});
