import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  credentialDigest, fileKeys, openRecords, readAck, readRecordsFile, RecordsFileError, summarize, summaryInWords, writeAck, writeRecordsFile, type RecordsManifest,
} from '../../src/shared/sync/records-file.ts';
import type { DeviceRecord } from '../../src/shared/sync/records.ts';
import { EnrollmentFileError, enrollmentHeader, openEnrollment, sealEnrollment, type EnrollmentPayload } from '../../src/shared/enrollment-file.ts';
import { fromWire, toWire, type WireRecord } from '../../src/shared/sync/wire.ts';

const DEVICE = 'dev-6d1f0c52-3c1e-4b59-9d55-0c2f3a8e7b11';
const at = Date.UTC(2026, 9, 9, 8);
const records: DeviceRecord[] = [
  { kind: 'completion', id: '019a0000-0000-7000-8000-000000000001', deviceId: DEVICE, seq: 1, at, learnerId: '1001', moduleId: 'lockout-tagout', lang: 'en', moduleHash: 'abcdef012345', attemptId: '019a0000-0000-7000-8000-000000000002', score: 100 },
  { kind: 'pin', id: '019a0000-0000-7000-8000-000000000003', deviceId: DEVICE, seq: 2, at: at + 12 * 86_400_000, supervisorId: '2001', personId: '1001', credential: 'pbkdf2-sha256$100000$c2FsdHNhbHQ$' + 'A'.repeat(43), proof: 'p'.repeat(43) },
];
const gzip = async (b: Uint8Array) => new Uint8Array(gzipSync(b));
const gunzip = async (b: Uint8Array, max: number) => new Uint8Array(gunzipSync(b, { maxOutputLength: max }));
/** The codec's own checks only; the server adds its schema (tests/integration/records-file-import.test.ts). */
const asManifest = (value: unknown) => value as RecordsManifest;
const keysFor = async (token: string, device = DEVICE) => fileKeys(await credentialDigest(token), device);
const asLines = (rs: DeviceRecord[]) => ({ lines: rs.map((r) => JSON.stringify(toWire(r))), summary: summarize(rs), roster: null });
const problemOf = async (work: Promise<unknown>) => work.then(() => 'accepted', (err: unknown) => (err instanceof RecordsFileError ? err.problem : String(err)));

