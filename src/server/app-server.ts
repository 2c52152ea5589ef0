import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { CONTENT_PREFIX } from '../shared/module.ts';
import { CONTENT_UPDATE_URL } from '../shared/catalog-update.ts';
import { MAX_CONNECTIONS, RESOURCE_HEADERS, SECURITY_HEADERS, SERVER_LIMITS, safeRelativePath } from './http-policy.ts';
import { sendFile } from './static-files.ts';
import { sendContentUpdate } from './content-update.ts';
import { sendText } from './send-text.ts';
import { API_PREFIX } from './api/api-router.ts';

export interface ServerOptions {
  distDir: string;
  contentDir: string;
  /** The JSON API under /api/ (sync, reports); without it those paths answer 404. */
  api?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Called once per finished response; used by tests and the request log. */
  onResponse?: (entry: { method: string; path: string; status: number }) => void;
}

function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * One HTTP server for the app shell (dist/) and the published content. The
 * content directory is read on every request, so a new publish is live at
 * once, without a restart or a rebuild.
 */
export function createAppServer(options: ServerOptions): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (options.api && (req.url ?? '').startsWith(API_PREFIX)) {
      for (const [name, value] of Object.entries(RESOURCE_HEADERS)) res.setHeader(name, value);
      return options.api(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, `Method ${req.method} is not allowed here.`);
    }
    const [pathname = '/', query = ''] = (req.url ?? '/').split('?');
    const relative = safeRelativePath(pathname);
    if (relative === null) return sendText(res, 400, 'Bad request path.');
    if (pathname === CONTENT_UPDATE_URL) return sendContentUpdate(req, res, options.contentDir, new URLSearchParams(query).get('since'));

    if (pathname.startsWith(CONTENT_PREFIX)) {
      const file = join(options.contentDir, relative.slice(CONTENT_PREFIX.length - 1));
      if (!(await sendFile(req, res, file, pathname))) sendText(res, 404, 'No such published content.');
      return;
    }
    if (relative !== '' && (await sendFile(req, res, join(options.distDir, relative), pathname))) return;
    // The app routes in the browser: any page address gets the shell.
    if (relative === '' || (wantsHtml(req) && !/\.[a-z0-9]+$/i.test(relative))) {
      if (await sendFile(req, res, join(options.distDir, 'index.html'), '/index.html')) return;
      return sendText(res, 503, 'The app is not built yet: run npm run build.');
    }
    sendText(res, 404, 'Not found.');
  };

  const server = createServer(SERVER_LIMITS, (req, res) => {
    res.on('finish', () => options.onResponse?.({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode }));
    handle(req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  return server;
}
