import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import * as v from 'valibot';
import { describeIssues } from '../../shared/roster/admin-schema.ts';

const gunzipAsync = promisify(gunzip);

export class HttpError extends Error {
  /**
   * `code` lets a device tell apart answers it words itself (a revoked kiosk, say);
   * `retryAfterSeconds` goes out as Retry-After (a 429 or a 503 that says when to come back).
   */
  constructor(readonly status: number, message: string, readonly code?: string, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

/**
 * Reads a request body with hard limits: at most `maxWire` bytes as sent and,
 * for gzip, at most `maxDecoded` bytes once inflated (a small bomb cannot fill
 * the memory). Only identity and gzip are accepted.
 */
export async function readBody(req: IncomingMessage, maxWire: number, maxDecoded: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new HttpError(415, `Content-Encoding "${encoding}" is not supported: send gzip or no encoding.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxWire) throw new HttpError(413, `The body is ${declared} bytes; the limit is ${maxWire}.`);

  const wire: Buffer[] = [];
  let wireBytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    wireBytes += chunk.length;
    if (wireBytes > maxWire) throw new HttpError(413, `The body is over the limit of ${maxWire} bytes.`);
    wire.push(chunk);
  }
  const raw = Buffer.concat(wire);
  if (encoding === 'identity') {
    if (raw.length > maxDecoded) throw new HttpError(413, `The body is over the limit of ${maxDecoded} bytes.`);
    return raw;
  }
  return gunzipCapped(raw, maxDecoded);
}

/** Inflates at most `maxDecoded` bytes: zlib stops there and errors instead of filling the memory. */
export async function gunzipCapped(raw: Uint8Array, maxDecoded: number, what = 'The body'): Promise<Buffer> {
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxDecoded });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new HttpError(413, `${what} inflates to more than ${maxDecoded} bytes.`);
    throw new HttpError(400, `${what} is not valid gzip: ${(err as Error).message}.`);
  }
}

/**
 * A file sent as the whole body (application/octet-stream): its declared
 * length checked against `max` before a byte is read, then read into one
 * buffer of exactly that length, which can move to a worker without a copy.
 * A body longer or shorter than it declared is refused.
 */
export async function readUpload(req: IncomingMessage, max: number): Promise<Uint8Array> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/octet-stream') throw new HttpError(415, `Content-Type must be application/octet-stream (the file itself), not "${type || 'missing'}".`);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') throw new HttpError(415, `Content-Encoding "${encoding}" is not taken for a file: send it as it is.`);
  const header = req.headers['content-length'];
  const declared = Number(header);
  if (header === undefined || !Number.isSafeInteger(declared) || declared < 0) throw new HttpError(411, 'Send the file with its Content-Length.');
  if (declared > max) throw new HttpError(413, `The file is ${(declared / 1024 / 1024).toFixed(1)} MiB; the most an import takes is ${max / 1024 / 1024} MiB.`);
  if (declared === 0) throw new HttpError(400, 'The file is empty.');
  const out = new Uint8Array(declared);
  let filled = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (filled + chunk.length > declared) throw new HttpError(400, `The body is longer than the ${declared} bytes its Content-Length says.`);
    out.set(chunk, filled);
    filled += chunk.length;
  }
  if (filled !== declared) throw new HttpError(400, `The body ended after ${filled} of the ${declared} bytes its Content-Length says.`);
  return out;
}

/** Parses JSON and says where it broke. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `The body is not valid JSON: ${(err as Error).message}.`);
  }
}

/** Refuses anything but application/json, before a byte of the body is read. */
export function requireJsonType(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, `Content-Type must be application/json, not "${type || 'missing'}".`);
}

/** A JSON body of at most `max` bytes, as the value it parses to. */
export async function readJson(req: IncomingMessage, max = 256 * 1024): Promise<unknown> {
  requireJsonType(req);
  return parseJson(await readBody(req, max, max));
}

/** One segment of a request path, %-decoded; a malformed escape is the client's 400. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `The address has a malformed %-escape: "${segment.slice(0, 60)}".`);
  }
}

/** A value from the request's address checked against a schema; a 400 says which part of the address is wrong. */
export function validParam<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw new HttpError(400, `${what} in the address: ${describeIssues(parsed.issues)}.`);
  return parsed.output;
}

/** A JSON body checked against a schema; a 400 names the first bad field. */
export async function readValid<S extends v.GenericSchema>(req: IncomingMessage, schema: S, what: string, max?: number): Promise<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, await readJson(req, max));
  if (!parsed.success) throw new HttpError(400, `Bad ${what}: ${describeIssues(parsed.issues)}.`);
  return parsed.output;
}
