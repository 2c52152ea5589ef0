import type { IncomingMessage, ServerResponse } from 'node:http';
import { moduleVersion } from '../../node/module-archive.ts';
import type { StoreSet } from '../store/stores.ts';
import { XAPI_VERSION } from '../xapi/statement.ts';
import { decodeFeedCursor, encodeFeedCursor, statementPage, type FeedQuery, type VersionLookup } from '../xapi/statement-feed.ts';
import { HttpError } from './read-body.ts';
import { sendJson } from './respond.ts';

export const XAPI_STATEMENTS_URL = '/api/v1/xapi/statements';

/** A page's statements when the request says none (or 0, xAPI's "as many as the server gives"), and the most it may ask. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/** xAPI's filters this feed does not offer: refused by name, never silently ignored (a caller would take everything for a filtered answer). */
const NOT_OFFERED = ['statementId', 'voidedStatementId', 'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'attachments'];
const OFFERED = ['since', 'until', 'limit', 'ascending', 'format', 'cursor'];

/**
 * GET the statement resource: every learning record and sign-off as xAPI
 * 1.0.3 statements (src/server/xapi/statements-of.ts), newest stored first
 * unless `ascending=true`, `since`/`until` on when the server stored them,
 * `limit` per page, and `more` for the next page. `homePage`: the server's
 * configured address, or this request's origin when none is configured.
 */
export async function handleStatements(req: IncomingMessage, res: ServerResponse, url: URL, stores: Pick<StoreSet, 'records' | 'credentials'>, contentDir: string, homePage: string, now: number): Promise<void> {
  const version = req.headers['x-experience-api-version'];
  if (typeof version === 'string' && !/^1\.0(\.\d+)?$/.test(version.trim())) {
    throw new HttpError(400, `X-Experience-API-Version: this server speaks xAPI ${XAPI_VERSION}, not ${version}.`);
  }
  const query = feedQuery(url.searchParams);
  const versionOf: VersionLookup = (id, lang, hash) => moduleVersion(contentDir, id, lang, hash);
  const { statements, next } = await statementPage(stores, versionOf, { homePage }, query);
  const more = new URLSearchParams(url.searchParams);
  if (next) more.set('cursor', encodeFeedCursor(next));
  res.setHeader('X-Experience-API-Version', XAPI_VERSION);
  // Records are stored and acknowledged in one transaction: everything stored before now is in the answer.
  res.setHeader('X-Experience-API-Consistent-Through', new Date(now).toISOString());
  sendJson(req, res, 200, { statements, more: next ? `${url.pathname}?${more}` : '' });
}

function feedQuery(params: URLSearchParams): FeedQuery {
  for (const name of params.keys()) {
    if (NOT_OFFERED.includes(name)) throw new HttpError(400, `${name}: this feed does not filter by ${name}; it offers ${OFFERED.join(', ')}. Read it whole into an LRS to query it.`);
    if (!OFFERED.includes(name)) throw new HttpError(400, `${name}: not a parameter of the statement resource; this feed takes ${OFFERED.join(', ')}.`);
  }
  const format = params.get('format');
  if (format !== null && format !== 'exact') throw new HttpError(400, `format: only "exact" is offered (statements as stored), not "${format}".`);
  const ascending = params.get('ascending');
  if (ascending !== null && ascending !== 'true' && ascending !== 'false') throw new HttpError(400, `ascending: "true" or "false", not "${ascending}".`);
  const limitText = params.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw new HttpError(400, `limit: a whole number of statements, not "${limitText}".`);
  const cursorText = params.get('cursor');
  const cursor = cursorText === null ? null : decodeFeedCursor(cursorText);
  if (cursorText !== null && !cursor) throw new HttpError(400, 'cursor: not one this server gave in "more"; start again from the first page.');
  return {
    since: timestamp(params, 'since'), until: timestamp(params, 'until'), ascending: ascending === 'true',
    limit: limit === 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT), cursor,
  };
}

/** An ISO 8601 timestamp with its zone, as xAPI's since and until are. */
function timestamp(params: URLSearchParams, name: string): number | null {
  const text = params.get(name);
  if (text === null) return null;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new HttpError(400, `${name}: an ISO 8601 timestamp with its time zone (2026-12-01T08:00:00Z), not "${text}".`);
  return ms;
}
