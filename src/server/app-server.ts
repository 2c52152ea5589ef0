import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { join } from 'node:path';
import { CONTENT_PREFIX } from '../shared/module.ts';
import { CONTENT_UPDATE_URL } from '../shared/catalog-update.ts';
import { HSTS, MAX_CONNECTIONS, RESOURCE_HEADERS, SECURITY_HEADERS, SERVER_LIMITS, safeRelativePath } from './http-policy.ts';
import { reachedOverHttps, type ProxyTrust } from './client-address.ts';
import { inlineSourcesOf, sendFile } from './static-files.ts';
import { DEFAULT_SESSION_HOURS, DEFAULT_TLS_GROUPS, tlsServerOptions, type TlsChoices } from './tls-settings.ts';
import { sendContentUpdate } from './content-update.ts';
import { sendText } from './send-text.ts';
import { API_PREFIX } from './api/api-router.ts';
import { sendCodePage } from './posters/code-page.ts';
import { shortCodeInPath, type CodeTarget } from '../shared/short-code.ts';

export interface ServerOptions {
  distDir: string;
  contentDir: string;
  /** The JSON API under /api/ (sync, reports); without it those paths answer 404. */
  api?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Called once per finished response; used by tests and the request log. */
  onResponse?: (entry: { method: string; path: string; status: number; protocol: string }) => void;
  /** Peers whose X-Forwarded-Proto is believed (a TLS-terminating proxy): their HTTPS requests get HSTS too. */
  trustProxy?: ProxyTrust;
  /** Answers GET /healthz: resolves when the database answers, with lines of detail to add (the LRS forwarding's state). */
  health?: () => Promise<string[] | void>;
  /** Where a live poster code opens (GET /Q/7K3F); without it every code is unknown. */
  codes?: (code: string) => Promise<CodeTarget | null>;
}

export interface TlsCredentials {
  cert: string | Buffer;
  key: string | Buffer;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** HTTP/2's compatibility request and response stand in for HTTP/1.1's where this server uses them. */
type Http2Listener = Parameters<typeof createSecureServer>[1] & {};

export const HEALTH_URL = '/healthz';
const CONSOLE_PAGE = 'console/index.html';

function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * One HTTP server for the app shell (dist/) and the published content. The
 * content directory is read on every request, so a new publish is live at
 * once, without a restart or a rebuild.
 */
export function createAppHandler(options: ServerOptions): Listener {
  const trust = options.trustProxy ?? new Set<string>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (reachedOverHttps(req, trust)) res.setHeader('Strict-Transport-Security', HSTS);
    if (req.url === HEALTH_URL && options.health) return sendHealth(res, options.health);
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
    if (/^\/q\//i.test(pathname)) return sendCodePage(req, res, shortCodeInPath(pathname), options.codes ?? (async () => null));
    if (pathname === CONTENT_UPDATE_URL) return sendContentUpdate(req, res, options.contentDir, new URLSearchParams(query));

    if (pathname.startsWith(CONTENT_PREFIX)) {
      const file = join(options.contentDir, relative.slice(CONTENT_PREFIX.length - 1));
      if (!(await sendFile(req, res, file, pathname))) sendText(res, 404, 'No such published content.');
      return;
    }
    const inline = await inlineSourcesOf(options.distDir);
    if (relative !== '' && (await sendFile(req, res, join(options.distDir, relative), pathname, inline))) return;
    // The console routes in the browser too, under its own page: every address but its files is a page
    // (a draft's address ends in its file name, /console/content/01-lockout.md, and must reload too).
    if (relative === 'console' || relative.startsWith('console/')) {
      if (relative.startsWith('console/assets/')) return sendText(res, 404, 'Not found.');
      if (await sendFile(req, res, join(options.distDir, CONSOLE_PAGE), `/${CONSOLE_PAGE}`)) return;
      return sendText(res, 503, 'The console is not built yet: run npm run build.');
    }
    // The app routes in the browser: any page address gets the shell.
    if (relative === '' || (wantsHtml(req) && !/\.[a-z0-9]+$/i.test(relative))) {
      if (await sendFile(req, res, join(options.distDir, 'index.html'), '/index.html', inline)) return;
      return sendText(res, 503, 'The app is not built yet: run npm run build.');
    }
    sendText(res, 404, 'Not found.');
  };

  return (req, res) => {
    res.on('finish', () => options.onResponse?.({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode, protocol: req.httpVersion }));
    handle(req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  };
}

async function sendHealth(res: ServerResponse, health: () => Promise<string[] | void>): Promise<void> {
  for (const [name, value] of Object.entries(RESOURCE_HEADERS)) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  try {
    const detail = await health();
    sendText(res, 200, ['ok: the database answers.', ...(detail ?? [])].join('\n'));
  } catch (err) {
    sendText(res, 503, `The database does not answer: ${(err as Error).message}`);
  }
}

/** Plain HTTP: localhost, tests, and behind a TLS-terminating proxy. */
export function createAppServer(options: ServerOptions): Server {
  const server = createServer(SERVER_LIMITS, createAppHandler(options));
  server.maxConnections = MAX_CONNECTIONS;
  return server;
}

/**
 * HTTPS with HTTP/2, and HTTP/1.1 for clients that do not offer h2 (ALPN).
 * On one h2 connection a first visit's 36 requests share one TLS handshake
 * and HPACK-compressed headers: on the bench's 64 kbit/s line that took the
 * upload from 16 to 5.4 KiB and the download down by 6.4 KiB.
 */
export function createSecureAppServer(options: ServerOptions, tls: TlsCredentials, choices: TlsChoices = { groups: DEFAULT_TLS_GROUPS, sessionHours: DEFAULT_SESSION_HOURS }): Http2SecureServer {
  const server = createSecureServer({ ...tls, ...tlsServerOptions(choices), allowHTTP1: true, maxHeaderListPairs: 128 }, createAppHandler(options) as unknown as Http2Listener);
  // A session (h2) or socket (HTTP/1.1) that says nothing for this long is closed.
  server.setTimeout(SERVER_LIMITS.requestTimeout);
  server.maxConnections = MAX_CONNECTIONS;
  return server;
}

const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$/i;

/** The optional plain-HTTP port: every request is sent, permanently and with its method, to the HTTPS one. */
export function createRedirectServer(httpsPort: number): Server {
  return createServer(SERVER_LIMITS, (req, res) => {
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!HOSTNAME.test(hostname)) return sendText(res, 400, 'This port only redirects to HTTPS, and the request named no host to send it to.');
    const port = httpsPort === 443 ? '' : `:${httpsPort}`;
    res.writeHead(308, { Location: `https://${hostname}${port}${req.url?.startsWith('/') ? req.url : '/'}`, 'Cache-Control': 'no-store' });
    res.end();
  });
}
