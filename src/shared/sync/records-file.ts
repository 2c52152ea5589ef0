import { fromBase64, fromHex, sha256Hex, toBase64, toHex } from '../bytes.ts';
import type { DeviceRecord, DeviceRecordKind } from './records.ts';

/**
 * Records on a USB stick, for a site with no line: the kiosk's outbox in a
 * file a supervisor carries to the console, and the console's answer in a
 * file carried back. Both ends run this code (WebCrypto in the browser and in
 * Node), so they cannot disagree about the format.
 *
 * A records file is two lines of text:
 *   1. the manifest, JSON: which kiosk, when, what in words (counts, dates),
 *      and for each part its size and SHA-256 as stored;
 *   2. the one part, base64: the records in their sync wire form, one per line
 *      (NDJSON), gzipped, then sealed with AES-256-GCM under a key derived
 *      from the kiosk's device credential, with the manifest line as
 *      associated data.
 * The SHA-256 tells a damaged copy apart; the seal tells an edited or forged
 * file (and keeps the records, PIN hashes among them, unreadable on a lost
 * stick). The acknowledgement is JSON and an HMAC under another key derived
 * from the same credential: a forged one could make a kiosk drop records.
 *
 * The server keeps only the SHA-256 of each credential, so the keys are
 * derived from that digest: the kiosk computes it, the server has it. Whoever
 * can read the server's devices table could make such a file; they could as
 * well write records into the database.
 *
 * It imports only shared/bytes.ts, which no other part of the app imports: the
 * kiosk loads it in a chunk of its own, and a module it shared with the app
 * would be split out of the app's one file.
 */

export const RECORDS_FILE_FORMAT = 'lowband-records';
export const RECORDS_ACK_FORMAT = 'lowband-records-ack';
/** Records in one file: a kiosk with more saves another file for the rest. */
export const MAX_FILE_RECORDS = 20_000;
/** The whole file as uploaded: 20,000 records gzip to well under this. */
export const MAX_RECORDS_FILE_BYTES = 16 * 1024 * 1024;
/** The records part once inflated: a bomb stops here. */
export const MAX_RECORDS_PART_BYTES = 32 * 1024 * 1024;
export const RECORDS_PART = 'records.ndjson';

export interface RecordsSummary {
  /** How many records of each kind; kinds with none are left out. */
  counts: Partial<Record<DeviceRecordKind, number>>;
  /** Device clock of the earliest and latest record; null with no records. */
  first: number | null;
  last: number | null;
}

export interface RecordsPart {
  name: typeof RECORDS_PART;
  /** How the NDJSON was packed before sealing. */
  encoding: 'gzip' | 'identity';
  /** The AES-GCM nonce, base64. */
  iv: string;
  records: number;
  /** Of the sealed bytes, as stored (after base64 decoding). */
  bytes: number;
  sha256: string;
}

export interface RecordsManifest {
  format: typeof RECORDS_FILE_FORMAT;
  v: 1;
  device: string;
  /** The kiosk's name ("Canteen kiosk") and site, for the person importing it. */
  label: string;
  site: string;
  /** Device clock when saved. */
  savedAt: number;
  /** The kiosk's roster cursor when saved: the acknowledgement brings what changed since (null: the whole roster). */
  roster: string | null;
  summary: RecordsSummary;
  parts: [RecordsPart];
}

export interface RecordsAck {
  format: typeof RECORDS_ACK_FORMAT;
  v: 1;
  device: string;
  label: string;
  /** SHA-256 of the records file this answers. */
  file: string;
  /** Server clock at the import. */
  importedAt: number;
  /** Stored now or before with the same content: the kiosk may forget these. */
  acked: string[];
  /** Refused as network sync would refuse them: the kiosk moves them aside with the reason. */
  rejected: { id: string; reason: string }[];
  /**
   * For a kiosk: its site's roster changes since the cursor its file named,
   * sealed (PIN hashes travel in it) under the file key; openAckRoster reads it.
   */
  roster?: { since: string | null; iv: string; sealed: string };
}

/** Why a file was refused, by what a person can do about it. */
export type RecordsFileProblem = 'not-a-file' | 'damaged' | 'not-authentic' | 'other-device';

export class RecordsFileError extends Error {
  constructor(readonly problem: RecordsFileProblem, message: string) {
    super(message);
  }
}

/** A file name for what a device saved or the console answered: "records-canteen-kiosk-2026-10-21.txt". */
export function transferFileName(kind: 'records' | 'acknowledgement' | 'set-up', label: string, at: number): string {
  const name = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'kiosk';
  return `${kind}-${name}-${new Date(at).toISOString().slice(0, 10)}.txt`;
}

