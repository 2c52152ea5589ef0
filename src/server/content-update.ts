import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { catalogVersion, diffCatalogs, historyFile, inlineEntries, isCatalogVersion } from '../shared/catalog-update.ts';
import { parseLangs, parseModuleIds } from '../shared/device-needs.ts';
import { CATALOG_URL, CONTENT_PREFIX, type Catalog } from '../shared/module.ts';
import { brotli, gzip } from '../node/compress.ts';
import { chooseEncoding, etagMatches, RESOURCE_HEADERS } from './http-policy.ts';
import { sendText } from './send-text.ts';

type Bodies = Record<'br' | 'gzip' | 'identity', Buffer>;

/** Built updates by content directory, since and version: many kiosks ask for the same one after a publish. */
const built = new Map<string, Bodies>();
const KEEP_BUILT = 32;

async function readJsonFile<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/**
 * GET /content/update?since=<version>&langs=<codes>: the catalog's changes since the one the
 * device holds, with the changed module files it keeps inline (src/shared/catalog-update.ts);
 * with known=<version> instead of since, every module file it keeps.
 * A device already at the current version gets a 304; one whose version the
 * publisher no longer keeps gets the whole catalog.
 */
export async function sendContentUpdate(req: IncomingMessage, res: ServerResponse, contentDir: string, query: URLSearchParams): Promise<void> {
  const [since, known] = [query.get('since'), query.get('known')];
  for (const [name, value] of [['since', since], ['known', known]] as const) {
    if (value !== null && !isCatalogVersion(value)) return sendText(res, 400, `${name}: must be a catalog version (12 hexadecimal digits).`);
  }
  if (since !== null && known !== null) return sendText(res, 400, 'since and known: give one, not both (since: the device holds that catalog and its modules; known: the catalog only).');
  const sinceParam = since ?? known;
  const holdsFiles = known === null;
  const langsParam = query.get('langs');
  const langs = langsParam === null ? null : parseLangs(langsParam);
  if (langsParam !== null && !langs) return sendText(res, 400, 'langs: must be up to 20 language codes separated by commas, such as en,nl.');
  const onlyParam = query.get('only');
  const only = onlyParam === null ? null : parseModuleIds(onlyParam);
  if (onlyParam !== null && !only) return sendText(res, 400, 'only: must be up to 200 module ids separated by commas, such as lockout-tagout,ppe-basics.');
  const current = await readJsonFile<Catalog>(join(contentDir, CATALOG_URL.slice(CONTENT_PREFIX.length)));
  if (!current) return sendText(res, 404, 'Nothing is published yet.');
  current.version ??= await catalogVersion(current.modules);

  const etag = `"${current.version}"`;
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (holdsFiles && etagMatches(req.headers['if-none-match'], etag)) {
    res.writeHead(304).end();
    return;
  }

  const key = `${contentDir}:${holdsFiles ? 'since' : 'known'} ${sinceParam}>${current.version}:${langs?.join() ?? '*'}:${only?.join() ?? '*'}`;
  let bodies = built.get(key);
  if (!bodies) {
    const base = sinceParam === current.version ? current : sinceParam ? await readJsonFile<Catalog>(join(contentDir, historyFile(sinceParam))) : null;
    const update = diffCatalogs(base, current, langs, holdsFiles, only);
    const files = await Promise.all(inlineEntries(update, current, langs, holdsFiles, only).map((m) => readFile(join(contentDir, m.url.slice(CONTENT_PREFIX.length)), 'utf8')));
    const body = Buffer.from([JSON.stringify(update), ...files].join('\n') + '\n');
    bodies = { br: brotli(body), gzip: gzip(body), identity: body };
    built.set(key, bodies);
    if (built.size > KEEP_BUILT) built.delete(built.keys().next().value!);
  }
  const encoding = chooseEncoding(req.headers['accept-encoding'], ['br', 'gzip']);
  for (const [name, value] of Object.entries(RESOURCE_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/x-ndjson');
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', bodies[encoding].length);
  res.end(req.method === 'HEAD' ? undefined : bodies[encoding]);
}