describe('records on a USB stick', () => {
  it('carries the wire records, readable only with the kiosk\'s credential, and names their damage or forgery', async () => {
    const keys = await keysFor('the-kiosk-credential');
    const text = await writeRecordsFile({ device: DEVICE, label: 'Canteen kiosk', site: 'plant-a', savedAt: at + 13 * 86_400_000, ...asLines(records) }, keys, gzip);
    const [manifestLine, part] = text.split('\n');
    expect(JSON.parse(manifestLine!)).toMatchObject({ device: DEVICE, label: 'Canteen kiosk', summary: { counts: { completion: 1, pin: 1 }, first: at, last: at + 12 * 86_400_000 } });
    // The PIN hash on a lost stick is not readable.
    expect(text).not.toContain('pbkdf2');

    const lines = await openRecords(await readRecordsFile(text, asManifest), keys, gunzip);
    expect(lines.map((l) => fromWire(JSON.parse(l) as WireRecord, DEVICE))).toEqual(records);

    // One character of the part changed: its hash no longer matches.
    const flipped = `${manifestLine}\n${part!.slice(0, 10)}${part![10] === 'A' ? 'B' : 'A'}${part!.slice(11)}\n`;
    expect(await problemOf(readRecordsFile(flipped, asManifest))).toBe('damaged');
    // The manifest edited (the label, to pass the file off as another kiosk's): the seal covers it.
    const relabelled = text.replace('Canteen kiosk', 'Gate kiosk');
    expect(await problemOf(openRecords(await readRecordsFile(relabelled, asManifest), keys, gunzip))).toBe('not-authentic');
    // A file sealed with another credential, or opened as another device's.
    expect(await problemOf(openRecords(await readRecordsFile(text, asManifest), await keysFor('a-guessed-credential'), gunzip))).toBe('not-authentic');
    expect(await problemOf(openRecords(await readRecordsFile(text, asManifest), await keysFor('the-kiosk-credential', 'dev-other'), gunzip))).toBe('not-authentic');
    expect(await problemOf(readRecordsFile('hello', asManifest))).toBe('not-a-file');
    expect(await problemOf(readRecordsFile('{"format"\nAAAA\n', asManifest))).toBe('not-a-file');
  });

  it('takes back only an acknowledgement the server made for this kiosk', async () => {
    const keys = await keysFor('the-kiosk-credential');
    const ack = await writeAck({ device: DEVICE, label: 'Canteen kiosk', file: 'f'.repeat(64), importedAt: at, acked: [records[0]!.id], rejected: [{ id: records[1]!.id, reason: 'proof: does not match' }] }, keys);
    expect(await readAck(ack, DEVICE, keys)).toMatchObject({ acked: [records[0]!.id], rejected: [{ id: records[1]!.id }] });
    // Someone adds a record to the acked list, so the kiosk would drop it unsent.
    const widened = ack.replace(`"acked":["${records[0]!.id}"`, `"acked":["${records[0]!.id}","${records[1]!.id}"`);
    expect(await problemOf(readAck(widened, DEVICE, keys))).toBe('not-authentic');
    expect(await problemOf(readAck(ack, 'dev-other', keys))).toBe('other-device');
    expect(await problemOf(readAck(ack, DEVICE, await keysFor('another-credential')))).toBe('not-authentic');
    expect(await problemOf(readAck('{"format":"lowband-records"}\n00\n', DEVICE, keys))).toBe('not-a-file');
  });

  it('says what a file holds in words', () => {
    const summary = { counts: { signoff: 2, completion: 14 }, first: Date.UTC(2026, 9, 9, 12), last: Date.UTC(2026, 9, 21, 12) };
    const words = (kind: string, n: number) => `${n} ${kind}${n === 1 ? '' : 's'}`;
    expect(summaryInWords(summary, 'en-GB', words)).toMatch(/^14 completions, 2 signoffs, 9\s*–\s*21 Oct 2026$/);
    expect(summaryInWords({ counts: {}, first: null, last: null }, 'en', words)).toBe('');
  });
});

describe('a kiosk set up from a file', () => {
  const head = { site: { id: 'mine-3', name: 'Mine 3' }, label: 'Shaft kiosk', device: DEVICE, createdAt: at };
  const payload = {
    credential: 'the-kiosk-credential', site: { id: 'mine-3', name: 'Mine 3', lang: 'en', idleSeconds: 90 }, label: 'Shaft kiosk',
    contentKey: { kty: 'EC' as const, crv: 'P-256' as const, x: 'x', y: 'y' },
    roster: { v: 1 as const, cursor: 'c1', full: true, people: [], assignments: [], done: [], campaigns: [], codes: [] } as unknown as EnrollmentPayload['roster'],
  };

  it('opens only with its code, typed in any case, with or without the dash', async () => {
    const text = await sealEnrollment(head, payload, 'ABCDE-FGH23');
    expect(enrollmentHeader(text)).toMatchObject({ site: { name: 'Mine 3' }, label: 'Shaft kiosk', device: DEVICE });
    expect(text).not.toContain('the-kiosk-credential');
    expect((await openEnrollment(text, 'abcde fgh23')).payload).toEqual(payload);
    const problem = (work: Promise<unknown>) => work.then(() => 'opened', (err: unknown) => (err instanceof EnrollmentFileError ? err.problem : String(err)));
    expect(await problem(openEnrollment(text, 'ABCDE-FGH24'))).toBe('wrong-code');
    // The header is bound in: a file passed off as another kiosk's opens for nobody.
    expect(await problem(openEnrollment(text.replace('Shaft kiosk', 'Gate kiosk'), 'ABCDE-FGH23'))).toBe('wrong-code');
    expect(await problem(openEnrollment('{"format":"lowband-records"}\nAAAA\n', 'ABCDE-FGH23'))).toBe('not-a-file');
  });
});
