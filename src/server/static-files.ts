import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotli, COMPRESSIBLE, gzip } from '../node/compress.ts';
import { INLINE_SOURCES_FILE } from '../node/paths.ts';
import { cacheControlFor, chooseEncoding, contentTypeFor, etagMatches, IMMUTABLE, policyHeadersFor, type Encoding } from './http-policy.ts';

interface Variant {
  file: string;
  stat: Stats;
}

async function statFile(file: string): Promise<Stats | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

/**
 * Small text files without precompressed siblings (the catalog, which the
 * publisher swaps atomically as one file) are compressed once per version and kept in memory.
 */
const compressedCache = new Map<string, { key: string; br: Buffer; gzip: Buffer }>();
const MAX_DYNAMIC = 512 * 1024;

async function compressedInMemory(file: string, s: Stats): Promise<{ br: Buffer; gzip: Buffer }> {
  const key = `${s.ino}-${s.size}-${s.mtimeMs}`;
  const hit = compressedCache.get(file);
  if (hit?.key === key) return hit;
  const data = await readFile(file);
  const entry = { key, br: brotli(data), gzip: gzip(data) };
  compressedCache.set(file, entry);
  return entry;
}

/** Sends a file, precompressed when the client accepts it, with validators and caching headers. Returns false if there is no such file. */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, urlPath: string, inlineSources: string | null = null): Promise<boolean> {
  const original = await statFile(file);
  if (!original) return false;

  const [br, gz] = await Promise.all([statFile(`${file}.br`), statFile(`${file}.gz`)]);
  const compressible = COMPRESSIBLE.test(file);
  const dynamic = compressible && !br && !gz && original.size <= MAX_DYNAMIC;
  const available: Encoding[] = dynamic ? ['br', 'gzip'] : [...(br ? ['br' as const] : []), ...(gz ? ['gzip' as const] : [])];
  const encoding = chooseEncoding(req.headers['accept-encoding'], available);

  const etag = `"${original.size.toString(36)}-${Math.floor(original.mtimeMs).toString(36)}-${original.ino.toString(36)}${encoding === 'identity' ? '' : `-${encoding}`}"`;
  const cacheControl = cacheControlFor(urlPath);
  // A content-hashed file is never revalidated, so it needs no validator: 40 bytes less per script on the first render.
  const revalidated = cacheControl !== IMMUTABLE;
  if (revalidated && etagMatches(req.headers['if-none-match'], etag)) {
    // The browser keeps the headers it stored with the 200; a 304 needs only the validators.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(304, { ETag: etag, 'Cache-Control': cacheControl, ...(compressible ? { Vary: 'Accept-Encoding' } : {}) });
    res.end();
    return true;
  }

  const type = contentTypeFor(file);
  const policy = policyHeadersFor(urlPath, type, inlineSources);
  for (const [name, value] of Object.entries(policy)) res.setHeader(name, value);
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', cacheControl);
  if (revalidated) res.setHeader('ETag', etag);
  if (compressible) res.setHeader('Vary', 'Accept-Encoding');
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);

  let body: Buffer | Variant;
  if (dynamic && encoding !== 'identity') body = (await compressedInMemory(file, original))[encoding];
  else if (encoding === 'br') body = { file: `${file}.br`, stat: br! };
  else if (encoding === 'gzip') body = { file: `${file}.gz`, stat: gz! };
  else body = { file, stat: original };

  res.setHeader('Content-Length', Buffer.isBuffer(body) ? body.length : body.stat.size);
  if (req.method === 'HEAD') {
    res.end();
  } else if (Buffer.isBuffer(body)) {
    res.end(body);
  } else {
    const stream = createReadStream(body.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
  return true;
}

const inlineSourcesCache = new Map<string, { mtimeMs: number; value: string | null }>();

/** `style-src` or `script-src`: this origin and hashes, nothing else. */
const HASH_DIRECTIVE = /^(style|script)-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+$/;

/** The CSP directives for the shell's inline style and script, re-read only when a new build has replaced them. */
export async function inlineSourcesOf(distDir: string): Promise<string | null> {
  const file = `${distDir}/${INLINE_SOURCES_FILE}`;
  const s = await statFile(file);
  if (!s) return null;
  const hit = inlineSourcesCache.get(file);
  if (hit?.mtimeMs === s.mtimeMs) return hit.value;
  const value = (await readFile(file, 'utf8')).trim();
  // Only hash sources: whatever else the file held, it cannot widen the policy.
  const safe = value.split('; ').every((d) => HASH_DIRECTIVE.test(d)) ? value : null;
  inlineSourcesCache.set(file, { mtimeMs: s.mtimeMs, value: safe });
  return safe;
}
