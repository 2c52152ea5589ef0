import * as v from 'valibot';
import { ROLES } from '../../shared/console/access.ts';
import { SiteId } from '../../shared/roster/admin-schema.ts';
import { passwordProblem } from './passwords.ts';

/** What the console and the admin token may send about console accounts and content. Server only. */
const text = (max: number) => v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));
const Email = v.pipe(v.string('must be text'), v.trim(), v.toLowerCase(), v.email('must be an email address'), v.maxLength(254, 'is too long'));
const Password = v.pipe(v.string('must be text'), v.check((p) => passwordProblem(p) === null, (issue) => passwordProblem(issue.input as string)!));

export const SignInInput = v.strictObject({ email: Email, password: v.pipe(v.string('must be text'), v.maxLength(256, 'is too long')) });

export const ConsoleUserInput = v.pipe(
  v.strictObject({
    email: Email,
    name: text(80),
    role: v.picklist(ROLES, `must be one of ${ROLES.join(', ')}`),
    /** Required for site admins and viewers; an admin or a content role has none. */
    sites: v.optional(v.pipe(v.array(SiteId, 'must be a list of site ids'), v.minLength(1, 'must name at least one site'))),
    password: Password,
  }),
  v.check((u) => (u.role === 'site-admin' || u.role === 'viewer') === (u.sites !== undefined), 'sites: give the sites of a site admin or viewer, and none for other roles'),
);

export const DraftInput = v.strictObject({ source: v.pipe(v.string('must be text'), v.maxLength(64 * 1024, 'must be at most 64 KiB')) });

export const RosterCsvInput = v.strictObject({
  csv: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(2 * 1024 * 1024, 'must be at most 2 MiB')),
  /** The uploaded file's name, shown in every row error; only as text. */
  fileName: v.optional(v.pipe(v.string(), v.maxLength(120)), 'roster.csv'),
  replace: v.optional(v.boolean('must be true or false'), false),
});

export const ImportInput = v.strictObject({
  fileName: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is too long')),
  /** The file, base64: a JSON body like every other, within the console's 4 MiB. */
  data: v.pipe(v.string('must be text'), v.base64('must be base64'), v.maxLength(4 * 1024 * 1024, 'must be at most 3 MiB of file')),
  lang: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2,3}$/, 'must be a language code like "en"')), 'en'),
});
