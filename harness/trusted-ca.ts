import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createCa, createServerCert, serverNames, type Pem } from '../src/admin/certificates.ts';
import { launchChromium, launchChromiumProfile } from './stack.ts';

/** The host name kiosks open in these tests; Chromium resolves it to loopback. */
export const PLANT_HOST = 'kiosk.plant.test';

/**
 * A CA made the way `npm run make-cert` makes one, a server certificate from
 * it, and a home directory whose NSS database trusts that CA: Chromium on
 * Linux then accepts the server as any kiosk with the CA installed would,
 * with no certificate error ignored.
 */
export class TrustedCa {
  private constructor(readonly dir: string, readonly ca: Pem, readonly server: Pem) {}

  static async create(): Promise<TrustedCa> {
    const dir = await mkdtemp(join(tmpdir(), 'lowband-ca-'));
    const names = serverNames([PLANT_HOST, '127.0.0.1']);
    const ca = await createCa('E2E plant', names, new Date());
    const server = await createServerCert(ca, names, new Date());
    const trusted = new TrustedCa(dir, ca, server);
    await writeFile(trusted.caFile, ca.cert);
    await writeFile(trusted.certFile, server.cert);
    await writeFile(trusted.keyFile, server.key, { mode: 0o600 });
    const nssdb = join(trusted.home, '.pki', 'nssdb');
    await mkdir(nssdb, { recursive: true });
    execFileSync('certutil', ['-N', '-d', `sql:${nssdb}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nssdb}`, '-n', 'E2E plant kiosk CA', '-t', 'C,,', '-i', trusted.caFile]);
    return trusted;
  }

  get caFile(): string { return join(this.dir, 'ca.pem'); }
  get certFile(): string { return join(this.dir, 'server.pem'); }
  get keyFile(): string { return join(this.dir, 'server-key.pem'); }
  get home(): string { return join(this.dir, 'home'); }

  /** Chromium with this CA trusted, resolving the plant's host name to this machine. */
  launch(): Promise<Browser> {
    return launchChromium(this.chromiumOptions);
  }

  /** The same, with a regular profile in `userDataDir` (see launchChromiumProfile). */
  launchProfile(userDataDir: string, locale: string, kioskPolicy = false): Promise<BrowserContext> {
    return launchChromiumProfile(userDataDir, { ...this.chromiumOptions, locale, kioskPolicy });
  }

  private get chromiumOptions() {
    return { env: { ...process.env, HOME: this.home }, args: [`--host-resolver-rules=MAP ${PLANT_HOST} 127.0.0.1`] };
  }

  dispose(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
