import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMPLETIONS_CSV_URL, COMPLETIONS_URL, SYNC_URL } from '../../shared/sync/limits.ts';
import type { RecordStore } from '../store/record-store.ts';
import { bearerCheck } from './auth.ts';
import { handleCompletions, handleCompletionsCsv } from './completions-api.ts';
import { HttpError } from './read-body.ts';
import { sendError } from './respond.ts';
import { handleSync } from './sync-api.ts';

export const API_PREFIX = '/api/';

export interface ApiOptions {
  store: RecordStore;
  /** Device credentials accepted by the sync endpoint. */
  deviceTokens: readonly string[];
  /** The credential for reading records back (reports, CSV). */
  adminToken: string;
  now?: () => number;
}

type Route = { method: 'GET' | 'POST'; auth: (req: IncomingMessage) => void; run: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> };

/** The versioned JSON API. Every answer, error or not, is JSON with no caching. */
export function createApi(options: ApiOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = options.now ?? Date.now;
  const device = bearerCheck(options.deviceTokens, 'a device credential');
  const admin = bearerCheck([options.adminToken], 'the admin token');
  const routes: Record<string, Route> = {
    [SYNC_URL]: { method: 'POST', auth: device, run: (req, res) => handleSync(req, res, options.store, now) },
    [COMPLETIONS_URL]: { method: 'GET', auth: admin, run: (req, res, url) => handleCompletions(req, res, options.store, url) },
    [COMPLETIONS_CSV_URL]: { method: 'GET', auth: admin, run: (_req, res, url) => handleCompletionsCsv(res, options.store, url) },
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://server');
    const route = routes[url.pathname];
    try {
      if (!route) throw new HttpError(404, `No API at ${url.pathname}.`);
      if (req.method !== route.method) {
        res.setHeader('Allow', route.method);
        throw new HttpError(405, `${url.pathname} takes ${route.method}, not ${req.method}.`);
      }
      route.auth(req);
      await route.run(req, res, url);
    } catch (err) {
      if (res.headersSent) { res.destroy(); return; }
      if (err instanceof HttpError) return sendError(req, res, err.status, err.message);
      console.error(`${req.method} ${url.pathname}:`, err);
      // The store failed before committing: nothing was acknowledged, the device keeps its records and retries.
      sendError(req, res, 503, 'The record store is unavailable; nothing was stored from this request. Try again later.');
    } finally {
      // Unread request bytes would otherwise hold the connection.
      if (!req.readableEnded) req.resume();
    }
  };
}
