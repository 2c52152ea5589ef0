import * as v from 'valibot';
import { CalendarDay, ModuleId, SLUG, TypedLanguageCode } from '../field-schemas.ts';
import { MIN_PASSPHRASE_LENGTH } from '../kiosk/credential.ts';
import { SYNTHETIC_SITE_PREFIX } from '../campaign/report.ts';

/**
 * What an admin may send: sites, roster rows, assignments, devices. Checked
 * by the server (field names in every error) and by the roster CLI before it
 * sends anything (file:line in every error). Server and CLI only: never in a
 * browser bundle.
 */
const text = (max: number) => v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));
export const PersonId = v.pipe(text(40), v.regex(/^[A-Za-z0-9][\w.-]*$/, 'may hold only letters, digits and . _ -'));
export const SiteId = v.pipe(text(40), v.regex(SLUG, 'must be lower-case letters, digits and dashes, like "plant-a"'));
/** A site an admin makes or renames: the demo seed's made-up sites alone start with "synthetic-", and the console labels their numbers "not real people". */
export const OwnSiteId = v.pipe(SiteId, v.check((id) => !id.startsWith(SYNTHETIC_SITE_PREFIX), `must not start with "${SYNTHETIC_SITE_PREFIX}", which marks the demo's made-up sites`));
export const Role = v.pipe(v.string('must be text'), v.regex(SLUG, 'must be lower-case words joined by dashes, like "forklift-driver"'));
export const DueDate = CalendarDay('2026-12-31');
export { ModuleId };

/** An IANA zone the runtime knows: what reports count a site's days in. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    return false;
  }
}

export const SiteInput = v.strictObject({
  name: text(80),
  lang: TypedLanguageCode,
  idleSeconds: v.optional(v.pipe(v.number('must be a number'), v.integer('must be whole seconds'), v.minValue(15, 'must be at least 15'), v.maxValue(3600, 'must be at most 3600'))),
  timeZone: v.optional(v.pipe(
    v.string('must be text'), v.maxLength(64, 'must be at most 64 characters'),
    v.check(isTimeZone, 'must be a time zone name like Europe/Amsterdam (the IANA list)'),
  )),
});
export type SiteInput = v.InferOutput<typeof SiteInput>;

export const PersonInput = v.strictObject({
  id: PersonId,
  name: text(80),
  lang: TypedLanguageCode,
  roles: v.optional(v.pipe(v.array(Role, 'must be a list of roles'), v.maxLength(20, 'may hold at most 20 roles')), []),
  supervisor: v.optional(v.boolean('must be true or false'), false),
  badge: v.optional(v.nullable(v.pipe(text(64), v.regex(/^[\w.:-]+$/, 'may hold only letters, digits and . _ : -')))),
  firstDay: v.optional(v.nullable(CalendarDay('2026-12-07'))),
  modules: v.optional(v.pipe(v.array(v.strictObject({ moduleId: ModuleId, due: DueDate }), 'must be a list of {moduleId, due}'), v.maxLength(100, 'may hold at most 100 modules')), []),
});
export type PersonInput = v.InferOutput<typeof PersonInput>;

export const RosterImport = v.strictObject({
  people: v.pipe(v.array(v.unknown(), 'must be a list'), v.minLength(1, 'must not be empty'), v.maxLength(5000, 'may hold at most 5000 people')),
  /** Mark people of the site who are not in this list as removed. */
  replace: v.optional(v.boolean('must be true or false'), false),
});

export const AssignmentInput = v.pipe(
  v.strictObject({ role: v.optional(Role), person: v.optional(PersonId), moduleId: ModuleId, due: DueDate, remove: v.optional(v.boolean('must be true or false'), false) }),
  v.check((a) => (a.role === undefined) !== (a.person === undefined), 'give exactly one of "role" or "person"'),
);
export type AssignmentInput = v.InferOutput<typeof AssignmentInput>;

const DeviceId = v.pipe(v.string('must be text'), v.regex(/^dev-[0-9a-f-]{36}$/, 'must be the id the app made for this device'));
export const EnrollmentCodeInput = v.strictObject({
  label: text(60),
  validHours: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 14)), 24),
  /** Only to enroll a device that was enrolled before (revoked or reset) again: the code then works for that device alone. */
  device: v.optional(DeviceId),
});
export const RevokeInput = v.strictObject({ reason: text(200) });
export const PassphraseInput = v.strictObject({
  passphrase: v.pipe(v.string('must be text'), v.minLength(MIN_PASSPHRASE_LENGTH, `must be at least ${MIN_PASSPHRASE_LENGTH} characters`), v.maxLength(200, 'must be at most 200 characters')),
});
export const EnrollInput = v.strictObject({
  code: v.pipe(v.string('must be text'), v.maxLength(40, 'is too long')),
  deviceId: DeviceId,
  /** What the device means to be: a code of the other kind is refused before it is used. Absent: a kiosk. */
  as: v.optional(v.picklist(['kiosk', 'phone'], 'must be "kiosk" or "phone"'), 'kiosk'),
});

/** "people[3].lang: must be …": the first problem, with where it is. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!;
  const path = (issue.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('').replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** A supervisor's request, from a kiosk, for one worker's phone link: signed with their passphrase's key. */
export const PhoneLinkInput = v.strictObject({
  supervisorId: PersonId,
  personId: PersonId,
  at: v.pipe(v.number('must be a number'), v.integer('must be whole milliseconds'), v.minValue(0, 'must be a time')),
  proof: v.pipe(v.string('must be text'), v.regex(/^[\w-]{43}$/, "must be the supervisor's proof (43 base64url characters)")),
});
