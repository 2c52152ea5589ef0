import { sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { sha256Hex } from '../shared/bytes.ts';
import { CONTENT_BUNDLE_FORMAT, contentBundleText, publicKeyId, type ContentManifest } from '../shared/content-bundle.ts';
import { wantedModules } from '../shared/device-needs.ts';
import { CATALOG_URL, CONTENT_PREFIX, type Catalog } from '../shared/module.ts';
import type { SiteInfo } from '../shared/roster/roster.ts';
import type { SigningKey } from './store/signing-key-store.ts';

const TYPES: Record<string, string> = {
  '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.avif': 'image/avif', '.gif': 'image/gif', '.svg': 'image/svg+xml',
};

/**
 * The modules file for a site with no line (shared/content-bundle.ts): the
 * catalog, each module's variant for each of the site's languages (as a
 * kiosk reading them keeps), and their images, signed with the server's key.
 */
export async function modulesFile(contentDir: string, site: SiteInfo, langs: readonly string[], key: SigningKey, now: number): Promise<{ text: string; fileName: string; modules: number }> {
  const read = (url: string) => {
    if (!url.startsWith(CONTENT_PREFIX) || url.includes('..')) throw new Error(`not a published content address: ${url}`);
    return readFile(join(contentDir, url.slice(CONTENT_PREFIX.length)));
  };
  const catalogBytes = await read(CATALOG_URL);
  const catalog = JSON.parse(catalogBytes.toString('utf8')) as Catalog;
  const modules = wantedModules(catalog, langs);
  const urls = [...new Set(modules.flatMap((m) => [m.url, ...m.media]))];
  const bodies = [catalogBytes, ...(await Promise.all(urls.map(read)))];
  const parts = await Promise.all([CATALOG_URL, ...urls].map(async (url, i) => ({
    url, type: TYPES[extname(url).toLowerCase()] ?? 'application/octet-stream', bytes: bodies[i]!.length, sha256: await sha256Hex(bodies[i]!),
  })));
  const manifest: ContentManifest = {
    format: CONTENT_BUNDLE_FORMAT, v: 1, site: { id: site.id, name: site.name }, langs: [...langs], createdAt: now, catalog: catalog.version,
    key: await publicKeyId(key.publicJwk), parts,
  };
  const line = JSON.stringify(manifest);
  // IEEE P1363 (r‖s), the form WebCrypto verifies.
  const signature = sign('sha256', Buffer.from(line), { key: key.privatePem, dsaEncoding: 'ieee-p1363' });
  return { text: contentBundleText(line, signature, bodies), fileName: `modules-${site.id}-${new Date(now).toISOString().slice(0, 10)}.txt`, modules: modules.length };
}

/** The languages a site's kiosks keep modules in: the site's own and every reader's on its roster (as src/device/roster-store.ts, needsOf). */
export const siteLanguages = (site: SiteInfo, people: readonly { lang: string }[]): string[] => [...new Set([site.lang, ...people.map((p) => p.lang)])].sort();
