import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { PASSPHRASE_ITERATIONS, supervisorCredential } from '../../shared/kiosk/credential.ts';
import {
  AssignmentInput, describeIssues, EnrollmentCodeInput, PassphraseInput, PersonInput, PersonId, RevokeInput, RosterImport, SiteId, SiteInput,
} from '../../shared/roster/admin-schema.ts';
import { localDate } from '../../shared/roster/roster.ts';
import type { SiteStore } from '../store/site-store.ts';
import { HttpError, readJson } from './read-body.ts';
import { sendJson } from './respond.ts';

export interface AdminContext {
  req: IncomingMessage;
  res: ServerResponse;
  sites: SiteStore;
  now: number;
  url: URL;
}

/** Parses a body against a schema; a 400 names the first bad field. */
async function body<S extends v.GenericSchema>(req: IncomingMessage, schema: S, what: string): Promise<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, await readJson(req));
  if (!parsed.success) throw new HttpError(400, `Bad ${what}: ${describeIssues(parsed.issues)}.`);
  return parsed.output;
}

function param<S extends v.GenericSchema>(schema: S, value: string, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw new HttpError(400, `${what} in the address: ${describeIssues(parsed.issues)}.`);
  return parsed.output;
}

/**
 * The admin API: sites, rosters, assignments, kiosk enrollment and
 * revocation, supervisor passphrases, and the honest status report.
 */
export const admin = {
  async listSites({ req, res, sites }: AdminContext) {
    sendJson(req, res, 200, { sites: await sites.sites() });
  },
  async putSite({ req, res, sites, now }: AdminContext, [site]: string[]) {
    const input = await body(req, SiteInput, 'site');
    const result = await sites.putSite(param(SiteId, site!, 'site id'), input, now);
    sendJson(req, res, result.created ? 201 : 200, result.site);
  },
  async importRoster({ req, res, sites }: AdminContext, [site]: string[]) {
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
    sendJson(req, res, 200, await sites.importRoster(param(SiteId, site!, 'site id'), people, input.replace));
  },
  async listPeople({ req, res, sites }: AdminContext, [site]: string[]) {
    const people = await sites.people(param(SiteId, site!, 'site id'));
    // Credentials stay on the server side of the admin API: whether one is set is all an admin needs.
    sendJson(req, res, 200, { people: people.map(({ pin, passphrase, ...p }) => ({ ...p, hasPin: pin !== null, hasPassphrase: passphrase !== null })) });
  },
  async listAssignments({ req, res, sites }: AdminContext, [site]: string[]) {
    sendJson(req, res, 200, { assignments: await sites.assignments(param(SiteId, site!, 'site id')) });
  },
  async setAssignment({ req, res, sites }: AdminContext, [site]: string[]) {
    const input = await body(req, AssignmentInput, 'assignment');
    const siteId = param(SiteId, site!, 'site id');
    await sites.setAssignment(siteId, input);
    sendJson(req, res, 200, { assignments: await sites.assignments(siteId) });
  },
  async createEnrollmentCode({ req, res, sites, now }: AdminContext, [site]: string[]) {
    const input = await body(req, EnrollmentCodeInput, 'enrollment code request');
    const code = await sites.createEnrollmentCode(param(SiteId, site!, 'site id'), input.label, input.validHours * 3600_000, now, input.device ?? null);
    sendJson(req, res, 201, { ...code, expiresAt: new Date(code.expiresAt).toISOString() });
  },
  async listDevices({ req, res, sites }: AdminContext, [site]: string[]) {
    sendJson(req, res, 200, { devices: await sites.devices(param(SiteId, site!, 'site id')) });
  },
  async revokeDevice({ req, res, sites, now }: AdminContext, [device]: string[]) {
    const input = await body(req, RevokeInput, 'revocation');
    sendJson(req, res, 200, await sites.revokeDevice(device!, input.reason, now));
  },
  async setPassphrase({ req, res, sites }: AdminContext, [person]: string[]) {
    const input = await body(req, PassphraseInput, 'passphrase');
    await sites.setPassphrase(param(PersonId, person!, 'employee number'), await supervisorCredential(input.passphrase, PASSPHRASE_ITERATIONS));
    sendJson(req, res, 200, { ok: true, iterations: PASSPHRASE_ITERATIONS });
  },
  async status({ req, res, sites, now, url }: AdminContext, [site]: string[]) {
    const today = url.searchParams.get('today') ?? localDate(now);
    sendJson(req, res, 200, await sites.status(param(SiteId, site!, 'site id'), today));
  },
  async signoffs({ req, res, sites }: AdminContext, [site]: string[]) {
    sendJson(req, res, 200, { signoffs: await sites.signoffs(param(SiteId, site!, 'site id')) });
  },
};
