import { X509Certificate } from 'node:crypto';
import { connect, type ClientHttp2Session } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caCovers, createCa, createServerCert, fingerprint, serverNames, spkiHash } from '../../src/admin/certificates.ts';
import { createRedirectServer, createSecureAppServer, HEALTH_URL } from '../../src/server/app-server.ts';
import { clientAddress, parseProxyTrust, reachedOverHttps } from '../../src/server/client-address.ts';
import { serverConfig } from '../../src/server/config.ts';
import type { TlsChoices } from '../../src/server/tls-settings.ts';
import { h2Request } from '../../harness/h2-request.ts';
import { useTempDirs } from '../helpers/temp.ts';

const tempDir = useTempDirs();

const asking = (remoteAddress: string, headers: Record<string, string> = {}, encrypted = false) => ({ socket: { remoteAddress, encrypted }, headers });

describe('server configuration from the environment', () => {
  it('defaults to plain HTTP on 8080 for every interface', () => {
    expect(serverConfig({})).toEqual({ port: 8080, host: '0.0.0.0', tls: null, redirectPort: null, trustProxy: new Set(), publicUrl: null, lrs: null });
  });

  it('forwards to an LRS given its address, key and secret together, and only with PUBLIC_URL', () => {
    const lrs = { LRS_ENDPOINT: 'https://lrs.example.com/xapi', LRS_KEY: 'k', LRS_SECRET: 's' };
    expect(serverConfig({ ...lrs, PUBLIC_URL: 'https://training.plant.example' }).lrs).toEqual({ endpoint: 'https://lrs.example.com/xapi', key: 'k', secret: 's' });
    expect(() => serverConfig(lrs)).toThrow(/^LRS_ENDPOINT needs PUBLIC_URL/);
    expect(() => serverConfig({ LRS_ENDPOINT: lrs.LRS_ENDPOINT, PUBLIC_URL: 'https://training.plant.example' })).toThrow(/^LRS_ENDPOINT, LRS_KEY and LRS_SECRET go together/);
    expect(() => serverConfig({ ...lrs, LRS_ENDPOINT: 'lrs.example.com', PUBLIC_URL: 'https://training.plant.example' })).toThrow(/^LRS_ENDPOINT: "lrs.example.com" is not an xAPI address/);
  });

  it('takes the address people use from PUBLIC_URL, as an origin, and refuses anything else', () => {
    expect(serverConfig({ PUBLIC_URL: 'https://Training.Plant.example/' }).publicUrl).toBe('https://training.plant.example');
    expect(serverConfig({ PUBLIC_URL: 'http://10.0.0.5:8080' }).publicUrl).toBe('http://10.0.0.5:8080');
    for (const bad of ['training.plant.example', 'ftp://plant.example', 'https://plant.example/training', 'https://plant.example/?a=1', 'https://user@plant.example']) {
      expect(() => serverConfig({ PUBLIC_URL: bad })).toThrow(`PUBLIC_URL: "${bad}" is not an address such as https://training.plant.example`);
    }
  });

  it('names the variable that is wrong', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'cert.pem'), 'x');
    expect(() => serverConfig({ PORT: '80a' })).toThrow(/PORT: "80a" is not a port number/);
    expect(() => serverConfig({ TLS_CERT: join(dir, 'cert.pem') })).toThrow(/TLS_CERT and TLS_KEY go together/);
    expect(() => serverConfig({ TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'missing.pem') })).toThrow(/TLS_KEY: no file at .*missing\.pem/);
    expect(() => serverConfig({ HTTP_REDIRECT_PORT: '80' })).toThrow(/HTTP_REDIRECT_PORT redirects to HTTPS: it needs TLS_CERT/);
    expect(() => serverConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY: "yes" is neither "loopback" nor an IP address/);
    const files = { TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'cert.pem') };
    expect(() => serverConfig({ ...files, TLS_GROUPS: 'X25519;P-256' })).toThrow(/TLS_GROUPS: "X25519;P-256" is not a list of group names separated by colons/);
    expect(() => serverConfig({ ...files, TLS_GROUPS: 'X25519:NoSuchGroup' })).toThrow(/TLS_GROUPS: this Node \(v[\d.]+, OpenSSL [^)]+\) does not know every group in "X25519:NoSuchGroup"/);
    expect(() => serverConfig({ ...files, TLS_SESSION_HOURS: '200' })).toThrow(/TLS_SESSION_HOURS: "200" is not a whole number of hours from 0 \(no session tickets\) to 168/);
  });

  it('chooses X25519 first and day-long session tickets unless told otherwise', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'cert.pem'), 'x');
    const files = { TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'cert.pem') };
    expect(serverConfig(files).tls?.choices).toEqual({ groups: 'X25519:P-256:P-384', sessionHours: 24 });
    expect(serverConfig({ ...files, TLS_GROUPS: 'P-256', TLS_SESSION_HOURS: '0' }).tls?.choices).toEqual({ groups: 'P-256', sessionHours: 0 });
  });
});

