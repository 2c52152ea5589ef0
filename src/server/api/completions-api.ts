import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify';
import { CSV_OPTIONS } from '../spreadsheet-safe.ts';
import type { CompletionQuery, CompletionRow, RecordStore } from '../store/record-store.ts';
import { decodeCursor } from '../store/record-store.ts';
import { HttpError } from './read-body.ts';
import { sendJson } from './respond.ts';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

/** Time parameters take an ISO date (2026-11-01 or a full timestamp) or ms since the epoch. */
function parseTime(name: string, value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new HttpError(400, `${name}: "${value}" is not a date (use 2026-11-01, an ISO timestamp, or ms since the epoch).`);
  return ms;
}

/** Reads the filter of a completions request; every bad parameter is named. */
export function completionQueryFrom(url: URL, limitDefault = DEFAULT_PAGE): CompletionQuery {
  const known = new Set(['learner', 'module', 'from', 'to', 'limit', 'after']);
  for (const key of url.searchParams.keys()) {
    if (!known.has(key)) throw new HttpError(400, `Unknown parameter "${key}": use ${[...known].join(', ')}.`);
  }
  const get = (k: string) => url.searchParams.get(k) ?? undefined;
  const query: CompletionQuery = { limit: limitDefault, learnerId: get('learner'), moduleId: get('module') };
  const from = get('from');
  const to = get('to');
  if (from !== undefined) query.from = parseTime('from', from);
  if (to !== undefined) query.to = parseTime('to', to);
  const limit = get('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new HttpError(400, `limit: must be a whole number from 1 to ${MAX_PAGE}.`);
    query.limit = n;
  }
  const after = get('after');
  if (after !== undefined) {
    if (!decodeCursor(after)) throw new HttpError(400, 'after: not a cursor this server gave out (use the "next" of the previous page).');
    query.after = after;
  }
  return query;
}

/** GET /api/v1/completions: one page of completions, oldest first. */
export async function handleCompletions(req: IncomingMessage, res: ServerResponse, store: RecordStore, url: URL): Promise<void> {
  sendJson(req, res, 200, await store.completions(completionQueryFrom(url)));
}

const CSV_COLUMNS: { key: keyof CompletionRow; header: string; iso?: boolean }[] = [
  { key: 'learnerId', header: 'learner_id' },
  { key: 'moduleId', header: 'module_id' },
  { key: 'lang', header: 'language' },
  { key: 'moduleHash', header: 'module_version' },
  { key: 'score', header: 'score_percent' },
  { key: 'completedAt', header: 'completed_at', iso: true },
  { key: 'receivedAt', header: 'received_at', iso: true },
  { key: 'deviceId', header: 'device_id' },
  { key: 'deviceSeq', header: 'device_seq' },
  { key: 'id', header: 'completion_id' },
  { key: 'attemptId', header: 'attempt_id' },
];

/** GET /api/v1/completions.csv: every completion matching the filter, streamed page by page. */
export async function handleCompletionsCsv(res: ServerResponse, store: RecordStore, url: URL): Promise<void> {
  const query = completionQueryFrom(url, MAX_PAGE);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="completions.csv"');
  res.setHeader('Cache-Control', 'no-store');
  const csv = stringify({ ...CSV_OPTIONS, header: true, columns: CSV_COLUMNS.map((c) => ({ key: c.key, header: c.header })) });
  csv.pipe(res);
  for (let after = query.after; ;) {
    const page = await store.completions({ ...query, after });
    for (const row of page.items) {
      const out: Record<string, unknown> = { ...row };
      for (const c of CSV_COLUMNS) if (c.iso) out[c.key] = new Date(row[c.key] as number).toISOString();
      if (!csv.write(out)) await new Promise((resolve) => csv.once('drain', resolve));
    }
    if (!page.next) break;
    after = page.next;
  }
  csv.end();
  await new Promise((resolve) => res.once('finish', resolve));
}
