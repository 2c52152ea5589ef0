import type { IncomingMessage } from 'node:http';
import { CONSOLE_API } from '../../shared/console/access.ts';

export const SESSION_COOKIE = 'lowband_console';
/** A working day and a bit: an L&D person signs in once a day; a forgotten session ends overnight. */
export const SESSION_LIFETIME_MS = 12 * 3600_000;

/**
 * The session cookie: never readable by scripts, sent only to the console's
 * API and only from this site's own pages (SameSite=Strict), and over HTTPS
 * only when the console was reached over HTTPS.
 */
export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`, `Path=${CONSOLE_API}`, `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export const clearedSessionCookie = (secure: boolean): string => sessionCookie('', 0, secure);

export function sessionToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

/**
 * CSRF: a state-changing request must say it comes from a page of this very
 * host. Browsers send Origin on every cross-origin request and on same-origin
 * POST, PUT and DELETE; SameSite=Strict already keeps the cookie off other
 * sites' requests, and this holds even where a browser does not honour it.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined);
  if (!origin || !host || origin === 'null') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
