/**
 * Pure HTTP decisions: which encoding to send, how long a URL may be cached,
 * which headers every response carries. Kept apart from I/O so tests can pin them.
 */
import { CONTENT_CSP } from '../shared/module.ts';

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * Timeouts for clients on a shared 64 kbit/s line. The largest request is a
 * 64 KiB sync batch; a kiosk that gets a tenth of the line (800 B/s) sends it
 * in 80 s, so 120 s lets a slow but honest kiosk finish, while a client that
 * trickles its headers is cut off after 20 s and an idle keep-alive after 15 s.
 */
export const SERVER_LIMITS = {
  headersTimeout: 20_000,
  requestTimeout: 120_000,
  keepAliveTimeout: 15_000,
  /** Node's limit too, said here so it stays: a header block is small on every honest request. */
  maxHeaderSize: 16 * 1024,
} as const;
/**
 * Sent on every answer that came over HTTPS: a kiosk that once reached the
 * server securely never falls back to plain HTTP, where it would lose its
 * service worker. No includeSubDomains: other intranet hosts are not ours to bind.
 */
export const HSTS = 'max-age=31536000';
/** A plant is a few kiosks and phones; past this, new connections are refused rather than starving the ones in flight. */
export const MAX_CONNECTIONS = 512;

/** Picks the best encoding the client accepts among those we have, preferring the smallest. */
export function chooseEncoding(acceptEncoding: string | undefined, available: readonly Encoding[]): Encoding {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (e: Encoding) => q.get(e) ?? q.get('*') ?? (e === 'identity' ? 1 : 0);
  let best: Encoding = 'identity';
  let bestWeight = 0;
  for (const e of ['br', 'gzip', 'identity'] as const) {
    if (!available.includes(e) && e !== 'identity') continue;
    const w = weight(e);
    if (w > bestWeight) {
      best = e;
      bestWeight = w;
    }
  }
  return best;
}

/** If-None-Match holds one ETag, a comma-separated list, or "*". */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export const IMMUTABLE = 'max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Hashed files never change, so they are cached for a year; the few entry points are always revalidated. */
export function cacheControlFor(urlPath: string): string {
  if (/^\/(console\/)?assets\/.+-[A-Z0-9]{8}\.(js|css|svg|webmanifest)$/.test(urlPath)) return IMMUTABLE;
  if (/^\/content\/(modules|media)\/.+\.[0-9a-f]{12}\.[a-z]+$/.test(urlPath)) return IMMUTABLE;
  return REVALIDATE;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  // Module scripts and JSON are UTF-8 by definition, CSS follows its document: no charset to send.
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export function contentTypeFor(path: string): string {
  const dot = path.lastIndexOf('.');
  return TYPES[dot === -1 ? '' : path.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Nothing from other origins, no framing. Every fetch directive (script,
 * style, connect, worker, font, manifest, media) falls back to default-src,
 * so naming them again would only add bytes. The exceptions are the shell's
 * own inline stylesheet and its one inline script, allowed by their hashes
 * (documentHeaders): the first render needs no second round trip, and the
 * service worker is registered while the first scripts download.
 */
/** The console shows QR codes as data: images; the kiosk app shows none, and its first render keeps the bytes. */
const CONSOLE_SOURCES = "img-src 'self' data:";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  // No string becomes a script: script URLs pass through the app's one policy (src/app/services/script-url.ts),
  // and the shell's inline script has its own, which can only name /sw.js (public/index.html).
  "require-trusted-types-for 'script'",
  'trusted-types lowband sw',
].join('; ');

/**
 * On every response. Headers are a real share of the bytes on an 8 KB/s line
 * (a 304 is little else), so only what protects every response is here.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
};

/**
 * On every response that is neither a page nor a script or stylesheet: the
 * API, published modules and media, the catalog, error texts. Whatever such a
 * response holds (an SVG, above all), opened as a page it runs nothing, loads
 * nothing and gets an opaque origin, so it cannot reach this origin's storage.
 * Scripts and stylesheets go without: nosniff keeps them from ever being
 * rendered as a page, and every byte of the first render counts.
 */
export const RESOURCE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_CSP,
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The policy headers a response of this path and type gets. Pages and worker
 * scripts get the same policy, the shell's hashes included (they match
 * nothing in a worker): one header value, which HTTP/2 sends once per
 * connection and then as an index into its table.
 */
export function policyHeadersFor(urlPath: string, contentType: string, inlineSources: string | null = null): Readonly<Record<string, string>> {
  if (needsDocumentHeaders(urlPath, contentType)) return documentHeaders(urlPath.startsWith('/console/') ? CONSOLE_SOURCES : inlineSources);
  if (/^text\/(javascript|css)\b/.test(contentType)) return {};
  return RESOURCE_HEADERS;
}

/**
 * Only where a policy takes effect: documents, and worker scripts (a worker
 * gets its CSP from its own script's response). Sending them on every JSON,
 * CSS and image response would cost ~450 bytes each on an 8 KB/s line. No
 * X-Frame-Options: the CSP's frame-ancestors 'none' does its work in every
 * browser that can run this app (service workers, Trusted Types), and the
 * header was 23 bytes of every first render.
 */
export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = {
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** DOCUMENT_HEADERS, with the shell's inline style and script allowed by hash (`style-src`/`script-src` directives from the build). */
export function documentHeaders(inlineSources: string | null): Readonly<Record<string, string>> {
  if (!inlineSources) return DOCUMENT_HEADERS;
  return { ...DOCUMENT_HEADERS, 'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; ${inlineSources}` };
}

/** Worker scripts are sw.js and bundles named *-worker-<hash>.js. */
export function needsDocumentHeaders(urlPath: string, contentType: string): boolean {
  return contentType.startsWith('text/html') || urlPath === '/sw.js' || /^\/assets\/[a-z-]+-worker-[A-Z0-9]{8}\.js$/.test(urlPath);
}

/**
 * Turns a request path into a safe relative file path, or null when it tries
 * to leave the served directory, is malformed, or names a hidden file.
 */
export function safeRelativePath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  return segments.join('/');
}
