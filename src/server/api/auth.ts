import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './read-body.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer-token check in constant time: the comparison never tells how much of a guess was right. */
export function bearerCheck(tokens: readonly string[], what: string): (req: IncomingMessage) => void {
  const known = tokens.filter(Boolean).map(digest);
  return (req) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new HttpError(401, `This request needs ${what}: send "Authorization: Bearer <token>".`);
    const offered = digest(m[1]!);
    if (!known.some((k) => timingSafeEqual(k, offered))) throw new HttpError(401, `The ${what} is not valid here.`);
  };
}