export interface FileKeys {
  seal: CryptoKey;
  ack: CryptoKey;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The hex SHA-256 of a device credential: what the server stores, and what the file keys come from. */
export const credentialDigest = (token: string): Promise<string> => sha256Hex(token);

/** The two keys of one device: salted with its id, so one digest never serves two devices' files. */
export async function fileKeys(credentialSha256: string, deviceId: string): Promise<FileKeys> {
  const ikm = fromHex(credentialSha256);
  if (!ikm || ikm.length !== 32) throw new Error('a credential digest is 64 hex characters');
  const base = await crypto.subtle.importKey('raw', ikm as BufferSource, 'HKDF', false, ['deriveKey']);
  const derive = (info: string, type: { name: 'AES-GCM'; length: number } | { name: 'HMAC'; hash: string; length: number }, usages: string[]) =>
    crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: utf8(deviceId), info: utf8(info) }, base, type, false, usages);
  return {
    seal: await derive('lowband records file v1', { name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt']),
    ack: await derive('lowband records ack v1', { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign', 'verify']),
  };
}

export function summarize(records: readonly DeviceRecord[]): RecordsSummary {
  const counts: RecordsSummary['counts'] = {};
  for (const r of records) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  const times = records.map((r) => r.at);
  return { counts, first: times.length ? Math.min(...times) : null, last: times.length ? Math.max(...times) : null };
}

/** Kinds in the order a person reads them: what training was done first, the device's own events last. */
const SUMMARY_ORDER: readonly DeviceRecordKind[] = ['completion', 'signoff', 'attempt', 'review', 'checkpoint', 'pin', 'event'];

/** "14 completions, 2 sign-offs, 9–21 Oct", in the reader's language, with its words for each kind. */
export function summaryInWords(summary: RecordsSummary, lang: string, countOf: (kind: DeviceRecordKind, n: number) => string): string {
  const counts = SUMMARY_ORDER.flatMap((kind) => (summary.counts[kind] ? [countOf(kind, summary.counts[kind])] : []));
  const dates = summary.first !== null && summary.last !== null
    ? [new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: 'numeric' }).formatRange(summary.first, summary.last)] : [];
  return [...counts, ...dates].join(', ');
}

export interface RecordsFileInput {
  device: string;
  label: string;
  site: string;
  savedAt: number;
  roster: string | null;
  /** Each record in its sync wire form (shared/sync/wire.ts), as JSON. */
  lines: readonly string[];
  summary: RecordsSummary;
}

/** The file's text. `gzip` null: the records go unpacked (a browser without CompressionStream). */
export async function writeRecordsFile(input: RecordsFileInput, keys: FileKeys, gzip: ((bytes: Uint8Array) => Promise<Uint8Array>) | null): Promise<string> {
  const ndjson = utf8(input.lines.join('\n'));
  const packed = gzip ? await gzip(ndjson) : ndjson;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  // AES-GCM adds its 16-byte tag to what it seals.
  const part: Omit<RecordsPart, 'sha256'> = { name: RECORDS_PART, encoding: gzip ? 'gzip' : 'identity', iv: toBase64(iv), records: input.lines.length, bytes: packed.length + 16 };
  const head = {
    format: RECORDS_FILE_FORMAT as typeof RECORDS_FILE_FORMAT, v: 1 as const, device: input.device, label: input.label, site: input.site, savedAt: input.savedAt, roster: input.roster, summary: input.summary,
  };
  // AES-GCM's associated data is the manifest without the part's hash (which depends on the sealed bytes); the hash is checked on its own.
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(associatedData(head, part)) }, keys.seal, packed as BufferSource));
  const manifest: RecordsManifest = { ...head, parts: [{ ...part, sha256: await sha256Hex(sealed) }] };
  return `${JSON.stringify(manifest)}\n${toBase64(sealed)}\n`;
}

/** What the seal covers: every manifest field but the part's hash, in a fixed order. */
function associatedData(head: Omit<RecordsManifest, 'parts'>, part: Omit<RecordsPart, 'sha256'>): string {
  return JSON.stringify([head.format, head.v, head.device, head.label, head.site, head.savedAt, head.roster, head.summary, part.name, part.encoding, part.iv, part.records, part.bytes]);
}

export interface ReadRecordsFile {
  manifest: RecordsManifest;
  /** The sealed part, checked against its SHA-256. */
  sealed: Uint8Array;
}

/**
 * The manifest and the sealed part, once the part matches the manifest's
 * size and hash. `checkManifest` is the caller's schema (the server's); this
 * only splits the lines and compares bytes.
 */
