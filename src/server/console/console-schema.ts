import * as v from 'valibot';
import { MAX_RECORDS_FILE_BYTES } from '../../shared/sync/records-file.ts';
import { ROLES } from '../../shared/console/access.ts';
import { ModuleId, Role, SiteId } from '../../shared/roster/admin-schema.ts';
import { LIMITS } from '../../shared/campaign/campaign.ts';
import { CalendarDay, LanguageCode } from '../../shared/field-schemas.ts';
import { SESSION_TYPES } from '../../shared/sync/records.ts';
import { invisibleIn, reorderingIn } from '../../shared/text-hygiene.ts';
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

/** A site's monthly outcome figures as CSV (month, measure, count), for the campaign report's results level. */
export const OutcomeCsvInput = v.strictObject({
  csv: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(256 * 1024, 'must be at most 256 KiB')),
  fileName: v.optional(v.pipe(v.string(), v.maxLength(120)), 'outcomes.csv'),
});

/** An image for modules, base64 in a JSON body like every other, within the console's 4 MiB. */
export const ImageInput = v.strictObject({
  fileName: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is too long')),
  data: v.pipe(v.string('must be text'), v.base64('must be base64'), v.maxLength(4 * 1024 * 1024, 'must be at most 3 MiB of file')),
});

/** What comes with an imported file, in the query: the file itself is the body (readUpload). */
export const ImportQuery = v.strictObject({
  fileName: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is too long')),
  lang: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2,3}$/, 'must be a language code like "en"')), 'en'),
  speakerNotes: v.optional(v.picklist(['yes', 'no'], 'must be yes or no'), 'no'),
});

/** A records file a kiosk saved (shared/sync/records-file.ts), as its text: the import reads and checks it. */
export const RecordsFileInput = v.strictObject({
  file: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(MAX_RECORDS_FILE_BYTES, `must be at most ${MAX_RECORDS_FILE_BYTES / 1024 / 1024} MiB`)),
});

/** Campaign text reaches every kiosk of its sites: the module title's rules (no invisible or reordering characters, NFC) for names and titles, the body text's for the rest. */
const shortText = (max: number) => v.pipe(text(max), v.check((s) => invisibleIn(s) === null, (issue) => invisibleIn(issue.input as string)!), v.transform((s) => s.normalize('NFC')));
const runningText = (max: number) => v.pipe(text(max), v.check((s) => reorderingIn(s) === null, (issue) => reorderingIn(issue.input as string)!), v.transform((s) => s.normalize('NFC')));
/** More sites than any company has; each must also exist (checked against the store). */
const MAX_CAMPAIGN_SITES = 500;

const day = v.pipe(v.number('must be a number'), v.integer('must be whole days'), v.minValue(-30, 'must be at least -30 (before day 0)'), v.maxValue(LIMITS.maxDay, `must be at most ${LIMITS.maxDay}`));
const Step = v.variant('kind', [
  v.strictObject({
    kind: v.literal('teaser'), day, title: shortText(LIMITS.title), text: runningText(LIMITS.text),
    image: v.optional(v.pipe(v.string('must be text'), v.regex(/^\/content\/media\/[\w.-]+$/, 'must be the address of a published image, like /content/media/lock-3fa9c2b1.svg'))),
    lang: v.optional(LanguageCode),
    // A handful of languages at most: every kiosk of the campaign's sites carries every translation.
    translations: v.optional(v.pipe(
      v.record(LanguageCode, v.strictObject({ title: shortText(LIMITS.title), text: runningText(LIMITS.text) }), 'must be the title and text in each language, by language code'),
      v.check((t) => Object.keys(t).length <= LIMITS.translations, `may have at most ${LIMITS.translations} languages`),
    )),
  }),
  v.strictObject({ kind: v.literal('module'), day, moduleId: ModuleId }),
  v.strictObject({ kind: v.literal('follow-up'), day, moduleId: ModuleId }),
  v.strictObject({ kind: v.literal('session'), day, sessionType: v.picklist(SESSION_TYPES, `must be one of ${SESSION_TYPES.join(', ')}`), topic: runningText(LIMITS.topic) }),
], 'must be a teaser, module, follow-up or session step');

export const CampaignInput = v.pipe(
  v.strictObject({
    name: shortText(LIMITS.name),
    start: v.variant('from', [
      v.strictObject({ from: v.literal('date'), date: CalendarDay('2026-12-07') }),
      v.strictObject({ from: v.literal('first-day') }),
    ], 'must be {from: "date", date} or {from: "first-day"}'),
    roles: v.optional(v.pipe(v.array(Role, 'must be a list of roles'), v.maxLength(20, 'may hold at most 20 roles')), []),
    nudgeAfterDays: v.optional(v.nullable(v.pipe(v.number('must be a number'), v.integer('must be whole days'), v.minValue(1, 'must be at least 1'), v.maxValue(60, 'must be at most 60'))), null),
    steps: v.pipe(v.array(Step, 'must be a list of steps'), v.minLength(1, 'must hold at least one step'), v.maxLength(LIMITS.steps, `may hold at most ${LIMITS.steps} steps`)),
    sites: v.pipe(
      v.array(SiteId, 'must be a list of site ids'), v.minLength(1, 'must name at least one site'), v.maxLength(MAX_CAMPAIGN_SITES, `may name at most ${MAX_CAMPAIGN_SITES} sites`),
      v.check((sites) => new Set(sites).size === sites.length, 'must name each site once'),
    ),
    pilot: v.optional(v.boolean('must be true or false'), false),
    end: v.optional(CalendarDay('2027-03-31')),
  }),
  v.check((c) => !c.steps.some((s) => s.kind === 'follow-up') || c.steps.some((s) => s.kind === 'module'), 'steps: a follow-up needs a module step to follow up'),
  v.check((c) => c.end === undefined || c.start.from !== 'date' || c.end >= c.start.date, 'end: must be on or after the start date'),
);
export type CampaignInput = v.InferOutput<typeof CampaignInput>;

/** A QR poster's code: what it opens (a module, or one section of it as a job aid) and where the poster hangs. */
export const ShortCodeInput = v.strictObject({
  moduleId: ModuleId,
  section: v.nullable(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must be 0 or more'), v.maxValue(99, 'must be at most 99'))),
  placement: v.pipe(text(80), v.check((t) => !invisibleIn(t) && !reorderingIn(t), 'must not hold invisible or reordering characters')),
});

/** The LRS an admin sets: its xAPI address and key; the secret may be left empty to keep the one already set. */
export const LrsInput = v.strictObject({
  endpoint: text(500),
  key: text(200),
  secret: v.pipe(v.string('must be text'), v.maxLength(500, 'must be at most 500 characters')),
});
