/**
 * Offline credentials for shared kiosks. A kiosk checks a learner's PIN or a
 * supervisor's passphrase against a salted, slow hash that came with the
 * roster; the secret itself is never stored or sent anywhere.
 *
 * PBKDF2-HMAC-SHA256 through WebCrypto (the same code runs in the browser,
 * the service worker and Node), 32-byte hash, 16-byte random salt.
 * Iterations travel inside each stored credential, so they can be raised later
 * without breaking hashes made before.
 *
 * Honest limit: whoever copies a kiosk's database can try all 10^4..10^8 PINs
 * offline; the iteration count only slows that down. The lockout protects
 * against guessing at the kiosk, the passphrase's length protects supervisors.
 */

export const CREDENTIAL_SCHEME = 'pbkdf2-sha256';
/** About 0.1 s on a low-end kiosk tablet: a learner signs in many times a day. */
export const PIN_ITERATIONS = 100_000;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256: supervisors sign in rarely and sign for others. */
export const PASSPHRASE_ITERATIONS = 600_000;
/** Below this the server refuses a credential a device sends: a device cannot weaken the hash. */
export const MIN_ITERATIONS = PIN_ITERATIONS;

export const PIN_PATTERN = /^\d{4,8}$/;
export const MIN_PASSPHRASE_LENGTH = 12;

/** Parsed form of "pbkdf2-sha256$iterations$salt$hash" (salt and hash base64url). */
export interface StoredCredential {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

const CREDENTIAL_TEXT = /^pbkdf2-sha256\$(\d{1,8})\$([\w-]{6,64})\$([\w-]{43})$/;

export function parseCredential(text: string): StoredCredential | null {
  const m = CREDENTIAL_TEXT.exec(text);
  if (!m) return null;
  return { iterations: Number(m[1]), salt: fromBase64Url(m[2]!), hash: fromBase64Url(m[3]!) };
}

export function formatCredential(c: StoredCredential): string {
  return `${CREDENTIAL_SCHEME}$${c.iterations}$${toBase64Url(c.salt)}$${toBase64Url(c.hash)}`;
}

async function derive(secret: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** A new credential text for a secret, with a fresh random salt. */
export async function hashSecret(secret: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return formatCredential({ iterations, salt, hash: await derive(secret, salt, iterations) });
}

/** Whether `secret` matches the stored credential text; false for a malformed one. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parseCredential(stored);
  if (!parsed) return false;
  const candidate = await derive(secret, parsed.salt, parsed.iterations);
  // Compare every byte: the time taken says nothing about how close a guess was.
  let diff = candidate.length ^ parsed.hash.length;
  for (let i = 0; i < candidate.length; i++) diff |= candidate[i]! ^ (parsed.hash[i] ?? 0);
  return diff === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
