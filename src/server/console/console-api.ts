import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { can, CONSOLE_API, CONSOLE_PATH, visibleSites, type AuditAction, type ConsoleUser, type Permission } from '../../shared/console/access.ts';
import { EnrollmentCodeInput, SiteId } from '../../shared/roster/admin-schema.ts';
import { localDate } from '../../shared/roster/roster.ts';
import { englishCount } from '../../shared/plural.ts';
import { roleCounts } from '../../shared/roster/role-counts.ts';
import type { PublishPlan } from '../../shared/console/content.ts';
import { MAX_IMPORT_BYTES } from '../../shared/console/import-report.ts';
import { modulesInUse } from '../../shared/console/module-use.ts';
import { admin } from '../api/admin-api.ts';
import { decodeSegment, HttpError, readUpload, readValid, validParam } from '../api/read-body.ts';
import { sendJson } from '../api/respond.ts';
import { parseRosterCsv } from '../roster-csv.ts';
import type { Stores } from '../store/stores.ts';
import { createConsoleUser } from './accounts.ts';
import { CampaignInput, ConsoleUserInput, DraftInput, ImageInput, ImportQuery, LrsInput, OutcomeCsvInput, RecordsFileInput, RosterCsvInput, ShortCodeInput } from './console-schema.ts';
import { parseOutcomeCsv } from '../outcome-csv.ts';
import { quizResults } from './quiz-results.ts';
import { publishedMedia, publishedModule } from '../../node/published-modules.ts';
import { ModuleId } from '../../shared/roster/admin-schema.ts';
import { signInHandler, type SignInOptions } from './sign-in.ts';
import { liftLock, lockedAccounts, type SignInLimits } from './sign-in-limits.ts';
import { CompileGate } from './compile-gate.ts';
import { sourceName, type ContentService } from './content-service.ts';
import { exportReleases, siteExport, SITE_EXPORT_NAMES, type Releases } from './site-exports.ts';
import { clearedSessionCookie, sameOrigin, sessionToken } from './session-cookie.ts';
import { sitePlacementReport } from './placement-report.ts';
import { normaliseShortCode, shortUrl } from '../../shared/short-code.ts';
import type { PosterFormat, PosterSize } from '../../shared/console/posters.ts';
import { WorkLimit } from './work-limit.ts';
import { makePhoneLink } from '../phone-links.ts';
import { linkOrigin } from '../client-address.ts';
import { handleStatements } from '../api/xapi-api.ts';
import { parseLrsAddress, type LrsEndpoint } from '../xapi/lrs-endpoint.ts';
import type { LrsView } from '../../shared/console/lrs.ts';
import { statementsHome } from '../xapi/forward-target.ts';
import { importRecordsFile } from '../api/records-import.ts';
import { modulesFile, siteLanguages } from '../modules-file.ts';
import { MAX_RECORDS_FILE_BYTES, transferFileName } from '../../shared/sync/records-file.ts';
import { sealEnrollment } from '../../shared/enrollment-file.ts';
import type { EnrollmentFileAnswer } from '../../shared/console/content.ts';
import type { PublishedVersions } from '../../node/published-index.ts';

export interface ConsoleApiOptions extends SignInOptions {
  stores: Stores;
  /** The sign-in allowance, shared with the admin API, which can lift a lock too. */
  signInLimits: SignInLimits;
  /** The module sources; null where nobody edits content (tests of other parts): those routes answer 404. */
  content: ContentService | null;
  /** The published content, for the modules campaigns, posters and modules files name, and their reports. */
  contentDir: string;
  /** The origin of the links the console makes (PUBLIC_URL); unset: the address the request came to. */
  publicUrl?: string | null;
  /** The LRS is set in the server's environment (LRS_ENDPOINT): the console shows it and cannot change it. */
  lrsFromEnvironment?: LrsEndpoint | null;
  /** What sync checks records against (api-router.ts): an imported records file meets the same checks. */
  published: () => Promise<PublishedVersions>;
}

interface Ctx { req: IncomingMessage; res: ServerResponse; url: URL; params: string[]; user: ConsoleUser }
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Route {
  method: Method;
  path: RegExp;
  /** What the caller must be allowed; `site` picks the site it is about from the address. */
  permission: Permission | 'signed-in';
  site?: (params: string[], stores: Stores) => Promise<string>;
  run: (ctx: Ctx) => Promise<void>;
  /** For a route that reads people's learning data: what it reads, for the audit log ("who read whose data"). */
  reads?: (params: string[]) => string;
  /** And what it releases: per-person records its readers are entitled to, or counts that only the privacy rule gives. */
  releases?: (params: string[]) => Releases | null;
}

/** A route that reads learning data, as the tests list them. */
export interface DataRead { method: Method; path: RegExp; releases: (params: string[]) => Releases | null }

const SEGMENT = '([^/]+)';
const route = (method: Method, path: string, permission: Route['permission'], run: Route['run'], site?: Route['site']): Route =>
  ({ method, path: new RegExp(`^${CONSOLE_API}${path}$`), permission, run, site });
