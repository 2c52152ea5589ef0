import * as v from 'valibot';
import { MAX_RECORDS_PER_BATCH } from '../../shared/sync/limits.ts';
import { sha256Hex } from '../../shared/bytes.ts';
import { DEVICE_RECORD_KINDS } from '../../shared/sync/records.ts';
import {
  fileKeys, MAX_FILE_RECORDS, openRecords, readRecordsFile, RECORDS_FILE_FORMAT, RECORDS_PART, RecordsFileError, transferFileName, writeAck, type RecordsManifest,
} from '../../shared/sync/records-file.ts';
import type { RecordsImportResult } from '../../shared/console/records-import.ts';
import type { PublishedVersions } from '../../node/published-index.ts';
import type { Stores } from '../store/stores.ts';
import { describeIssues } from '../../shared/roster/admin-schema.ts';
import { revokedMessage } from './device-auth.ts';
import { gunzipCapped, HttpError } from './read-body.ts';
import { ingestBatch } from './sync-api.ts';

const whole = (min: number, max: number) => v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));
const text = (max: number) => v.pipe(v.string('must be text'), v.maxLength(max, `must be at most ${max} characters`));
const time = v.nullable(whole(0, Number.MAX_SAFE_INTEGER));

/** The manifest as a kiosk writes it (shared/sync/records-file.ts); anything else is not a records file. */
const Manifest = v.strictObject({
  format: v.literal(RECORDS_FILE_FORMAT, `must be "${RECORDS_FILE_FORMAT}"`),
  v: v.literal(1, 'must be 1'),
  device: v.pipe(text(80), v.minLength(1, 'must not be empty')),
  label: text(200),
  site: text(80),
  savedAt: whole(0, Number.MAX_SAFE_INTEGER),
  roster: v.nullable(text(40)),
  summary: v.strictObject({ counts: v.record(v.picklist(DEVICE_RECORD_KINDS, 'must be a record kind'), whole(0, MAX_FILE_RECORDS)), first: time, last: time }),
  parts: v.strictTuple([v.strictObject({
    name: v.literal(RECORDS_PART, `must be "${RECORDS_PART}"`),
    encoding: v.picklist(['gzip', 'identity'], 'must be gzip or identity'),
    iv: v.pipe(v.string('must be text'), v.regex(/^[A-Za-z0-9+/]{16}$/, 'must be a 12-byte nonce in base64')),
    records: whole(0, MAX_FILE_RECORDS),
    bytes: whole(16, Number.MAX_SAFE_INTEGER),
    sha256: v.pipe(v.string('must be text'), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')),
  })], 'must list the one part, records.ndjson'),
});

function checkManifest(value: unknown): RecordsManifest {
  const parsed = v.safeParse(Manifest, value);
  if (!parsed.success) throw new RecordsFileError('not-a-file', `Line 1 is not a records file manifest: ${describeIssues(parsed.issues)}.`);
  return parsed.output as RecordsManifest;
}

const STATUS = { 'not-a-file': 400, damaged: 422, 'not-authentic': 422, 'other-device': 422 } as const;

/**
 * A records file a kiosk saved for a USB stick, taken in by the rules of
 * network sync: the file must be whole and sealed with that kiosk's
 * credential, the kiosk enrolled (not revoked) at a site the importer
 * manages, and each record then passes or is refused exactly as in a sync.
 * Importing a file again stores nothing new and gives the same answer.
 */
export async function importRecordsFile(stores: Stores, text: string, mayImport: (siteId: string) => boolean, now: number,
  published: () => Promise<PublishedVersions>): Promise<RecordsImportResult> {
  try {
    const file = await readRecordsFile(text, checkManifest);
    const { manifest } = file;
    const found = await stores.devices.deviceWithDigest(manifest.device);
    // A device of a site the importer may not manage is as unknown as one never enrolled: ids of other sites cannot be probed.
    if (!found || !mayImport(found.device.siteId)) throw new HttpError(404, `This file comes from device ${manifest.device} ("${manifest.label}"), which is not enrolled at a site you manage on this server.`);
    const { device, credentialSha256 } = found;
    if (device.revokedAt !== null) throw new HttpError(422, `Refused: the file comes from "${device.label}". ${revokedMessage(device)}`);
    const keys = await fileKeys(credentialSha256, device.id);
    const lines = await openRecords(file, keys, (bytes, max) => gunzipCapped(bytes, max, 'The records part'));
    if (lines.length !== manifest.parts[0].records) throw new RecordsFileError('damaged', `The manifest lists ${manifest.parts[0].records} records; the file holds ${lines.length}.`);

    const result = { acked: [] as string[], rejected: [] as RecordsImportResult['rejected'], stored: 0 };
    for (let start = 0; start < lines.length; start += MAX_RECORDS_PER_BATCH) {
      const batch = lines.slice(start, start + MAX_RECORDS_PER_BATCH).map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          result.rejected.push({ record: start + i + 1, id: null, reason: 'the line is not JSON' });
          return undefined;
        }
      });
      const readable = batch.flatMap((record, i) => (record === undefined ? [] : [{ record, position: start + i + 1 }]));
      const answer = await ingestBatch(stores, device, readable.map((r) => r.record), now, published, null);
      result.acked.push(...answer.acked);
      result.rejected.push(...answer.rejected.map((r) => ({ record: readable[r.index]!.position, id: r.id, reason: r.reason })));
      result.stored += answer.stored;
    }
    result.rejected.sort((a, b) => a.record - b.record);
    // A kiosk with no line learns its roster's changes this way too: new people, assignments, what is done.
    const roster = device.learnerId === null ? { since: manifest.roster, delta: await stores.sites.rosterDelta(device.siteId, manifest.roster, now) } : undefined;
    const ack = await writeAck({
      device: device.id, label: device.label, file: await sha256Hex(text), importedAt: now, acked: result.acked,
      rejected: result.rejected.flatMap(({ id, reason }) => (id === null ? [] : [{ id, reason }])),
    }, keys, roster);
    return {
      device: { id: device.id, label: device.label, siteId: device.siteId }, savedAt: manifest.savedAt, summary: manifest.summary, records: lines.length,
      stored: result.stored, already: result.acked.length - result.stored, rejected: result.rejected,
      ack, ackName: transferFileName('acknowledgement', device.label, now),
    };
  } catch (err) {
    if (err instanceof RecordsFileError) throw new HttpError(STATUS[err.problem], err.message, `records-file-${err.problem}`);
    throw err;
  }
}
