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

/** PINs a supervisor sets up from now on. Six digits: a copied kiosk database costs a guesser 100 times what four did. */
export const PIN_PATTERN = /^\d{6,8}$/;
export const MIN_PASSPHRASE_LENGTH = 12;

/** Parsed form of "pbkdf2-sha256$iterations$salt$hash" (salt and hash base64url). */
export interface StoredCredential {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

/**
 * A supervisor's credential: one PBKDF2 run gives a master secret, split with
 * HMAC into a verifier (travels to kiosks, checks the passphrase offline) and
 * a signing key (stays on the server, never on a kiosk). A kiosk holding the
 * verifier cannot sign; the supervisor who types the passphrase can.
 */
export const SPLIT_SCHEME = 'pbkdf2-sha256-split';

const CREDENTIAL_TEXT = /^(pbkdf2-sha256|pbkdf2-sha256-split)\$(\d{1,8})\$([\w-]{6,64})\$([\w-]{43})$/;

export function parseCredential(text: string): (StoredCredential & { split: boolean }) | null {
  const m = CREDENTIAL_TEXT.exec(text);
  if (!m) return null;
  return { split: m[1] === SPLIT_SCHEME, iterations: Number(m[2]), salt: fromBase64Url(m[3]!), hash: fromBase64Url(m[4]!) };
}

export function formatCredential(c: StoredCredential & { split?: boolean }): string {
  return `${c.split ? SPLIT_SCHEME : CREDENTIAL_SCHEME}$${c.iterations}$${toBase64Url(c.salt)}$${toBase64Url(c.hash)}`;
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
  return (await unlock(secret, stored)) !== null;
}

/** The master secret behind a credential, when `secret` matches it. */
async function unlock(secret: string, stored: string): Promise<Uint8Array | null> {
  const parsed = parseCredential(stored);
  if (!parsed) return null;
  const master = await derive(secret, parsed.salt, parsed.iterations);
  const candidate = parsed.split ? await hmac(master, VERIFY_LABEL) : master;
  return sameBytes(candidate, parsed.hash) ? master : null;
}

// Compare every byte: the time taken says nothing about how close a guess was.
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  return diff === 0;
}

const VERIFY_LABEL = 'lowband verify';
const SIGN_LABEL = 'lowband sign';

async function hmac(key: Uint8Array, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(message)));
}

/** For the server, when an admin sets a passphrase: the verifier credential for kiosks and the signing key it keeps. */
export async function supervisorCredential(passphrase: string, iterations: number): Promise<{ credential: string; signingKey: string }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const master = await derive(passphrase, salt, iterations);
  return {
    credential: formatCredential({ split: true, iterations, salt, hash: await hmac(master, VERIFY_LABEL) }),
    signingKey: toBase64Url(await hmac(master, SIGN_LABEL)),
  };
}

/**
 * For the kiosk at a supervisor's sign-in: checks the passphrase and, when it
 * matches, returns the signing key as a non-extractable CryptoKey that lives
 * only in the page's memory for that session. Null on a wrong passphrase.
 */
export async function unlockSigningKey(passphrase: string, stored: string): Promise<CryptoKey | null> {
  if (!parseCredential(stored)?.split) return null;
  const master = await unlock(passphrase, stored);
  if (!master) return null;
  return crypto.subtle.importKey('raw', (await hmac(master, SIGN_LABEL)) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** A record's proof: HMAC-SHA256 of its canonical text with the supervisor's signing key, base64url. */
export async function signProof(key: CryptoKey, payload: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(payload))));
}

/** For the server: whether `proof` was made over `payload` with the stored signing key. Constant time. */
export async function verifyProof(signingKey: string, payload: string, proof: string): Promise<boolean> {
  // One spelling per proof: 43 characters carry 258 bits for 256, and a decoder would ignore the spare two.
  const canonical = (text: string) => /^[\w-]{43}$/.test(text) && toBase64Url(fromBase64Url(text)) === text;
  if (!canonical(proof) || !canonical(signingKey)) return false;
  const key = await crypto.subtle.importKey('raw', fromBase64Url(signingKey) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return crypto.subtle.verify('HMAC', key, fromBase64Url(proof) as BufferSource, new TextEncoder().encode(payload));
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
