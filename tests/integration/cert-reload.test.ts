import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, createServerCert, serverNames, type Pem } from '../../src/admin/certificates.ts';
import { ServerProcess } from '../../harness/server-process.ts';

/** The SHA-256 of the certificate a new TLS connection to `port` is shown. */
function certificateSeen(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

const fingerprintOf = (pem: Pem) => {
  const der = Buffer.from(pem.cert.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
};

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

/**
 * The README's certificate renewal: new files in place, then SIGHUP, and new
 * connections get the new certificate with no restart; files that cannot be
 * read leave the old one serving, and the log says why.
 */
describe('a certificate renewed in place', () => {
  let dir: string;
  let server: ServerProcess;
  let port: number;
  const names = serverNames(['localhost', '127.0.0.1']);
  let ca: Pem;
  let first: Pem;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lowband-cert-reload-'));
    ca = await createCa('Reload test plant', names, new Date());
    first = await createServerCert(ca, names, new Date());
    await writeFile(join(dir, 'server.pem'), first.cert);
    await writeFile(join(dir, 'server-key.pem'), first.key, { mode: 0o600 });
    port = await freePort();
    server = new ServerProcess(port, { DATA_DIR: join(dir, 'data'), DEMO_SITE: '0', TLS_CERT: join(dir, 'server.pem'), TLS_KEY: join(dir, 'server-key.pem') });
    await server.start();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the new certificate to new connections after SIGHUP, and keeps the old one when the new files are broken', async () => {
    expect(await certificateSeen(port)).toBe(fingerprintOf(first));
    const renewed = await createServerCert(ca, names, new Date());
    expect(fingerprintOf(renewed)).not.toBe(fingerprintOf(first));
    await writeFile(join(dir, 'server.pem'), renewed.cert);
    await writeFile(join(dir, 'server-key.pem'), renewed.key);
    expect(await server.hangUp()).toMatch(/SIGHUP: reloaded .*server\.pem/);
    expect(await certificateSeen(port)).toBe(fingerprintOf(renewed));

    await writeFile(join(dir, 'server.pem'), 'not a certificate');
    expect(await server.hangUp()).toMatch(/SIGHUP: kept the old certificate, the new one could not be read/);
    expect(await certificateSeen(port)).toBe(fingerprintOf(renewed));
  });
});
