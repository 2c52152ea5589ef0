import type { IncomingMessage, ServerResponse } from 'node:http';
import { ENROLL_URL, PHONE_LINK_URL, ROSTER_URL } from '../../shared/roster/roster.ts';
import { handlePhoneLink } from './phone-link-api.ts';
import { linkOrigin } from '../client-address.ts';
import { COMPLETIONS_CSV_URL, COMPLETIONS_URL, SYNC_URL } from '../../shared/sync/limits.ts';
import { SiteError } from '../store/roster-rows.ts';
import { CODES_URL, normaliseShortCode } from '../../shared/short-code.ts';
import type { Stores } from '../store/stores.ts';
import { admin } from './admin-api.ts';
import { bearerCheck } from './auth.ts';
import { handleCompletions, handleCompletionsCsv } from './completions-api.ts';
import { authenticateDevice } from './device-auth.ts';
import { enrollmentLimits, handleEnroll, handleRoster } from './kiosk-api.ts';
import { decodeSegment, HttpError } from './read-body.ts';
import { sendError } from './respond.ts';
import { handleSync } from './sync-api.ts';
import { handleStatements, XAPI_STATEMENTS_URL } from './xapi-api.ts';
import type { LrsEndpoint } from '../xapi/lrs-endpoint.ts';
import { statementsHome } from '../xapi/forward-target.ts';
import { publishedVersions } from '../../node/published-index.ts';
import { sendJson } from './respond.ts';
import { CONSOLE_API } from '../../shared/console/access.ts';
import { consoleApi } from '../console/console-api.ts';
import { liftLock, lockedAccounts, SignInLimits } from '../console/sign-in-limits.ts';
import type { ContentService } from '../console/content-service.ts';

export const API_PREFIX = '/api/';
const ADMIN = '/api/v1/admin';

export interface ApiOptions {
  stores: Stores;
  /** The credential for the admin API and for reading records back (reports, CSV). */
  adminToken: string;
  /**
   * The published content: learning records are checked against it (a module
   * version published here, a passed attempt behind a completion), in every
   * deployment and every test alike; a folder with nothing published in it
   * refuses every learning record.
   */
  contentDir: string;
  now?: () => number;
  /** Who is asking, for rate limits: the peer's address unless a trusted proxy says otherwise. */
  clientAddress?: (req: IncomingMessage) => string;
  /** The module sources the L&D console edits and publishes; without it the console's content pages answer 404. */
  content?: ContentService;
  /** Whether a request came over HTTPS, directly or through a trusted proxy: console cookies are then Secure. */
  overHttps?: (req: IncomingMessage) => boolean;
  /** PUBLIC_URL (src/server/config.ts): the origin in the links the console makes; unset, the request's own. */
  publicUrl?: string | null;
  /** LRS_ENDPOINT and the rest, when the environment sets the LRS: the console then shows it and cannot change it. */
  lrsFromEnvironment?: LrsEndpoint | null;
}

interface Context { req: IncomingMessage; res: ServerResponse; url: URL; params: string[] }
type Method = 'GET' | 'POST' | 'PUT';
interface ApiRoute { method: Method; path: RegExp; auth: 'admin' | 'device' | 'none'; run: (ctx: Context, device: Awaited<ReturnType<typeof authenticateDevice>> | null) => Promise<void> }

const exact = (path: string) => new RegExp(`^${path.replace(/[.]/g, '\\.')}$`);
const SEGMENT = '([^/]+)';

