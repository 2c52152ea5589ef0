import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BoundedQueue } from '../bounded-queue.ts';

/**
 * Console passwords, hashed with Node's scrypt at OWASP's recommended cost
 * (N = 2^17, r = 8, p = 1: about 128 MiB and a tenth of a second per try).
 * The parameters are stored with each hash, so raising them later leaves
 * existing accounts able to sign in.
 */
const COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Every scrypt of this process waits here: one at a time, eight in line, a
 * 503 for the ninth. scrypt runs on libuv's thread pool (four threads), which
 * static files, compression and SQLite's neighbours share; one slot leaves
 * three to them, and 128 MiB at most in use (`npm run bench:abuse` measures
 * both: content latency and the server's RSS during a burst of sign-ins).
 */
export const passwordWork = new BoundedQueue({ concurrency: 1, maxWaiting: 8, what: 'password checks', retryAfterSeconds: 2 });

/** Stored parameters are bounded: a hash with N = 2^30 in the database must not cost a gigabyte per sign-in. */
const MAX_N = 2 ** 20;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return passwordWork.run(() => new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)))));
}

/** "scrypt$N$r$p$salt$key", salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || !(Number(n) <= MAX_N && Number(r) <= 16 && Number(p) <= 4)) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Why a new password will not do, or null. Length is what makes a password hard to guess; no composition rules (NIST SP 800-63B). */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if ([...password].length > 256) return 'must be at most 256 characters';
  return null;
}

/** A hash to verify against when there is no such account, so a wrong email takes as long as a wrong password. */
let decoy: Promise<string> | null = null;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));
