import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chooseEncoding } from '../http-policy.ts';

/** JSON answer, compressed when the client allows: acks travel down the same thin line. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  const encoding = body.length > 200 ? chooseEncoding(req.headers['accept-encoding'], ['br', 'gzip']) : 'identity';
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Vary', 'Accept-Encoding');
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  res.end(encoding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
    : encoding === 'gzip' ? gzipSync(body) : body);
}

export function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string, code?: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  sendJson(req, res, status, code ? { error: message, code } : { error: message });
}