describe('who is asking, behind a proxy', () => {
  const trust = parseProxyTrust('loopback, 10.0.0.2');

  it('is the peer when no proxy is trusted, whatever the headers say', () => {
    expect(clientAddress(asking('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }), new Set())).toBe('10.0.0.9');
    expect(reachedOverHttps(asking('10.0.0.9', { 'x-forwarded-proto': 'https' }), new Set())).toBe(false);
  });

  it('is the nearest untrusted address in X-Forwarded-For when the peer is a trusted proxy', () => {
    expect(clientAddress(asking('127.0.0.1', { 'x-forwarded-for': '10.0.0.50' }), trust)).toBe('10.0.0.50');
    // A client-written entry sits to the left of what the proxies appended: it is never reached.
    expect(clientAddress(asking('::ffff:127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 10.0.0.50, 10.0.0.2' }), trust)).toBe('10.0.0.50');
    expect(clientAddress(asking('127.0.0.1', {}), trust)).toBe('127.0.0.1');
    expect(clientAddress(asking('127.0.0.1', { 'x-forwarded-for': 'garbage' }), trust)).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy, and the peer\'s own TLS always', () => {
    expect(reachedOverHttps(asking('127.0.0.1', { 'x-forwarded-proto': 'https' }), trust)).toBe(true);
    expect(reachedOverHttps(asking('127.0.0.1', { 'x-forwarded-proto': 'http' }), trust)).toBe(false);
    expect(reachedOverHttps(asking('10.0.0.9', {}, true), new Set())).toBe(true);
  });
});

describe('the plant CA', () => {
  it('signs a server certificate for exactly the names given, and may certify nothing else', async () => {
    const names = serverNames(['kiosk.plant.local', '10.0.0.5']);
    const ca = await createCa('Plant A', names, new Date('2026-12-01T00:00:00Z'));
    const server = await createServerCert(ca, names, new Date('2026-12-01T00:00:00Z'));
    const [caCert, leaf] = [new X509Certificate(ca.cert), new X509Certificate(server.cert)];
    expect(caCert.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.checkHost('kiosk.plant.local')).toBe('kiosk.plant.local');
    expect(leaf.checkIP('10.0.0.5')).toBe('10.0.0.5');
    expect(leaf.checkHost('other.plant.local')).toBeUndefined();
    expect(new Date(leaf.validTo).getTime() - new Date('2026-12-01T00:00:00Z').getTime()).toBeLessThanOrEqual(398 * 86_400_000);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(caCovers(ca.cert, serverNames(['kiosk.plant.local', 'a.kiosk.plant.local', '10.0.0.5']))).toEqual([]);
    expect(caCovers(ca.cert, serverNames(['intranet.example', '10.0.0.6']))).toEqual(['intranet.example', '10.0.0.6']);
    expect(fingerprint(ca.cert)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(Buffer.from(spkiHash(server.cert), 'base64')).toHaveLength(32);
  });

  it('refuses what is not a host name or an address', () => {
    expect(() => serverNames(['kiosk plant'])).toThrow(/"kiosk plant" is neither a host name nor an IP address/);
    expect(() => serverNames([])).toThrow(/at least one host name or IP address/);
  });
});

describe('HTTPS', () => {
  it('speaks h2 by ALPN, sends HSTS, and answers /healthz from the database check', async () => {
    const names = serverNames(['127.0.0.1']);
    const ca = await createCa('Test', names, new Date());
    const tls = await createServerCert(ca, names, new Date());
    const dist = await tempDir();
    let healthy = true;
    const server = createSecureAppServer({ distDir: dist, contentDir: dist, health: async () => { if (!healthy) throw new Error('connection refused'); } }, tls);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const session: ClientHttp2Session = connect(`https://127.0.0.1:${(server.address() as AddressInfo).port}`, { ca: ca.cert });
    const get = async (path: string) => {
      const answer = await h2Request(session, { ':path': path });
      return { status: answer.status, hsts: answer.headers['strict-transport-security'], body: answer.text };
    };
    try {
      const ok = await get(HEALTH_URL);
      expect(session.alpnProtocol).toBe('h2');
      expect(ok).toMatchObject({ status: 200, hsts: 'max-age=31536000' });
      healthy = false;
      expect(await get(HEALTH_URL)).toMatchObject({ status: 503, body: expect.stringContaining('connection refused') });
    } finally {
      session.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('uses the key-exchange group it is told, and lets a device resume its session only while tickets are on', async () => {
    const names = serverNames(['127.0.0.1']);
    const ca = await createCa('Test', names, new Date());
    const tls = await createServerCert(ca, names, new Date());
    const dist = await tempDir();
    const handshakes = async (choices: TlsChoices) => {
      const server = createSecureAppServer({ distDir: dist, contentDir: dist }, tls, choices);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      // A client that offers X25519 and P-256 both, as browsers do: the server's order decides.
      /** A handshake; without `session` it waits for the ticket that follows a TLS 1.3 handshake (with tickets off, one that resumes nothing). */
      const shake = (session?: Buffer) => new Promise<{ group?: string; reused: boolean; ticket?: Buffer }>((resolve, reject) => {
        const socket = tlsConnect({ port, host: '127.0.0.1', ca: ca.cert, ALPNProtocols: ['h2'], ecdhCurve: 'X25519:P-256', session });
        const done = (ticket?: Buffer) => {
          resolve({ group: (socket.getEphemeralKeyInfo() as { name?: string } | null)?.name, reused: socket.isSessionReused(), ticket });
          socket.destroy();
        };
        socket.on('error', reject);
        if (session) socket.once('secureConnect', () => done());
        else socket.once('session', done);
      });
      try {
        const first = await shake();
        const second = await shake(first.ticket);
        return { group: first.group, resumed: second.reused };
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    };
    expect(await handshakes({ groups: 'X25519:P-256:P-384', sessionHours: 24 })).toEqual({ group: 'X25519', resumed: true });
    expect((await handshakes({ groups: 'P-256', sessionHours: 24 })).group).toBe('prime256v1');
    expect((await handshakes({ groups: 'X25519', sessionHours: 0 })).resumed).toBe(false);
  });

  it('redirects plain HTTP, method and path kept, and refuses a request with no usable host', async () => {
    const server = createRedirectServer(8443);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const ask = (host: string) => new Promise<{ status: number; location?: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/sync?x=1', headers: { Host: host } }, (res) => { res.resume(); resolve({ status: res.statusCode!, location: res.headers.location }); })
        .on('error', reject).end();
    });
    try {
      expect(await ask('kiosk.plant.local:80')).toEqual({ status: 308, location: 'https://kiosk.plant.local:8443/api/v1/sync?x=1' });
      expect((await ask('evil.example/path')).status).toBe(400);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
