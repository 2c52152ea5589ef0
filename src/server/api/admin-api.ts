import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { PASSPHRASE_ITERATIONS, supervisorCredential } from '../../shared/kiosk/credential.ts';
import {
  AssignmentInput, describeIssues, EnrollmentCodeInput, OwnSiteId, PassphraseInput, PersonInput, PersonId, RevokeInput, RosterImport, SiteId, SiteInput,
} from '../../shared/roster/admin-schema.ts';
import { localDate } from '../../shared/roster/roster.ts';
import type { StoreSet } from '../store/stores.ts';
import { HttpError, readValid as body, validParam as param } from './read-body.ts';
import { createConsoleUser } from '../console/accounts.ts';
import { ConsoleUserInput } from '../console/console-schema.ts';
import { sendJson } from './respond.ts';

export interface AdminContext {
  req: IncomingMessage;
  res: ServerResponse;
  stores: StoreSet;
  now: number;
  url: URL;
}

/**
 * The admin API: sites, rosters, assignments, kiosk enrollment and
 * revocation, supervisor passphrases, and the honest status report.
 */
export const admin = {
  async listSites({ req, res, stores }: AdminContext) {
    sendJson(req, res, 200, { sites: await stores.sites.sites() });
  },
  async putSite({ req, res, stores, now }: AdminContext, [site]: string[]) {
    const input = await body(req, SiteInput, 'site');
    const result = await stores.sites.putSite(param(OwnSiteId, site!, 'site id'), input, now);
    sendJson(req, res, result.created ? 201 : 200, result.site);
  },
  async importRoster({ req, res, stores }: AdminContext, [site]: string[]) {
    const input = await body(req, RosterImport, 'roster');
    const people: PersonInput[] = [];
    const seen = new Map<string, number>();
    input.people.forEach((row, i) => {
      const parsed = v.safeParse(PersonInput, row);
      if (!parsed.success) throw new HttpError(400, `Bad roster, nothing imported: people[${i}].${describeIssues(parsed.issues)}.`);
      const earlier = seen.get(parsed.output.id.toLowerCase());
      if (earlier !== undefined) throw new HttpError(400, `Bad roster, nothing imported: people[${i}].id: ${parsed.output.id} is also people[${earlier}].`);
      seen.set(parsed.output.id.toLowerCase(), i);
      people.push(parsed.output);
    });
    // The admin token sees every site: it may move a person whose old site removed them.
    sendJson(req, res, 200, await stores.sites.importRoster(param(SiteId, site!, 'site id'), people, input.replace, true));
  },
  async listPeople({ req, res, stores }: AdminContext, [site]: string[]) {
    const people = await stores.sites.people(param(SiteId, site!, 'site id'));
    // Credentials stay on the server side of the admin API: whether one is set is all an admin needs.
    sendJson(req, res, 200, { people: people.map(({ pin, passphrase, ...p }) => ({ ...p, hasPin: pin !== null, hasPassphrase: passphrase !== null })) });
  },
  async listAssignments({ req, res, stores }: AdminContext, [site]: string[]) {
    sendJson(req, res, 200, { assignments: await stores.assignments.assignments(param(SiteId, site!, 'site id')) });
  },
  /** Returns what was set, for the console's audit log. */
  async setAssignment({ req, res, stores }: AdminContext, [site]: string[]): Promise<AssignmentInput> {
    const input = await body(req, AssignmentInput, 'assignment');
    const siteId = param(SiteId, site!, 'site id');
    await stores.assignments.setAssignment(siteId, input);
    sendJson(req, res, 200, { assignments: await stores.assignments.assignments(siteId) });
    return input;
  },
  async createEnrollmentCode({ req, res, stores, now }: AdminContext, [site]: string[]) {
    const input = await body(req, EnrollmentCodeInput, 'enrollment code request');
    const code = await stores.devices.createEnrollmentCode(param(SiteId, site!, 'site id'), input.label, input.validHours * 3600_000, now, input.device ?? null);
    sendJson(req, res, 201, { ...code, expiresAt: new Date(code.expiresAt).toISOString() });
  },
  async listDevices({ req, res, stores }: AdminContext, [site]: string[]) {
    sendJson(req, res, 200, { devices: await stores.devices.devices(param(SiteId, site!, 'site id')) });
  },
  async revokeDevice({ req, res, stores, now }: AdminContext, [device]: string[]) {
    const input = await body(req, RevokeInput, 'revocation');
    sendJson(req, res, 200, await stores.devices.revokeDevice(device!, input.reason, now));
  },
  async setPassphrase({ req, res, stores }: AdminContext, [person]: string[]) {
    const input = await body(req, PassphraseInput, 'passphrase');
    await stores.credentials.setPassphrase(param(PersonId, person!, 'employee number'), await supervisorCredential(input.passphrase, PASSPHRASE_ITERATIONS));
    sendJson(req, res, 200, { ok: true, iterations: PASSPHRASE_ITERATIONS });
  },
  async status({ req, res, stores, now, url }: AdminContext, [site]: string[]) {
    const today = url.searchParams.get('today') ?? localDate(now);
    sendJson(req, res, 200, await stores.status.siteStatus(param(SiteId, site!, 'site id'), today));
  },
  async createConsoleUser({ req, res, stores, now }: AdminContext) {
    const created = await createConsoleUser(stores, await body(req, ConsoleUserInput, 'account'), now);
    await stores.console.audit({ at: now, userId: 'admin-token', action: 'console.user-create', target: created.email, detail: created.role });
    sendJson(req, res, 201, created);
  },
  async signoffs({ req, res, stores }: AdminContext, [site]: string[]) {
    sendJson(req, res, 200, { signoffs: await stores.credentials.signoffs(param(SiteId, site!, 'site id')) });
  },
};
