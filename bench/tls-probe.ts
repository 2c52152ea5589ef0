/**
 * A bare HTTPS/h2 server with the product's TLS choices (src/server/tls-settings.ts)
 * and nothing else, for bench/tls-run.ts: it runs under another Node too (a
 * newer OpenSSL, for the post-quantum group), where the whole server, with its
 * native SQLite module built for this Node, would not. Every path answers a
 * small page. Environment: CERT and KEY (PEM files), TLS_GROUPS, TLS_SESSION_HOURS.
 */
import { readFileSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tlsServerOptions } from '../src/server/tls-settings.ts';

const server = createSecureServer({
  cert: readFileSync(process.env.CERT!), key: readFileSync(process.env.KEY!), allowHTTP1: true,
  ...tlsServerOptions({ groups: process.env.TLS_GROUPS!, sessionHours: Number(process.env.TLS_SESSION_HOURS) }),
}, (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end('<!doctype html><title>TLS probe</title><p>ok</p>');
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
