import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readValid } from '../api/read-body.ts';
import { sendJson } from '../api/respond.ts';
import type { StoreSet } from '../store/stores.ts';
import { SignInInput } from './console-schema.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { sessionCookie, SESSION_LIFETIME_MS } from './session-cookie.ts';
import type { NewLock, SignInLimits } from './sign-in-limits.ts';
import type { AuditAction } from '../../shared/console/access.ts';
import { englishCount } from '../../shared/plural.ts';

/** How far back a successful sign-in makes an address "known" to its account. */
const KNOWN_ADDRESS_DAYS = 90;

/**
 * POST /api/v1/console/session: a password for a session cookie. Every
 * refusal reads the same and takes as long, whether the email is known or
 * not, and is written to the audit log with the address it came from.
 */
export interface SignInOptions {
  stores: StoreSet;
  now: () => number;
  /** Who is asking, for the limits and the audit log: the peer, unless a trusted proxy says otherwise. */
  clientOf: (req: IncomingMessage) => string;
  /** Whether the request reached us over HTTPS (directly or through a trusted proxy): the cookie is then Secure. */
  overHttps: (req: IncomingMessage) => boolean;
}

export function signInHandler(options: SignInOptions, limits: SignInLimits): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { stores, now } = options;
  const audit = (action: AuditAction, email: string, detail: string) => stores.console.audit({ at: now(), userId: email, action, target: email, detail });
  return async (req, res) => {
    const input = await readValid(req, SignInInput, 'sign-in');
    const email = input.email.toLowerCase();
    const address = options.clientOf(req);
    // Read before the limits are asked, so nothing awaits between their decision and the attempt's count.
    const known = (await stores.console.signInAddresses(email, now() - KNOWN_ADDRESS_DAYS * 86_400_000)).includes(address);
    const attempt = limits.begin(email, address, known, now());
    if ('refused' in attempt) {
      if (attempt.refused === 'in-flight') throw new HttpError(429, 'A sign-in to this account is being checked: try again in a moment.', 'busy', 1);
      const seconds = Math.ceil(attempt.waitMs / 1000);
      throw new HttpError(429, `Too many failed sign-ins${attempt.kind === 'address' ? ' from this address' : ''}: try again in ${englishCount(Math.ceil(seconds / 60), 'minute')}.`, 'locked', seconds);
    }
    let ok = false;
    let account: Awaited<ReturnType<typeof stores.console.userForSignIn>> = null;
    try {
      account = await stores.console.userForSignIn(email);
      // Without an account the decoy is checked all the same: a wrong address takes as long as a wrong password.
      ok = await verifyPassword(input.password, account?.passwordHash ?? (await decoyHash())) && account !== null;
    } catch (err) {
      // Too busy to check (a 503) or the store failed: no password was tried, so it only ends.
      limits.finish(attempt, 'ended', now());
      throw err;
    }
    const locks = limits.finish(attempt, ok ? 'ended' : 'failed', now());
    for (const lock of locks) await audit('session.locked', email, lockDetail(lock, address));
    if (!account || !ok) {
      await audit('session.refused', email, address);
      throw new HttpError(401, 'That email and password do not match an account.');
    }
    const session = await stores.console.createSession(account.id, now(), SESSION_LIFETIME_MS);
    const { passwordHash, ...user } = account;
    await audit('session.sign-in', user.email, address);
    res.setHeader('Set-Cookie', sessionCookie(session.token, SESSION_LIFETIME_MS, options.overHttps(req)));
    sendJson(req, res, 200, { user });
  };
}

/** The audit log's words for a lock: what was locked, for how long, after how many failures, and from where the last one came. */
function lockDetail(lock: NewLock, address: string): string {
  const what = lock.kind === 'account' ? 'account' : lock.kind === 'pair' ? `account from ${address}` : `address ${address}`;
  return `${what} locked for ${Math.round(lock.waitMs / 60_000)} min after ${lock.failures} failed sign-ins (last from ${address})`;
}
