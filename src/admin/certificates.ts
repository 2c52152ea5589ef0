/**
 * A certificate authority of the plant's own, and server certificates it
 * signs, for an intranet with no public domain. @peculiar/x509 writes the
 * ASN.1; keys are ECDSA P-256: a leaf certificate of about 600 bytes keeps
 * the TLS handshake small on a 64 kbit/s line.
 */
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import { createHash, webcrypto, X509Certificate as NodeX509, KeyObject, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';

const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface Pem {
  cert: string;
  key: string;
}

export interface ServerNames {
  dns: string[];
  ips: string[];
}

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Sorts names into DNS names and IP addresses, refusing anything that is neither (with the name in the message). */
export function serverNames(names: readonly string[]): ServerNames {
  const dns: string[] = [];
  const ips: string[] = [];
  for (const name of names) {
    if (isIP(name)) ips.push(name);
    else if (DNS_NAME.test(name)) dns.push(name.toLowerCase());
    else throw new Error(`"${name}" is neither a host name nor an IP address.`);
  }
  if (dns.length + ips.length === 0) throw new Error('Name the server: at least one host name or IP address that kiosks will open.');
  return { dns, ips };
}

function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f; // positive
  return Buffer.from(bytes).toString('hex');
}

async function keyPem(key: CryptoKey): Promise<string> {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The names a CA may certify, and nothing else: a stolen CA key cannot vouch for any other site on the kiosks that trust it. */
function nameConstraints(names: ServerNames): x509.Extension {
  const permitted = new GeneralSubtrees([
    ...names.dns.map((dns) => new GeneralSubtree({ base: new GeneralName({ dNSName: dns }) })),
    ...names.ips.map((ip) => new GeneralSubtree({ base: new GeneralName({ iPAddress: `${ip}/${isIP(ip) === 4 ? 32 : 128}` }) })),
  ]);
  return new x509.Extension(id_ce_nameConstraints, true, AsnConvert.serialize(new NameConstraints({ permittedSubtrees: permitted })));
}

/** A new CA for these names (and their subdomains), valid for `days`. */
export async function createCa(organization: string, names: ServerNames, now: Date, days = 3650): Promise<Pem> {
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: [{ CN: [`${organization} kiosk CA`] }, { O: [organization] }],
    notBefore: now,
    notAfter: new Date(now.getTime() + days * DAY),
    signingAlgorithm: EC,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      nameConstraints(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  }, crypto);
  return { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) };
}

/**
 * A server certificate for these names, signed by the CA. 397 days: within
 * what every browser accepts, so the same routine works with a public CA's rules.
 */
export async function createServerCert(ca: Pem, names: ServerNames, now: Date, days = 397): Promise<Pem> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await crypto.subtle.importKey('pkcs8', createPrivateKey(ca.key).export({ type: 'pkcs8', format: 'der' }), EC, false, ['sign']);
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [names.dns[0] ?? names.ips[0]!] }],
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + days * DAY),
    signingAlgorithm: EC,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([...names.dns.map((value) => ({ type: 'dns' as const, value })), ...names.ips.map((value) => ({ type: 'ip' as const, value }))], false),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey, false, crypto),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  }, crypto);
  return { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) };
}

/** Whether the CA's name constraints allow all these names: a new name needs a new CA, installed on every kiosk. */
export function caCovers(caPem: string, names: ServerNames): string[] {
  const ca = new x509.X509Certificate(caPem);
  const ext = ca.getExtension(id_ce_nameConstraints);
  if (!ext) return [];
  const constraints = AsnConvert.parse(ext.value, NameConstraints);
  const permitted = [...(constraints.permittedSubtrees ?? [])].map((s) => s.base);
  const dnsOk = (name: string) => permitted.some((b) => b.dNSName && (name === b.dNSName || name.endsWith(`.${b.dNSName}`)));
  const ipOk = (ip: string) => permitted.some((b) => b.iPAddress?.split('/')[0] === ip);
  return [...names.dns.filter((n) => !dnsOk(n)), ...names.ips.filter((ip) => !ipOk(ip))];
}

/** SHA-256 fingerprint as certificate dialogs show it (AB:CD:…). */
export function fingerprint(pem: string): string {
  return new NodeX509(pem).fingerprint256;
}

/** base64(SHA-256(SubjectPublicKeyInfo)): what Chromium's --ignore-certificate-errors-spki-list and HPKP-style pins name. */
export function spkiHash(pem: string): string {
  const spki = new NodeX509(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
