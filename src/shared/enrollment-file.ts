import { fromBase64, toBase64 } from './bytes.ts';
import type { PublicKeyJwk } from './content-bundle.ts';
import type { RosterDelta, SiteInfo } from './roster/roster.ts';

/**
 * Enrolling a kiosk that can never reach the server: the console makes the
 * kiosk's identity (device id and credential), and hands it over in a file
 * with the site's roster and the server's content key, sealed with
 * AES-256-GCM under a key stretched (PBKDF2-SHA256) from a one-time code the
 * console shows once, to travel apart from the file (read out on the phone,
 * on paper). The file alone opens nothing; the code alone is nothing.
 *
 * Two lines: the header (JSON: which site and kiosk, and how the key is
 * made) and the sealed payload (base64), with the header as associated data.
 * Like the other USB files it imports only bytes.ts.
 */

export const ENROLLMENT_FILE_FORMAT = 'lowband-enrollment';
/** As for a supervisor's passphrase (shared/kiosk/credential.ts): the code's ~50 bits take this much longer to guess offline. */
export const ENROLLMENT_FILE_ITERATIONS = 600_000;

export interface EnrollmentHeader {
  format: typeof ENROLLMENT_FILE_FORMAT;
  v: 1;
  site: { id: string; name: string };
  label: string;
  device: string;
  createdAt: number;
  /** PBKDF2-SHA256 over the code, normalised (normaliseEnrollmentCode). */
  kdf: { iterations: number; salt: string };
  iv: string;
}

/** What a kiosk needs to work with no line: who it is, its site, whom to sign in, and the key its modules files are signed with. */
export interface EnrollmentPayload {
  credential: string;
  site: SiteInfo;
  label: string;
  contentKey: PublicKeyJwk;
  roster: RosterDelta;
}

export class EnrollmentFileError extends Error {
  constructor(readonly problem: 'not-a-file' | 'wrong-code', message: string) {
    super(message);
  }
}

/** What people type for a code: any case, with or without dashes and spaces (as the server's enrollment codes). */
export const normaliseEnrollmentCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

const utf8 = (s: string) => new TextEncoder().encode(s);

async function codeKey(code: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', utf8(normaliseEnrollmentCode(code)), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The file's text (the console's side). */
export async function sealEnrollment(head: Omit<EnrollmentHeader, 'format' | 'v' | 'kdf' | 'iv'>, payload: EnrollmentPayload, code: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header: EnrollmentHeader = { format: ENROLLMENT_FILE_FORMAT, v: 1, ...head, kdf: { iterations: ENROLLMENT_FILE_ITERATIONS, salt: toBase64(salt) }, iv: toBase64(iv) };
  const line = JSON.stringify(header);
  const key = await codeKey(code, salt, ENROLLMENT_FILE_ITERATIONS);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(line) }, key, utf8(JSON.stringify(payload))));
  return `${line}\n${toBase64(sealed)}\n`;
}

/** The header alone: which site and kiosk a file is for, before the code is typed. */
export function enrollmentHeader(text: string): EnrollmentHeader {
  const [line = ''] = text.split('\n');
  let header: EnrollmentHeader | null = null;
  try {
    header = JSON.parse(line) as EnrollmentHeader;
  } catch {
    // Said below.
  }
  if (header?.format !== ENROLLMENT_FILE_FORMAT || header.v !== 1 || typeof header.kdf?.salt !== 'string' || typeof header.iv !== 'string') {
    throw new EnrollmentFileError('not-a-file', 'This is not a kiosk set-up file from the training console.');
  }
  return header;
}

/** The payload, once the code opens the file as the console sealed it. */
export async function openEnrollment(text: string, code: string): Promise<{ header: EnrollmentHeader; payload: EnrollmentPayload }> {
  const header = enrollmentHeader(text);
  const [line, sealed = ''] = text.split('\n');
  // Bounded, whatever the file says: a forged header cannot make the kiosk hash for an hour.
  const iterations = Math.min(Math.max(header.kdf.iterations, 100_000), 2_000_000);
  try {
    const key = await codeKey(code, fromBase64(header.kdf.salt), iterations);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(header.iv) as BufferSource, additionalData: utf8(line!) }, key, fromBase64(sealed.trim()) as BufferSource);
    return { header, payload: JSON.parse(new TextDecoder().decode(plain)) as EnrollmentPayload };
  } catch {
    throw new EnrollmentFileError('wrong-code', 'The code does not open this file: check it against the one the console showed with this file.');
  }
}