export async function readRecordsFile(text: string, checkManifest: (value: unknown) => RecordsManifest): Promise<ReadRecordsFile> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== 2) throw new RecordsFileError('not-a-file', `A records file has 2 lines (the manifest, then the records); this one has ${lines.length}.`);
  let raw: unknown;
  try {
    raw = JSON.parse(lines[0]!);
  } catch {
    throw new RecordsFileError('not-a-file', 'Line 1 is not a records file manifest (it is not JSON).');
  }
  const manifest = checkManifest(raw);
  const [part] = manifest.parts;
  let sealed: Uint8Array;
  try {
    sealed = fromBase64(lines[1]!.trim());
  } catch {
    throw new RecordsFileError('damaged', `Line 2 (${part.name}) is not base64: the file was damaged or edited after it was saved.`);
  }
  if (sealed.length !== part.bytes || (await sha256Hex(sealed)) !== part.sha256) {
    throw new RecordsFileError('damaged', `Line 2 (${part.name}) does not match its size and SHA-256 in the manifest: the file was damaged or edited after it was saved.`);
  }
  return { manifest, sealed };
}

/** The records' wire lines, unsealed and unpacked; refused when the kiosk's key did not seal exactly this. */
export async function openRecords(file: ReadRecordsFile, keys: FileKeys, gunzip: (bytes: Uint8Array, maxBytes: number) => Promise<Uint8Array>): Promise<string[]> {
  const [part] = file.manifest.parts;
  let packed: Uint8Array;
  try {
    packed = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(part.iv) as BufferSource, additionalData: utf8(associatedData(file.manifest, part)) }, keys.seal, file.sealed as BufferSource));
  } catch {
    throw new RecordsFileError('not-authentic', `This file was not saved with the credential of device ${file.manifest.device}, or was changed after it was saved.`);
  }
  const ndjson = part.encoding === 'gzip' ? await gunzip(packed, MAX_RECORDS_PART_BYTES) : packed;
  const lines = new TextDecoder().decode(ndjson as BufferSource).split('\n');
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

const ROSTER_LABEL = 'lowband records ack roster';

/** The acknowledgement's text; with `roster`, the site's roster changes since the file's cursor, sealed. */
export async function writeAck(ack: Omit<RecordsAck, 'format' | 'v' | 'roster'>, keys: FileKeys, roster?: { since: string | null; delta: unknown }): Promise<string> {
  let sealedRoster: RecordsAck['roster'];
  if (roster) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(ROSTER_LABEL) }, keys.seal, utf8(JSON.stringify(roster.delta)));
    sealedRoster = { since: roster.since, iv: toBase64(iv), sealed: toBase64(new Uint8Array(sealed)) };
  }
  const body = JSON.stringify({ format: RECORDS_ACK_FORMAT, v: 1, ...ack, ...(sealedRoster ? { roster: sealedRoster } : {}) } satisfies RecordsAck);
  return `${body}\n${toHex(new Uint8Array(await crypto.subtle.sign('HMAC', keys.ack, utf8(body))))}\n`;
}

/** The acknowledgement, once it is this device's and the server's own; throws RecordsFileError otherwise. */
export async function readAck(text: string, deviceId: string, keys: FileKeys): Promise<RecordsAck> {
  const [body = '', mac = '', ...rest] = text.split('\n');
  let ack: Partial<RecordsAck> | null = null;
  try {
    ack = JSON.parse(body) as Partial<RecordsAck>;
  } catch {
    // Said below: not an acknowledgement.
  }
  const signature = fromHex(mac.trim());
  if (!ack || ack.format !== RECORDS_ACK_FORMAT || ack.v !== 1 || !signature || rest.some((l) => l.trim() !== '')) {
    throw new RecordsFileError('not-a-file', 'This is not an acknowledgement file from the console.');
  }
  if (ack.device !== deviceId) throw new RecordsFileError('other-device', `This acknowledgement is for device ${String(ack.device)}, not this one (${deviceId}).`);
  if (!(await crypto.subtle.verify('HMAC', keys.ack, signature as BufferSource, utf8(body)))) {
    throw new RecordsFileError('not-authentic', 'This acknowledgement was not made by the server for this device, or was changed.');
  }
  if (!Array.isArray(ack.acked) || !Array.isArray(ack.rejected) || typeof ack.importedAt !== 'number') {
    throw new RecordsFileError('not-a-file', 'This acknowledgement lacks its lists of records.');
  }
  return ack as RecordsAck;
}


/** The roster changes an authentic acknowledgement carries (readAck checked it); null when it carries none. */
export async function openAckRoster(ack: RecordsAck, keys: FileKeys): Promise<unknown> {
  if (!ack.roster) return null;
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(ack.roster.iv) as BufferSource, additionalData: utf8(ROSTER_LABEL) }, keys.seal, fromBase64(ack.roster.sealed) as BufferSource);
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}