/** The versioned JSON API. Every answer, error or not, is JSON with no caching. */
export function createApi(options: ApiOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = options.now ?? Date.now;
  const { stores } = options;
  const limits = enrollmentLimits();
  /** Supervisors' phone-link proofs still fresh: each is answered once. */
  const phoneLinkProofs = new Map<string, number>();
  const signInLimits = new SignInLimits();
  const clientOf = options.clientAddress ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
  const published = publishedVersions(options.contentDir);
  /** The origin of the links this API makes, and of statements when nothing else fixes it. */
  const originOf = (req: IncomingMessage) => linkOrigin(req, options.publicUrl, options.overHttps?.(req) ?? false);
  const fromEnvironment = { lrs: options.lrsFromEnvironment ?? null, publicUrl: options.publicUrl ?? null };
  const isAdmin = bearerCheck([options.adminToken], 'the admin token');
  const adminRoute = (method: Method, path: string, handler: (typeof admin)[keyof typeof admin]): ApiRoute => ({
    method, path: new RegExp(`^${ADMIN}${path}$`), auth: 'admin',
    run: async ({ req, res, url, params }) => void (await handler({ req, res, url, stores, now: now() }, params)),
  });
  const routes: ApiRoute[] = [
    { method: 'POST', path: exact(SYNC_URL), auth: 'device', run: ({ req, res }, device) => handleSync(req, res, stores, device!, now, published) },
    { method: 'GET', path: exact(ROSTER_URL), auth: 'device', run: ({ req, res, url }, device) => handleRoster(req, res, stores, device!, url, now()) },
    // A poster's code, for a device that has not saved its site's codes: public, as the poster on the wall is.
    {
      method: 'GET', path: new RegExp(`^${CODES_URL}${SEGMENT}$`), auth: 'none', run: async ({ req, res, params }) => {
        const code = normaliseShortCode(params[0]!);
        const found = code ? await stores.codes.resolve(code) : null;
        if (!found) throw new HttpError(404, `No module opens from the code ${params[0]}.`);
        sendJson(req, res, 200, { code: found.code, moduleId: found.moduleId, section: found.section });
      },
    },
    {
      method: 'POST', path: exact(PHONE_LINK_URL), auth: 'device', run: ({ req, res }, device) =>
        handlePhoneLink(req, res, stores, device!, now(), originOf(req), phoneLinkProofs),
    },
    { method: 'POST', path: exact(ENROLL_URL), auth: 'none', run: ({ req, res }) => handleEnroll(req, res, stores, limits, clientOf(req), now()) },
    { method: 'GET', path: exact(COMPLETIONS_URL), auth: 'admin', run: ({ req, res, url }) => handleCompletions(req, res, stores.records, url) },
    { method: 'GET', path: exact(COMPLETIONS_CSV_URL), auth: 'admin', run: ({ res, url }) => handleCompletionsCsv(res, stores.records, url) },
    {
      method: 'GET', path: exact(XAPI_STATEMENTS_URL), auth: 'admin', run: async ({ req, res, url }) =>
        handleStatements(req, res, url, stores, options.contentDir, await statementsHome(fromEnvironment, stores, originOf(req)), now()),
    },
    adminRoute('GET', '/sites', admin.listSites),
    adminRoute('PUT', `/sites/${SEGMENT}`, admin.putSite),
    adminRoute('POST', `/sites/${SEGMENT}/roster`, admin.importRoster),
    adminRoute('GET', `/sites/${SEGMENT}/people`, admin.listPeople),
    adminRoute('GET', `/sites/${SEGMENT}/assignments`, admin.listAssignments),
    adminRoute('POST', `/sites/${SEGMENT}/assignments`, admin.setAssignment),
    adminRoute('POST', `/sites/${SEGMENT}/enrollment-codes`, admin.createEnrollmentCode),
    adminRoute('GET', `/sites/${SEGMENT}/devices`, admin.listDevices),
    adminRoute('GET', `/sites/${SEGMENT}/status`, admin.status),
    adminRoute('GET', `/sites/${SEGMENT}/signoffs`, admin.signoffs),
    adminRoute('POST', `/devices/${SEGMENT}/revoke`, admin.revokeDevice),
    adminRoute('PUT', `/people/${SEGMENT}/passphrase`, admin.setPassphrase),
    adminRoute('POST', '/console-users', admin.createConsoleUser),
    // Console sign-in locks, for the CLI: an admin who cannot reach the console can still lift one.
    { method: 'GET', path: exact(`${ADMIN}/console-locks`), auth: 'admin', run: async ({ req, res }) => sendJson(req, res, 200, { locks: await lockedAccounts(signInLimits, stores, now()) }) },
    {
      method: 'POST', path: new RegExp(`^${ADMIN}/console-locks/${SEGMENT}/unlock$`), auth: 'admin',
      run: async ({ req, res, params }) => sendJson(req, res, 200, { unlocked: await liftLock(signInLimits, stores, params[0]!, 'admin-token', now()) }),
    },
    // Campaign reports for the CLI: the console's numbers, through the same report builder.
    { method: 'GET', path: new RegExp(`^${ADMIN}/campaigns$`), auth: 'admin', run: async ({ req, res }) => sendJson(req, res, 200, { campaigns: await stores.campaigns.list() }) },
    {
      method: 'GET', path: new RegExp(`^${ADMIN}/campaigns/${SEGMENT}/report$`), auth: 'admin', run: async ({ req, res, params }) => {
        const campaign = await stores.campaigns.campaign(params[0]!);
        if (!campaign) throw new HttpError(404, `No campaign ${params[0]}.`);
        // Loaded with the first report: its statistics library is megabytes of memory a server that never reports would hold for nothing.
        const { campaignReport, EVERY_SITE } = await import('../console/campaign-report.ts');
        sendJson(req, res, 200, await campaignReport(stores, campaign, options.contentDir, EVERY_SITE, now()));
      },
    },
  ];
  const consoleRoutes = consoleApi({ stores, content: options.content ?? null, contentDir: options.contentDir, now, clientOf, overHttps: options.overHttps ?? (() => false), signInLimits, publicUrl: options.publicUrl ?? null, lrsFromEnvironment: options.lrsFromEnvironment ?? null, published });

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://server');
    try {
      if (url.pathname.startsWith(`${CONSOLE_API}/`)) return await consoleRoutes(req, res, url);
      const matching = routes.filter((r) => r.path.test(url.pathname));
      if (!matching.length) throw new HttpError(404, `No API at ${url.pathname}.`);
      const route = matching.find((r) => r.method === req.method);
      if (!route) {
        const allowed = matching.map((r) => r.method).join(', ');
        res.setHeader('Allow', allowed);
        throw new HttpError(405, `${url.pathname} takes ${allowed}, not ${req.method}.`);
      }
      if (route.auth === 'admin') isAdmin(req);
      const device = route.auth === 'device' ? await authenticateDevice(req, stores.devices) : null;
      const params = route.path.exec(url.pathname)!.slice(1).map(decodeSegment);
      await route.run({ req, res, url, params }, device);
      // The admin token reads every site's learning data: each read is in the audit log, as the console's are.
      if (route.auth === 'admin' && req.method === 'GET' && res.statusCode < 400) {
        await stores.console.audit({ at: now(), userId: 'admin-token', action: 'data.read', target: url.pathname, detail: url.search.slice(0, 200) });
      }
    } catch (err) {
      if (res.headersSent) { res.destroy(); return; }
      const client = err instanceof HttpError || err instanceof SiteError ? err : null;
      if (client) {
        // The client's mistake, in one line: no stack trace for what a request can provoke at will.
        console.warn(`${req.method} ${url.pathname} ${client.status}: ${client.message}`);
        if (client instanceof HttpError && client.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(client.retryAfterSeconds));
        return sendError(req, res, client.status, client.message, client instanceof HttpError ? client.code : undefined);
      }
      console.error(`${req.method} ${url.pathname}:`, err);
      // The store failed before committing: nothing was acknowledged, the device keeps its records and retries.
      sendError(req, res, 503, 'The record store is unavailable; nothing was stored from this request. Try again later.');
    } finally {
      // Unread request bytes would otherwise hold the connection.
      if (!req.readableEnded) req.resume();
    }
  };
}