const siteInPath = async ([site]: string[]) => site!;
/** Marks a route as a read of learning data: each answer it gives is written to the audit log. */
const reading = (reads: Route['reads'], releases: Releases | ((params: string[]) => Releases | null), r: Route): Route =>
  ({ ...r, reads, releases: typeof releases === 'string' ? () => releases : releases });

/** Console bodies are larger than the admin API's: a roster upload is a whole CSV file. */
const body = <S extends v.GenericSchema>(req: IncomingMessage, schema: S, what: string) => readValid(req, schema, what, 4 * 1024 * 1024);


/**
 * The console's JSON API under /api/v1/console/. A session cookie says who is
 * asking; every route says what they must be allowed, and for which site;
 * every change is written to the audit log with who and when.
 */
export function consoleApi(options: ConsoleApiOptions): ((req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>) & { dataReads: DataRead[] } {
  const { stores, now } = options;
  const content = (): ContentService => {
    if (!options.content) throw new HttpError(404, 'This server has no module sources to edit.');
    return options.content;
  };
  const signIn = signInHandler(options, options.signInLimits);
  /** Every compile and import an account starts: one at a time, a bounded number a window. */
  const compiles = new CompileGate();
  /** PDF posters embed and subset a font: a few at a time for the whole server, the rest told to try again. */
  const pdfs = new WorkLimit(2, 'Other posters are being made: try again in a moment.');
  /** A records file is up to 20,000 records through the sync checks: one at a time for the whole server. */
  const imports = new WorkLimit(1, 'Another file is being imported: try again in a moment.');
  const recordImports = new WorkLimit(1, 'Another records file is being imported: try again in a moment.');
  /** A modules file is every module of a site's languages, read and hashed in memory: a few at a time. */
  const modulesFiles = new WorkLimit(2, 'Other modules files are being made: try again in a moment.');
  /** A set-up file's key is 600,000 rounds of PBKDF2 (off the event loop, in WebCrypto's threads): two at a time. */
  const setUpFiles = new WorkLimit(2, 'Other kiosk set-up files are being made: try again in a moment.');
  const audit = (user: Pick<ConsoleUser, 'email'>, action: AuditAction, target: string, detail = '') => stores.console.audit({ at: now(), userId: user.email, action, target, detail });
  /** A plan with where the modules it takes off every kiosk are still assigned or followed by a campaign. */
  const withUses = async (plan: PublishPlan): Promise<PublishPlan> => {
    if (!plan.gone.length) return plan;
    const sites = await Promise.all((await stores.sites.sites()).map(async (site) => ({ ...site, assignments: await stores.assignments.assignments(site.id) })));
    return { ...plan, inUse: modulesInUse(plan.gone, sites, await stores.campaigns.list(), localDate(now())) };
  };
  /** The origin of the links and QR codes the console makes. */
  const originOf = (req: IncomingMessage) => linkOrigin(req, options.publicUrl, options.overHttps(req));
  const fromEnvironment = { lrs: options.lrsFromEnvironment ?? null, publicUrl: options.publicUrl ?? null };
  /** A code of a site the user may manage codes at; 404 for any other, so codes of other sites cannot be probed. */
  const codeFor = async (user: ConsoleUser, raw: string, permission: 'codes.manage' | 'read') => {
    const code = normaliseShortCode(raw);
    const found = code ? await stores.codes.find(code) : null;
    const allowed = found && (permission === 'read' ? mayReadSite(user, found.siteId) || can(user, 'codes.manage', found.siteId) : can(user, 'codes.manage', found.siteId));
    if (!found || !allowed) throw new HttpError(404, `No poster code ${raw} you may ${permission === 'read' ? 'see' : 'change'}.`);
    return found;
  };
  const adminCtx = (c: Ctx) => ({ req: c.req, res: c.res, url: c.url, stores, now: now() });
  const requireSiteId = (raw: string) => validParam(SiteId, raw, 'site id');
  /** L&D see every campaign and its numbers; a site's people the campaigns running at their sites, with only those sites' numbers. */
  const mayReadSite = (user: ConsoleUser, siteId: string) => can(user, 'campaign.manage') || can(user, 'site.read', siteId);
  const mayRead = (user: ConsoleUser, c: { sites: string[] }) => can(user, 'campaign.manage') || c.sites.some((s) => can(user, 'site.read', s));
  /** What the schema cannot know: the sites exist, and every module named is published. */
  async function checkCampaign(input: CampaignInput): Promise<void> {
    const known = new Set((await stores.sites.sites()).map((s) => s.id));
    const site = input.sites.findIndex((s) => !known.has(s));
    if (site >= 0) throw new HttpError(422, `campaign: sites[${site}]: there is no site "${input.sites[site]}".`);
    const media = new Set(await publishedMedia(options.contentDir));
    for (const [i, step] of input.steps.entries()) {
      if (step.kind === 'teaser' && step.image && !media.has(step.image)) {
        throw new HttpError(422, `campaign: steps[${i}].image: ${step.image} is not an image of a published module (only those are saved on every kiosk).`);
      }
      if ((step.kind === 'module' || step.kind === 'follow-up') && !(await publishedModule(options.contentDir, step.moduleId))) {
        throw new HttpError(422, `campaign: steps[${i}].moduleId: no module "${step.moduleId}" is published.`);
      }
    }
  }

  const routes: Route[] = [
    route('DELETE', '/session', 'signed-in', async ({ req, res, user }) => {
      await stores.console.revokeSession(sessionToken(req)!, now());
      await audit(user, 'session.sign-out', user.email);
      res.setHeader('Set-Cookie', clearedSessionCookie(options.overHttps(req)));
      sendJson(req, res, 200, { ok: true });
    }),
    route('GET', '/sites', 'signed-in', async ({ req, res, user }) => {
      const sites = await stores.sites.sites();
      // Content roles see every site's name, for assignments shown beside modules; reports stay per site.
      sendJson(req, res, 200, { sites: can(user, 'content.read') && user.sites === null ? sites : visibleSites(user, sites) });
    }),
    reading(() => 'training status', 'names', route('GET', `/sites/${SEGMENT}/status`, 'site.read', (c) => admin.status(adminCtx(c), c.params), siteInPath)),
    reading(([, table]) => `${table}.csv`, ([, table]) => exportReleases(table!), route('GET', `/sites/${SEGMENT}/export/${SEGMENT}\\.csv`, 'site.read', async ({ res, params, url }) => {
      const [site, table] = [requireSiteId(params[0]!), params[1]!];
      const csv = await siteExport(stores, table, site, url.searchParams.get('today') ?? localDate(now()));
      if (csv === null) throw new HttpError(404, `No table "${table}" to export: there are ${SITE_EXPORT_NAMES.join(', ')}.`);
      sendDownload(res, `${table}-${site}.csv`, 'text/csv; charset=utf-8', csv);
    }, siteInPath)),
    route('PUT', `/sites/${SEGMENT}`, 'site.manage', async (c) => {
      await admin.putSite(adminCtx(c), c.params);
      await audit(c.user, 'site.settings', c.params[0]!);
    }, async ([site], s) => {
      // Changing a site is a site admin's business; creating one is an admin's.
      await s.sites.site(site!).catch(() => { throw new HttpError(404, `No site ${site}: an admin creates sites.`); });
      return site!;
    }),
    reading(() => 'quiz results', 'counts', route('GET', `/sites/${SEGMENT}/quiz-results`, 'site.read', async ({ req, res, params }) => {
      sendJson(req, res, 200, { modules: await quizResults(stores, requireSiteId(params[0]!)) });
    }, siteInPath)),
    reading(() => 'sign-offs', 'names', route('GET', `/sites/${SEGMENT}/signoffs`, 'site.read', (c) => admin.signoffs(adminCtx(c), c.params), siteInPath)),
    route('GET', `/sites/${SEGMENT}/people`, 'site.read', (c) => admin.listPeople(adminCtx(c), c.params), siteInPath),
    route('GET', `/sites/${SEGMENT}/assignments`, 'site.read', (c) => admin.listAssignments(adminCtx(c), c.params), siteInPath),
    route('GET', `/sites/${SEGMENT}/devices`, 'site.read', (c) => admin.listDevices(adminCtx(c), c.params), siteInPath),
    // A site's own outcome figures, for campaign reports: L&D's to upload, not learning records.
    route('POST', `/sites/${SEGMENT}/outcomes`, 'campaign.manage', async ({ req, res, params, user }) => {
      const siteId = requireSiteId(params[0]!);
      await stores.sites.site(siteId).catch(() => { throw new HttpError(404, `No site ${siteId}.`); });
      const input = await body(req, OutcomeCsvInput, 'outcome figures');
      const fileName = input.fileName.replace(/[^\w. -]/g, '_');
      const parsed = parseOutcomeCsv(input.csv, fileName);
      if (!parsed.ok) return sendJson(req, res, 400, { error: `Nothing stored: ${englishCount(parsed.errors.length, 'problem')} in ${fileName}.`, errors: parsed.errors });
      const stored = await stores.outcomes.put(siteId, parsed.rows, now());
      await audit(user, 'site.outcomes', siteId, `${englishCount(stored, 'figure')} from ${fileName}`);
      sendJson(req, res, 200, { stored });
    }),
    route('POST', `/sites/${SEGMENT}/roster`, 'site.manage', async ({ req, res, params, user }) => {
      const siteId = requireSiteId(params[0]!);
      const input = await body(req, RosterCsvInput, 'roster upload');
      const fileName = input.fileName.replace(/[^\w. -]/g, '_');
      const parsed = parseRosterCsv(input.csv, fileName);
      // Every bad row, and nothing imported: the same rules as `npm run admin -- import`.
      if (!parsed.ok) return sendJson(req, res, 400, { error: `Nothing imported: ${englishCount(parsed.errors.length, 'problem')} in ${fileName}.`, errors: parsed.errors });
      // Only an admin moves people between sites; a site admin's refusal names the row, never the other site.
      const mayMove = can(user, 'people.move');
      const taken = mayMove ? new Set<string>() : await stores.sites.elsewhere(siteId, parsed.people.map((p) => p.id));
      const errors = parsed.people.flatMap((p, i) => taken.has(p.id)
        ? [`${fileName}:${parsed.lines[i]}: employee_number: ${p.id} belongs to another site's roster; only an admin can move someone between sites`] : []);
      if (errors.length) return sendJson(req, res, 409, { error: `Nothing imported: ${englishCount(errors.length, 'problem')} in ${fileName}.`, errors });
      const result = await stores.sites.importRoster(siteId, parsed.people, input.replace, mayMove);
      await audit(user, 'site.roster', siteId, `${parsed.people.length} people from ${fileName}${input.replace ? ', replacing' : ''}`);
      sendJson(req, res, 200, result);
    }, siteInPath),
    route('POST', `/sites/${SEGMENT}/assignments`, 'site.manage', async (c) => {
      const set = await admin.setAssignment(adminCtx(c), c.params);
      const who = set.role !== undefined ? `role ${set.role}` : `person ${set.person}`;
      await audit(c.user, 'site.assignment', c.params[0]!, `${set.remove ? 'removed' : 'set'}: ${set.moduleId} for ${who}, due ${set.due}`);
    }, siteInPath),
    route('POST', `/sites/${SEGMENT}/enrollment-codes`, 'site.manage', async ({ req, res, params, user }) => {
      const siteId = requireSiteId(params[0]!);
      const input = await body(req, v.omit(EnrollmentCodeInput, ['device']), 'enrollment code request');
      const code = await stores.devices.createEnrollmentCode(siteId, input.label, input.validHours * 3600_000, now());
      const link = `${originOf(req)}/#enroll=${code.code}`;
      await audit(user, 'site.enrollment-code', siteId, input.label);
      // Loaded with the first code made: the QR encoder is nothing a server that never enrolls a kiosk needs to hold.
      const { qrPath, qrSvg } = await import('../qr.ts');
      sendJson(req, res, 201, { code: code.code, link, expiresAt: new Date(code.expiresAt).toISOString(), qrSvg: qrSvg(qrPath(link)) });
    }, siteInPath),
    // A kiosk that can never reach the server: its identity, roster and the content key in a file, sealed with a code shown once.
    route('POST', `/sites/${SEGMENT}/enrollment-files`, 'site.manage', async ({ req, res, params, user }) => {
      const siteId = requireSiteId(params[0]!);
      const { label } = await body(req, v.pick(EnrollmentCodeInput, ['label']), 'kiosk set-up file request');
      const answer = await setUpFiles.run(async () => {
        const { deviceId, token, site, code } = await stores.devices.enrollOffline(siteId, label, now());
        const payload = { credential: token, site, label, contentKey: (await stores.keys.contentKey(now())).publicJwk, roster: await stores.sites.rosterDelta(siteId, null, now()) };
        const file = await sealEnrollment({ site: { id: site.id, name: site.name }, label, device: deviceId, createdAt: now() }, payload, code);
        return { device: deviceId, code, file, fileName: transferFileName('set-up', label, now()) } satisfies EnrollmentFileAnswer;
      });
      await audit(user, 'site.enrollment-file', siteId, `${label} (${answer.device})`);
      sendJson(req, res, 201, answer);
    }, siteInPath),
    // A worker's own phone: a one-time link for one person, short-lived, that nobody else's phone can use after theirs did.
    route('POST', `/people/${SEGMENT}/phone-link`, 'site.manage', async ({ req, res, params, user }) => {
      const { siteId, ...link } = await makePhoneLink(stores, params[0]!, originOf(req), now());
      await audit(user, 'site.phone-link', siteId, `for ${params[0]}`);
      sendJson(req, res, 201, link);
    }, async ([person], s) => {
      const member = (await s.sites.members([person!])).get(person!);
      if (!member || member.removed) throw new HttpError(404, `There is no one with employee number "${person}" on any roster.`);
      return member.siteId;
    }),
    route('POST', `/devices/${SEGMENT}/revoke`, 'site.manage', async (c) => {
      await admin.revokeDevice(adminCtx(c), c.params);
      await audit(c.user, 'device.revoke', c.params[0]!);
    }, async ([device], s) => {
      const found = await s.devices.deviceSite(device!);
      if (!found) throw new HttpError(404, `No kiosk ${device}.`);
      return found;
    }),
    route('GET', `/sites/${SEGMENT}/modules-file`, 'site.manage', async ({ res, params }) => {
      const site = await stores.sites.site(requireSiteId(params[0]!));
      const langs = siteLanguages(site, await stores.sites.people(site.id));
      const file = await modulesFiles.run(async () => modulesFile(options.contentDir, site, langs, await stores.keys.contentKey(now()), now()));
      sendDownload(res, file.fileName, 'text/plain; charset=utf-8', file.text);
    }, siteInPath),
    // The site is inside the file, so the route checks it once the file is read: a kiosk of a site the user does not manage is not found.
    route('POST', '/records-files', 'signed-in', async ({ req, res, user }) => {
      const managesSome = user.sites === null ? can(user, 'site.manage') : user.sites.some((site) => can(user, 'site.manage', site));
      if (!managesSome) throw new HttpError(403, `Your role (${user.role}) may not import records: a site admin or an administrator does.`, 'forbidden');
      const result = await recordImports.run(async () => {
        const { file } = await readValid(req, RecordsFileInput, 'records file upload', MAX_RECORDS_FILE_BYTES + 1024);
        return importRecordsFile(stores, file, (siteId) => can(user, 'site.manage', siteId), now(), options.published);
      });
      await audit(user, 'device.records-import', result.device.id,
        `"${result.device.label}": ${result.records} records, ${result.stored} new, ${result.already} already here, ${result.rejected.length} refused`);
      sendJson(req, res, 200, result);
    }),
    route('PUT', `/people/${SEGMENT}/passphrase`, 'site.manage', async (c) => {
      await admin.setPassphrase(adminCtx(c), c.params);
      await audit(c.user, 'site.passphrase', c.params[0]!);
    }, async ([person], s) => {
      const member = (await s.sites.members([person!])).get(person!);
      if (!member || member.removed) throw new HttpError(404, `There is no one with employee number "${person}" on any roster.`);
      return member.siteId;
    }),
    route('GET', '/modules', 'content.read', async ({ req, res }) => {
      const assigned = new Map<string, string[]>();
      for (const site of await stores.sites.sites()) {
        for (const a of await stores.assignments.assignments(site.id)) {
          const list = assigned.get(a.moduleId) ?? [];
          if (!list.includes(site.id)) assigned.set(a.moduleId, [...list, site.id]);
        }
      }
      const modules = (await content().modules()).map((m) => ({ ...m, sites: assigned.get(m.id) ?? [] }));
      sendJson(req, res, 200, { modules });
    }),
    // The roles on the rosters, with how many hold each: the module and campaign forms offer these, so nothing targets a role nobody has.
    // A site admin counts only their own sites' people: head counts are another site's business.
    route('GET', '/roles', 'content.read', async ({ req, res, user }) => {
      const all = await stores.sites.sites();
      const people = [];
      for (const site of user.sites === null ? all : visibleSites(user, all)) people.push(...(await stores.sites.people(site.id)));
      sendJson(req, res, 200, { roles: roleCounts(people) });
    }),
    route('GET', `/sources/${SEGMENT}`, 'content.read', async ({ req, res, params }) => sendJson(req, res, 200, { name: params[0], source: await content().source(params[0]!) })),
    route('GET', '/drafts', 'content.write', async ({ req, res, user }) => sendJson(req, res, 200, { drafts: await stores.console.drafts(user.id) })),
    route('GET', `/drafts/${SEGMENT}`, 'content.write', async ({ req, res, user, params }) => {
      const draft = await stores.console.draft(user.id, params[0]!);
      if (!draft) throw new HttpError(404, `You have no draft named ${params[0]}.`);
      sendJson(req, res, 200, draft);
    }),
    route('PUT', `/drafts/${SEGMENT}`, 'content.write', async ({ req, res, user, params }) => {
      const { source } = await body(req, DraftInput, 'draft');
      const name = sourceName(params[0]!);
      // Saved before it is compiled: whatever the compile says, the author's text is kept.
      const isNew = !(await stores.console.draft(user.id, name));
      await stores.console.saveDraft(user.id, name, source, now());
      if (isNew) await audit(user, 'content.draft-create', name);
      sendJson(req, res, 200, await compiles.run(user.id, now(), () => content().preview(name, source)));
    }),
    route('POST', `/drafts/${SEGMENT}/preview`, 'content.write', async ({ req, res, user, params }) => {
      const { source } = await body(req, DraftInput, 'draft');
      sendJson(req, res, 200, await compiles.run(user.id, now(), () => content().preview(params[0]!, source)));
    }),
    route('POST', '/images', 'content.write', async ({ req, res, user }) => {
      const input = await body(req, ImageInput, 'image');
      const added = await compiles.run(user.id, now(), () => content().addImage(input.fileName, Buffer.from(input.data, 'base64'), can(user, 'content.publish')));
      await audit(user, added.replaced ? 'content.image-replace' : 'content.image', added.path);
      sendJson(req, res, 201, added);
    }),
    // One import at a time on the whole server, taken before its body is read: an upload may be 64 MiB.
    route('POST', '/imports', 'content.write', async ({ req, res, url, user }) => imports.run(() => compiles.run(user.id, now(), async () => {
      const input = validParam(ImportQuery, Object.fromEntries(url.searchParams), 'import');
      const data = await readUpload(req, MAX_IMPORT_BYTES);
      const imported = await content().importFile(input.fileName, data, { lang: input.lang, speakerNotes: input.speakerNotes === 'yes' }, can(user, 'content.publish'));
      for (const d of imported.drafts) await stores.console.saveDraft(user.id, d.name, d.source, now(), imported.report);
      await audit(user, 'content.import', input.fileName.slice(0, 120), [`drafts: ${imported.drafts.map((d) => d.name).join(', ')}`, ...(imported.images.length ? [`images: ${imported.images.join(', ')}`] : [])].join('; '));
      for (const path of imported.replaced) await audit(user, 'content.image-replace', path, `by the import of ${input.fileName.slice(0, 120)}`);
      sendJson(req, res, 200, { drafts: imported.drafts.map((d) => d.name), report: imported.report });
    }))),
    route('DELETE', `/drafts/${SEGMENT}`, 'content.write', async ({ req, res, user, params }) => {
      if (await stores.console.draft(user.id, params[0]!)) {
        await stores.console.deleteDraft(user.id, params[0]!);
        await audit(user, 'content.draft-delete', params[0]!);
      }
      sendJson(req, res, 200, { ok: true });
    }),
    route('POST', `/drafts/${SEGMENT}/plan`, 'content.publish', async ({ req, res, user, params }) => {
      const draft = await stores.console.draft(user.id, params[0]!);
      if (!draft) throw new HttpError(404, `You have no draft named ${params[0]}: save it first.`);
      sendJson(req, res, 200, await withUses(await compiles.run(user.id, now(), () => content().plan(draft.name, draft.source))));
    }),
    route('POST', `/drafts/${SEGMENT}/publish`, 'content.publish', async ({ req, res, user, params }) => {
      const draft = await stores.console.draft(user.id, params[0]!);
      if (!draft) throw new HttpError(404, `You have no draft named ${params[0]}: save it first.`);
      const result = await compiles.run(user.id, now(), () => content().publish(draft.name, draft.source, user.email));
      if (!result.ok) return sendJson(req, res, 422, { error: `Not published: ${englishCount(result.diagnostics.length, 'problem')}.`, ...result });
      await stores.console.deleteDraft(user.id, draft.name);
      await audit(user, 'content.publish', draft.name, result.changed.map((m) => `${m.id} (${m.lang})`).join(', ') || 'no module changed');
      sendJson(req, res, 200, result);
    }),
    route('POST', `/sources/${SEGMENT}/unpublish-plan`, 'content.publish', async ({ req, res, params, user }) => sendJson(req, res, 200, await withUses(await compiles.run(user.id, now(), () => content().unpublishPlan(params[0]!))))),
    route('POST', `/sources/${SEGMENT}/unpublish`, 'content.publish', async ({ req, res, params, user }) => {
      const result = await compiles.run(user.id, now(), () => content().unpublish(params[0]!, user.email));
      if (!result.ok) return sendJson(req, res, 422, { error: `Not taken off: ${englishCount(result.diagnostics.length, 'problem')}.`, ...result });
      await audit(user, 'content.unpublish', params[0]!, result.removed.map((m) => `${m.id} (${m.lang})`).join(', ') || 'no module changed');
      sendJson(req, res, 200, result);
    }),
    route('GET', '/versions', 'content.read', async ({ req, res }) => sendJson(req, res, 200, { versions: await content().versions() })),
    route('POST', `/versions/${SEGMENT}/plan`, 'content.publish', async ({ req, res, params, user }) => sendJson(req, res, 200, await withUses(await compiles.run(user.id, now(), () => content().rollbackPlan(params[0]!))))),
    route('POST', `/versions/${SEGMENT}/rollback`, 'content.publish', async ({ req, res, params, user }) => {
      const result = await compiles.run(user.id, now(), () => content().rollback(params[0]!, user.email));
      if (!result.ok) return sendJson(req, res, 422, { error: `Not rolled back: ${englishCount(result.diagnostics.length, 'problem')} with today's limits.`, ...result });
      await audit(user, 'content.rollback', params[0]!, result.changed.map((m) => `${m.id} (${m.lang})`).join(', ') || 'no module changed');
      sendJson(req, res, 200, result);
    }),
    route('GET', '/users', 'console.manage', async ({ req, res }) => sendJson(req, res, 200, { users: await stores.console.users() })),
    route('POST', '/users', 'console.manage', async ({ req, res, user }) => {
      const created = await createConsoleUser(stores, await body(req, ConsoleUserInput, 'account'), now());
      await audit(user, 'console.user-create', created.email, created.role);
      sendJson(req, res, 201, created);
    }),
    route('GET', '/locks', 'console.manage', async ({ req, res }) => sendJson(req, res, 200, { locks: await lockedAccounts(options.signInLimits, stores, now()) })),
    route('POST', `/locks/${SEGMENT}/unlock`, 'console.manage', async ({ req, res, user, params }) => {
      sendJson(req, res, 200, { unlocked: await liftLock(options.signInLimits, stores, params[0]!, user.email, now()) });
    }),
    route('POST', `/users/${SEGMENT}/sign-out`, 'console.manage', async ({ req, res, user, params }) => {
      const ended = await stores.console.revokeSessionsOf(params[0]!, now());
      await audit(user, 'console.sessions-revoke', params[0]!, englishCount(ended, 'session'));
      sendJson(req, res, 200, { ended });
    }),
    route('GET', '/campaigns', 'signed-in', async ({ req, res, user }) => {
      const all = await stores.campaigns.list();
      sendJson(req, res, 200, { campaigns: all.filter((c) => mayRead(user, c)) });
    }),
    route('PUT', `/campaigns/${SEGMENT}`, 'campaign.manage', async ({ req, res, user, params }) => {
      const id = validParam(ModuleId, params[0]!, 'campaign id');
      const input = await body(req, CampaignInput, 'campaign');
      await checkCampaign(input);
      const { created } = await stores.campaigns.put({ id, ...input }, now());
      await audit(user, created ? 'campaign.create' : 'campaign.change', id, `${englishCount(input.steps.length, 'step')} at ${input.sites.join(', ')}${input.pilot ? ' (pilot)' : ''}`);
      sendJson(req, res, created ? 201 : 200, await stores.campaigns.campaign(id));
    }),
    route('DELETE', `/campaigns/${SEGMENT}`, 'campaign.manage', async ({ req, res, user, params }) => {
      if (!(await stores.campaigns.remove(params[0]!, now()))) throw new HttpError(404, `No campaign ${params[0]}.`);
      await audit(user, 'campaign.remove', params[0]!);
      sendJson(req, res, 200, { ok: true });
    }),
    reading(() => 'campaign report', 'counts', route('GET', `/campaigns/${SEGMENT}/report`, 'signed-in', async ({ req, res, user, params }) => {
      const campaign = await stores.campaigns.campaign(params[0]!);
      if (!campaign || !mayRead(user, campaign)) throw new HttpError(404, `No campaign ${params[0]} you may see.`);
      // A site's own numbers only for those who may read that site; what is pooled over sites only for those who read them all.
      const reader = { mayReadSite: (siteId: string) => mayReadSite(user, siteId), readsEverySite: can(user, 'campaign.manage') || (user.sites === null && can(user, 'site.read')) };
      // Loaded with the first report (its statistics library is megabytes the server need not hold until then).
      const { campaignReport } = await import('./campaign-report.ts');
      sendJson(req, res, 200, await campaignReport(stores, campaign, options.contentDir, reader, now()));
    })),
    // QR posters: a site's codes, each with its placement; who may read the site sees them, who manages codes makes them.
    route('GET', `/sites/${SEGMENT}/codes`, 'signed-in', async ({ req, res, params, user }) => {
      const siteId = requireSiteId(params[0]!);
      if (!mayReadSite(user, siteId) && !can(user, 'codes.manage', siteId)) throw new HttpError(404, `No site ${siteId} you may see.`);
      const origin = originOf(req);
      sendJson(req, res, 200, { codes: (await stores.codes.list(siteId)).map((c) => ({ ...c, url: shortUrl(origin, c.code) })) });
    }),
    route('POST', `/sites/${SEGMENT}/codes`, 'codes.manage', async ({ req, res, params, user }) => {
      const siteId = requireSiteId(params[0]!);
      const input = await body(req, ShortCodeInput, 'poster code');
      const module = await publishedModule(options.contentDir, input.moduleId);
      if (!module) throw new HttpError(422, `poster code: moduleId: no module "${input.moduleId}" is published.`);
      if (input.section !== null && input.section >= module.sections.length) {
        throw new HttpError(422, `poster code: section: "${module.title}" has ${englishCount(module.sections.length, 'section')}, numbered from 0.`);
      }
      if (input.section !== null && !module.sections[input.section]!.jobAid) {
        throw new HttpError(422, `poster code: section: "${module.sections[input.section]!.title || module.title}" is not a job aid: end its heading with {job-aid} to open it from a poster.`);
      }
      const code = await stores.codes.create(siteId, { moduleId: input.moduleId, section: input.section }, input.placement, user.email, now());
      await audit(user, 'site.code-create', siteId, `${code.code}: ${input.moduleId}${input.section === null ? '' : ` section ${input.section + 1}`} at "${input.placement}"`);
      sendJson(req, res, 201, { ...code, url: shortUrl(originOf(req), code.code) });
    }, siteInPath),
    route('POST', `/codes/${SEGMENT}/retire`, 'signed-in', async ({ req, res, params, user }) => {
      const code = await codeFor(user, params[0]!, 'codes.manage');
      if (await stores.codes.retire(code.code)) await audit(user, 'site.code-retire', code.siteId, `${code.code} at "${code.placement}"`);
      sendJson(req, res, 200, { ok: true });
    }),
    route('GET', `/codes/${SEGMENT}/poster-(a4|a6)\\.(svg|pdf)`, 'signed-in', async ({ req, res, params, user }) => {
      const code = await codeFor(user, params[0]!, 'read');
      const [size, format] = [params[1] as PosterSize, params[2] as PosterFormat];
      // Loaded with the first poster: the QR encoder and the PDF writer are the server's business only when someone prints.
      const { posterFor } = await import('../posters/poster-for.ts');
      const poster = await posterFor(stores, options.contentDir, code, size, originOf(req));
      if (poster === null) throw new HttpError(409, `The module of code ${code.code} is no longer published: retire the code, or publish the module again.`);
      const body = format === 'svg' ? (await import('../posters/poster-svg.ts')).posterSvg(poster) : await pdfs.run(async () => (await import('../posters/poster-pdf.ts')).posterPdf(poster));
      res.statusCode = 200;
      res.setHeader('Content-Type', format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="poster-${code.code}-${size}.${format}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    }),
    reading(() => 'placement report', 'counts', route('GET', `/sites/${SEGMENT}/placements`, 'signed-in', async ({ req, res, params, user }) => {
      const siteId = requireSiteId(params[0]!);
      if (!mayReadSite(user, siteId)) throw new HttpError(404, `No site ${siteId} you may see.`);
      sendJson(req, res, 200, await sitePlacementReport(stores, siteId, now()));
    })),
    // Every site's records, person by person, as xAPI statements: for whoever reads every site (an admin, an all-sites viewer).
    reading(() => 'xAPI statements', 'names', route('GET', '/xapi/statements', 'site.read', async ({ req, res, url, user }) => {
      if (user.sites !== null) throw new HttpError(403, 'The xAPI statements hold every site\'s records: only someone who reads every site may export them.');
      await handleStatements(req, res, url, stores, options.contentDir, await statementsHome(fromEnvironment, stores, originOf(req)), now());
    })),
    // The LRS every stored record is forwarded to: what is set (never the secret) and how forwarding goes.
    route('GET', '/lrs', 'console.manage', async ({ req, res }) => {
      const env = options.lrsFromEnvironment ?? null;
      const set = env ? null : await stores.xapi.lrsSettings();
      sendJson(req, res, 200, {
        source: env ? 'environment' : set ? 'console' : null,
        endpoint: env?.endpoint ?? set?.endpoint ?? null, key: env?.key ?? set?.key ?? null, secretSet: Boolean(env ?? set),
        homePage: env ? options.publicUrl ?? null : set?.homePage ?? null, changedAt: set?.changedAt ?? null, changedBy: set?.changedBy ?? null,
        status: await stores.xapi.status(),
      } satisfies LrsView);
    }),
    route('PUT', '/lrs', 'console.manage', async ({ req, res, user }) => {
      if (options.lrsFromEnvironment) throw new HttpError(409, 'The LRS is set in the server\'s environment (LRS_ENDPOINT): change it there.');
      const input = await body(req, LrsInput, 'LRS');
      const address = parseLrsAddress(input.endpoint);
      if ('problem' in address) throw new HttpError(422, `LRS: endpoint: ${address.problem}.`);
      const before = await stores.xapi.lrsSettings();
      const secret = input.secret || before?.secret;
      if (!secret) throw new HttpError(422, 'LRS: secret: the secret the LRS gave this server is needed the first time.');
      // The address statements are said under stays what it was first: a statement said again must be the same statement.
      const homePage = await statementsHome(fromEnvironment, stores, originOf(req));
      await stores.xapi.setLrsSettings({ endpoint: address.endpoint, key: input.key, secret, homePage, changedAt: now(), changedBy: user.email });
      await audit(user, 'lrs.settings', address.endpoint, `key ${input.key}${input.secret ? ', a new secret' : ''}`);
      sendJson(req, res, 200, { ok: true });
    }),
    route('DELETE', '/lrs', 'console.manage', async ({ req, res, user }) => {
      if (options.lrsFromEnvironment) throw new HttpError(409, 'The LRS is set in the server\'s environment (LRS_ENDPOINT): change it there.');
      const before = await stores.xapi.lrsSettings();
      await stores.xapi.setLrsSettings(null);
      if (before) await audit(user, 'lrs.settings', before.endpoint, 'removed: records wait in the outbox');
      sendJson(req, res, 200, { ok: true });
    }),
    route('GET', '/audit', 'console.manage', async ({ req, res }) => sendJson(req, res, 200, { entries: await stores.console.auditLog(500) })),
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // State changes only from the console's own pages: the CSRF check, before anything is read.
    if (req.method !== 'GET' && req.method !== 'HEAD' && !sameOrigin(req)) throw new HttpError(403, 'This request did not come from a console page of this server (Origin check).');
    if (url.pathname === `${CONSOLE_API}/session` && req.method === 'POST') return signIn(req, res);
    const token = sessionToken(req);
    const user = token ? await stores.console.userForSession(token, now()) : null;
    // "Who am I?" has an answer when nobody is signed in too: the console's first page asks it.
    if (url.pathname === `${CONSOLE_API}/session` && req.method === 'GET') return sendJson(req, res, 200, { user });
    const matching = routes.filter((r) => r.path.test(url.pathname));
    if (!matching.length) throw new HttpError(404, `No console API at ${url.pathname}.`);
    const found = matching.find((r) => r.method === req.method);
    if (!found) {
      res.setHeader('Allow', matching.map((r) => r.method).join(', '));
      throw new HttpError(405, `${url.pathname} takes ${matching.map((r) => r.method).join(', ')}, not ${req.method}.`);
    }
    if (!user) throw new HttpError(401, `Sign in to the console first (${CONSOLE_PATH}).`, 'signed-out');
    const params = found.path.exec(url.pathname)!.slice(1).map(decodeSegment);
    const siteId = found.site ? await found.site(params, stores) : undefined;
    if (found.permission !== 'signed-in' && !can(user, found.permission, siteId)) {
      throw new HttpError(403, `Your role (${user.role}) may not do this${siteId ? ` at site ${siteId}` : ''}.`, 'forbidden');
    }
    await found.run({ req, res, url, params, user });
    if (found.reads && res.statusCode < 400) await audit(user, 'data.read', siteId ?? params[0]!, found.reads(params));
  };
  return Object.assign(handle, { dataReads: routes.flatMap((r) => (r.releases ? [{ method: r.method, path: r.path, releases: r.releases }] : [])) });
}

function sendDownload(res: ServerResponse, fileName: string, type: string, body: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
