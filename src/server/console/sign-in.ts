import type { IncomingMessage, ServerResponse } from 'node:http';
import { Backoff } from '../api/rate-limit.ts';
import { HttpError, readValid } from '../api/read-body.ts';
import { sendJson } from '../api/respond.ts';
import type { StoreSet } from '../store/stores.ts';
import { SignInInput } from './console-schema.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { sessionCookie, SESSION_LIFETIME_MS } from './session-cookie.ts';

/** Failed sign-ins: the fifth wrong password locks an account for 1 min, the next for 2, … up to 30 min; an address gets fifty. */
const signInLimits = () => ({
  account: new Backoff({ free: 4, baseWaitMs: 60_000, maxWaitMs: 30 * 60_000, forgetMs: 24 * 3600_000, maxKeys: 10_000 }),
  address: new Backoff({ free: 50, baseWaitMs: 60_000, maxWaitMs: 30 * 60_000, forgetMs: 24 * 3600_000, maxKeys: 10_000 }),
});

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

export function signInHandler(options: SignInOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { stores, now } = options;
  const limits = signInLimits();
  return async (req, res) => {
    const input = await readValid(req, SignInInput, 'sign-in');
    const at = now();
    const keys = [`account ${input.email}`, `address ${options.clientOf(req)}`] as const;
    const wait = Math.max(limits.account.waitFor(keys[0], at), limits.address.waitFor(keys[1], at));
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new HttpError(429, `Too many failed sign-ins: try again in ${Math.ceil(wait / 60_000)} minute(s).`, 'locked');
    }
    const account = await stores.console.userForSignIn(input.email);
    // Without an account the decoy is checked all the same: a wrong address takes as long as a wrong password.
    const ok = await verifyPassword(input.password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !ok) {
      limits.account.fail(keys[0], at);
      limits.address.fail(keys[1], at);
      await stores.console.audit({ at, userId: input.email, action: 'session.refused', target: input.email, detail: options.clientOf(req) });
      throw new HttpError(401, 'That email and password do not match an account.');
    }
    limits.account.succeed(keys[0]);
    const session = await stores.console.createSession(account.id, at, SESSION_LIFETIME_MS);
    const { passwordHash, ...user } = account;
    await stores.console.audit({ at, userId: user.email, action: 'session.sign-in', target: user.email, detail: options.clientOf(req) });
    res.setHeader('Set-Cookie', sessionCookie(session.token, SESSION_LIFETIME_MS, options.overHttps(req)));
    sendJson(req, res, 200, { user });
  };
}
