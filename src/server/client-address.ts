/**
 * Who is asking, when a reverse proxy stands in between. X-Forwarded-For and
 * X-Forwarded-Proto are believed only from peers named in TRUST_PROXY:
 * anyone else could write them to dodge a rate limit or fake HTTPS.
 */
import { isIP } from 'node:net';

export type ProxyTrust = ReadonlySet<string>;

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** TRUST_PROXY: unset trusts no one; "loopback" or a comma-separated list of proxy addresses. */
export function parseProxyTrust(value: string | undefined): ProxyTrust {
  const trusted = new Set<string>();
  for (const part of (value ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === 'loopback') LOOPBACK.forEach((a) => trusted.add(a));
    else if (isIP(part)) trusted.add(normalize(part));
    else throw new Error(`"${part}" is neither "loopback" nor an IP address; list the proxies' addresses, comma-separated.`);
  }
  return trusted;
}

function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

interface Asking {
  socket: { remoteAddress?: string | undefined; encrypted?: boolean };
  headers: Record<string, string | string[] | undefined>;
}

function header(req: Asking, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The client's address: the peer's, or, when the peer is a trusted proxy,
 * the nearest address in X-Forwarded-For that is not itself a trusted proxy.
 */
export function clientAddress(req: Asking, trust: ProxyTrust): string {
  let address = normalize(req.socket.remoteAddress ?? 'unknown');
  if (!trust.has(address)) return address;
  const chain = (header(req, 'x-forwarded-for') ?? '').split(',').map((a) => normalize(a.trim())).filter(Boolean);
  while (trust.has(address) && chain.length > 0) {
    const next = chain.pop()!;
    if (!isIP(next)) return address;
    address = next;
  }
  return address;
}

/** Whether the client reached us over TLS: its own connection, or a trusted proxy's word. */
export function reachedOverHttps(req: Asking, trust: ProxyTrust): boolean {
  if (req.socket.encrypted) return true;
  if (!trust.has(normalize(req.socket.remoteAddress ?? ''))) return false;
  return header(req, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/**
 * The origin of the links (and QR codes) the server makes for people to
 * open: PUBLIC_URL when set, else the address this request came to.
 */
export function linkOrigin(req: Pick<Asking, 'headers'>, publicUrl: string | null | undefined, overHttps: boolean): string {
  return publicUrl ?? `${overHttps ? 'https' : 'http'}://${req.headers.host ?? req.headers[':authority']}`;
}
