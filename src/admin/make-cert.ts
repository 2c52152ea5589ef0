/**
 * npm run make-cert -- <host name or IP>… [--out certs] [--org "Plant A"] [--new-ca]
 *
 * Creates (once) a local certificate authority limited to the given names,
 * and (every time) a server certificate for them signed by it. Run it on an
 * admin's machine, not the server: the CA key signs for every kiosk that
 * trusts it. A renewal reuses the CA, so kiosks need nothing new.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { caCovers, createCa, createServerCert, fingerprint, serverNames } from './certificates.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'certs' }, org: { type: 'string', default: 'Lowband training' }, 'new-ca': { type: 'boolean', default: false } },
});

function fail(message: string): never {
  console.error(`make-cert: ${message}`);
  process.exit(1);
}

let names;
try {
  names = serverNames(positionals);
} catch (err) {
  fail(`${(err as Error).message}\nUsage: npm run make-cert -- kiosk.plant.local 10.0.0.5 [--out certs] [--org "Plant A"] [--new-ca]`);
}
const out = resolve(values.out!);
const files = { ca: join(out, 'ca.pem'), caKey: join(out, 'ca-key.pem'), cert: join(out, 'server.pem'), key: join(out, 'server-key.pem') };
mkdirSync(out, { recursive: true });
const writeSecret = (file: string, text: string) => { writeFileSync(file, text, { mode: 0o600 }); chmodSync(file, 0o600); };

const now = new Date();
let ca;
const reuse = existsSync(files.ca) && existsSync(files.caKey) && !values['new-ca'];
if (reuse) {
  ca = { cert: readFileSync(files.ca, 'utf8'), key: readFileSync(files.caKey, 'utf8') };
  const outside = caCovers(ca.cert, names);
  if (outside.length) fail(`the CA in ${files.ca} may only certify the names it was made for; ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among them. Add --new-ca (and install the new ca.pem on every kiosk), or leave ${outside.length === 1 ? 'it' : 'them'} out.`);
} else {
  ca = await createCa(values.org!, names, now);
  writeFileSync(files.ca, ca.cert);
  writeSecret(files.caKey, ca.key);
}
const server = await createServerCert(ca, names, now);
writeFileSync(files.cert, server.cert);
writeSecret(files.key, server.key);

const all = [...names.dns, ...names.ips];
console.log(`${reuse ? 'Kept the CA' : 'Created a CA'} (${files.ca}) and ${reuse ? 'renewed' : 'created'} the server certificate for ${all.join(', ')}, valid 397 days.

CA certificate to install on every kiosk: ${files.ca}
  SHA-256 fingerprint: ${fingerprint(ca.cert)}
  (Compare it with what the device shows before trusting it.) The CA can vouch only for ${all.join(', ')}.
Keep ${files.caKey} off the server and safe: it is needed only to renew.

Start the server with it:
  TLS_CERT=${files.cert} TLS_KEY=${files.key} PORT=443 HTTP_REDIRECT_PORT=80 npm run serve
Renewing later: run this command again with the same names, copy server.pem and server-key.pem to the server,
and send the server SIGHUP (or restart it). Kiosks keep trusting the same CA and notice nothing.

Make kiosks trust the CA (once per device):
  Windows:   certutil -addstore -f Root ca.pem   (as administrator; for many PCs: Group Policy >
             Computer Configuration > Windows Settings > Security Settings > Public Key Policies >
             Trusted Root Certification Authorities > Import). Chrome and Edge use the Windows store.
  ChromeOS:  managed devices: Google Admin console > Devices > Networks > Certificates > add ca.pem,
             tick "Chromebook" under "Use this certificate as an HTTPS certificate authority".
             Unmanaged: chrome://certificate-manager > Local certificates > Custom > Import,
             "Trust this certificate for identifying websites".
  Android:   Settings > Security and privacy > More security settings > Encryption and credentials >
             Install a certificate > CA certificate > ca.pem. Chrome on Android trusts it.
  Linux:     sudo cp ca.pem /usr/local/share/ca-certificates/lowband-kiosk-ca.crt && sudo update-ca-certificates
             Chromium and Firefox read their own store (NSS) as well:
             certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Lowband kiosk CA" -i ca.pem   (package libnss3-tools)
Then open https://${all[0]}/ on the kiosk: no certificate warning, and "Offline use ready" on the home screen.`);
