/**
 * Modules on a USB stick, for a kiosk with no line: the catalog, the modules
 * in a site's languages and their images, in one file the console makes and
 * a kiosk checks before it keeps a byte of it.
 *
 * The file is text, one thing a line:
 *   1. the manifest, JSON: the site, its languages, when, the catalog version,
 *      which server key signed it, and each part's address, type, size and SHA-256;
 *   2. the server's ECDSA P-256 signature over line 1 (base64, raw r‖s);
 *   3… each part's bytes, base64, in the manifest's order.
 * The signature covers the manifest and the manifest covers every part, so
 * one check says the whole file is the server's. A kiosk learns the server's
 * public key when it enrolls.
 *
 * Like sync/records-file.ts, it imports only bytes.ts, to stay out of the
 * app's own files.
 */

import { fromBase64, sha256, sha256Hex, toBase64, toBase64Url } from './bytes.ts';

export const CONTENT_BUNDLE_FORMAT = 'lowband-content';

export interface ContentPart {
  /** Where the part lives, as the server serves it and the service worker caches it: /content/... */
  url: string;
  type: string;
  bytes: number;
  sha256: string;
}

export interface ContentManifest {
  format: typeof CONTENT_BUNDLE_FORMAT;
  v: 1;
  site: { id: string; name: string };
  /** The languages the site's people read, sorted: the file holds each module's variant for each. */
  langs: string[];
  /** Server clock when the file was made. */
  createdAt: number;
  /** The catalog's version (shared/catalog-update.ts). */
  catalog: string;
  /** Thumbprint of the public key that signed it (publicKeyId). */
  key: string;
  parts: ContentPart[];
}

/** An EC public key as JWK: what the server hands a kiosk at enrollment. */
export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export type ContentBundleProblem = 'not-a-file' | 'other-site' | 'other-server' | 'not-authentic' | 'damaged';

export class ContentBundleError extends Error {
  constructor(readonly problem: ContentBundleProblem, message: string) {
    super(message);
  }
}

export interface ContentFile {
  manifest: ContentManifest;
  /** Each part with its bytes, checked against its SHA-256. */
  parts: (ContentPart & { body: Uint8Array })[];
}

/** RFC 7638's thumbprint of a P-256 key, base64url: names the key in a manifest. */
export async function publicKeyId(jwk: PublicKeyJwk): Promise<string> {
  return toBase64Url(await sha256(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })));
}

/**
 * The file's parts, once its manifest is this server's for this site and
 * every part matches it. Throws ContentBundleError with what is wrong.
 */
export async function readContentBundle(text: string, serverKey: PublicKeyJwk, siteId: string): Promise<ContentFile> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let manifest: ContentManifest;
  try {
    manifest = JSON.parse(lines[0] ?? '') as ContentManifest;
  } catch {
    throw new ContentBundleError('not-a-file', 'Line 1 is not a modules file manifest (it is not JSON).');
  }
  if (manifest?.format !== CONTENT_BUNDLE_FORMAT || manifest.v !== 1 || !Array.isArray(manifest.parts) || lines.length !== manifest.parts.length + 2) {
    throw new ContentBundleError('not-a-file', 'This is not a modules file from the training console.');
  }
  if (manifest.site?.id !== siteId) throw new ContentBundleError('other-site', `This file is for site ${String(manifest.site?.id)}; this kiosk is at ${siteId}.`);
  if (manifest.key !== (await publicKeyId(serverKey))) throw new ContentBundleError('other-server', 'This file was made by another server than the one this kiosk is enrolled with.');
  const key = await crypto.subtle.importKey('jwk', serverKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  let signature: Uint8Array;
  try {
    signature = fromBase64(lines[1]!);
  } catch {
    throw new ContentBundleError('not-authentic', 'Line 2 is not a signature.');
  }
  if (!(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature as BufferSource, new TextEncoder().encode(lines[0]!)))) {
    throw new ContentBundleError('not-authentic', 'The server did not sign this file as it is: it was changed after it was made.');
  }
  const parts = [];
  for (const [i, part] of manifest.parts.entries()) {
    let body: Uint8Array;
    try {
      body = fromBase64(lines[i + 2]!);
    } catch {
      throw new ContentBundleError('damaged', `Line ${i + 3} (${part.url}) is not base64: the file was damaged.`);
    }
    if (body.length !== part.bytes || (await sha256Hex(body)) !== part.sha256) throw new ContentBundleError('damaged', `Line ${i + 3} (${part.url}) does not match its size and SHA-256: the file was damaged.`);
    parts.push({ ...part, body });
  }
  return { manifest, parts };
}

/** The file's text from a signed manifest line and the parts' bytes (the server's side: it signs with Node's crypto). */
export function contentBundleText(manifestLine: string, signature: Uint8Array, bodies: readonly Uint8Array[]): string {
  return [manifestLine, toBase64(signature), ...bodies.map(toBase64)].join('\n') + '\n';
}

