import * as v from 'valibot';
import { CalendarDay, LanguageCode, ModuleId } from '../../shared/field-schemas.ts';
import {
  EARLIEST_RECORD_AT, MAX_ATTENDEES, MAX_CHOICES, MAX_PENDING_REPORTED, MAX_CLOCK_AHEAD_MS, MAX_ID_LENGTH, MAX_QUESTIONS, MAX_RECORDS_PER_BATCH, MAX_SECTIONS,
} from '../../shared/sync/limits.ts';
import { MIN_ITERATIONS, parseCredential } from '../../shared/kiosk/credential.ts';
import { DWELL_BUCKETS, EVENT_TYPES, OUTCOMES, SESSION_TYPES } from '../../shared/sync/records.ts';
import { normaliseShortCode } from '../../shared/short-code.ts';
import { WIRE_FIELDS, type WireKind, type WireRecord } from '../../shared/sync/wire.ts';

/**
 * The strict schema of a sync request: types, enums, lengths and sane clock
 * bounds. The server checks every record with it; it lives beside the wire
 * format so both sides change together, and stays out of the browser bundles.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const id = v.pipe(v.string('must be text'), v.regex(UUID, 'must be a lower-case UUID'));
const name = v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`), v.regex(/^[\w.:@-]+$/, 'may hold only letters, digits and . _ : @ -'));
const whole = (min: number, max: number) =>
  v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));
const moduleId = ModuleId;
const lang = LanguageCode;
const hash = v.pipe(v.string('must be text'), v.regex(/^[0-9a-f]{8,64}$/, 'must be a hex content hash'));
const score = whole(0, 100);
const shortCode = v.pipe(v.string('must be text'), v.check((c) => normaliseShortCode(c) === c, 'must be a short code'));
/** A supervisor's HMAC-SHA256 proof, base64url; whether it is right is checked against the roster, not here. */
const proof = v.pipe(v.string('must be text'), v.regex(/^[\w-]{43}$/, "must be the supervisor's proof (43 base64url characters)"));

/** A real calendar day, from the earliest credible record to no later than the clock bound allows. */
const sessionDate = (serverNow: number) => v.pipe(
  CalendarDay('2026-11-24'),
  v.check((d) => d >= isoDay(EARLIEST_RECORD_AT) && d <= isoDay(serverNow + MAX_CLOCK_AHEAD_MS), 'must not lie before 2024 or in the future'),
);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The device clock, within sane bounds of the server's. */
const at = (serverNow: number) => whole(EARLIEST_RECORD_AT, serverNow + MAX_CLOCK_AHEAD_MS);

function wireSchemas(serverNow: number) {
  const head = [id, whole(1, Number.MAX_SAFE_INTEGER), at(serverNow), name, moduleId, lang, hash] as const;
  const answers = v.pipe(
    v.array(v.pipe(v.array(whole(0, MAX_CHOICES - 1), 'must be a list of choice numbers'), v.maxLength(MAX_CHOICES, `may pick at most ${MAX_CHOICES} choices`)), 'must be a list of answers'),
    v.maxLength(MAX_QUESTIONS, `may answer at most ${MAX_QUESTIONS} questions`),
  );
  return {
    c: v.strictTuple([v.literal('c'), ...head, id, score]),
    a: v.pipe(
      v.strictTuple([v.literal('a'), ...head, answers, whole(0, MAX_QUESTIONS), whole(1, MAX_QUESTIONS), score, v.picklist([0, 1], 'must be 0 or 1')]),
      v.check((r) => r[9] <= r[10], 'correct must not exceed total'),
      v.check((r) => r[8].length <= r[10], 'answers must not outnumber the questions'),
    ),
    p: v.strictTuple([v.literal('p'), ...head, whole(0, MAX_SECTIONS)]),
    r: v.strictTuple([v.literal('r'), ...head, whole(0, MAX_QUESTIONS - 1), v.picklist([0, 1], 'must be 0 or 1')]),
    e: v.strictTuple([
      v.literal('e'), id, whole(1, Number.MAX_SAFE_INTEGER), at(serverNow), name, v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`),
      v.union([v.literal(''), moduleId, shortCode], 'must be empty, a module or campaign id, or a short code'), whole(0, MAX_SECTIONS), whole(0, DWELL_BUCKETS.length),
      v.pipe(v.string('must be text'), v.maxLength(80, 'must be at most 80 characters')),
    ]),
    s: v.pipe(
      v.strictTuple([
        v.literal('s'), id, whole(1, Number.MAX_SAFE_INTEGER), at(serverNow), name,
        v.picklist(SESSION_TYPES, `must be one of ${SESSION_TYPES.join(', ')}`),
        sessionDate(serverNow),
        v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200, 'must be at most 200 characters')),
        v.pipe(
          v.array(v.strictTuple([name, whole(0, OUTCOMES.length - 1), v.pipe(v.string('must be text'), v.maxLength(500, 'must be at most 500 characters'))]), 'must be a list of [person, outcome, note]'),
          v.minLength(1, 'must list at least one attendee'), v.maxLength(MAX_ATTENDEES, `may list at most ${MAX_ATTENDEES} attendees`),
        ),
        proof,
      ]),
      v.check((r) => new Set(r[8].map((a) => a[0])).size === r[8].length, 'attendees: a person may be listed once'),
    ),
    k: v.strictTuple([
      v.literal('k'), id, whole(1, Number.MAX_SAFE_INTEGER), at(serverNow), name, name,
      v.pipe(v.string('must be text'), v.check((c) => (parseCredential(c)?.iterations ?? 0) >= MIN_ITERATIONS, `must be a pbkdf2-sha256 credential with at least ${MIN_ITERATIONS} iterations`)),
      proof,
    ]),
  };
}

const KINDS: readonly WireKind[] = ['c', 'a', 'p', 'r', 'e', 's', 'k'];

export type RecordCheck = { ok: true; record: WireRecord } | { ok: false; id: string | null; reason: string };

function describeIssue(kind: keyof typeof WIRE_FIELDS, issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  const position = path[0]?.key;
  if (typeof position !== 'number') return issue.message;
  const field = WIRE_FIELDS[kind][position] ?? `position ${position}`;
  const inner = path.slice(1).map((p) => `[${String(p.key)}]`).join('');
  return `${field}${inner}: ${issue.message}`;
}

/**
 * A checker for the records of one batch, with the server's clock at arrival.
 * Each reason names the field, so the device can show it next to the record.
 */
export function wireRecordChecker(serverNow: number): (input: unknown) => RecordCheck {
  const schemas = wireSchemas(serverNow);
  return (input) => {
    if (!Array.isArray(input)) return { ok: false, id: null, reason: 'a record must be an array' };
    const readableId = typeof input[1] === 'string' && UUID.test(input[1]) ? input[1] : null;
    if (!KINDS.includes(input[0] as WireKind)) return { ok: false, id: readableId, reason: 'kind: must be "c" (completion), "a" (attempt), "p" (checkpoint), "r" (review), "e" (event), "s" (sign-off) or "k" (PIN set-up)' };
    const kind = input[0] as WireKind;
    const expected = WIRE_FIELDS[kind].length;
    if (input.length !== expected) return { ok: false, id: readableId, reason: `a "${kind}" record has ${expected} fields, this one has ${input.length}` };
    const result = v.safeParse(schemas[kind], input);
    if (result.success) return { ok: true, record: result.output as WireRecord };
    return { ok: false, id: readableId, reason: describeIssue(kind, result.issues[0]) };
  };
}

const RequestEnvelope = v.strictObject({
  v: v.literal(1, 'v: must be 1, the only sync format this server knows'),
  device: name,
  records: v.pipe(v.array(v.unknown(), 'must be a list'), v.minLength(1, 'must not be empty'), v.maxLength(MAX_RECORDS_PER_BATCH, `may hold at most ${MAX_RECORDS_PER_BATCH} records`)),
  queued: v.optional(whole(0, Number.MAX_SAFE_INTEGER)),
  pending: v.optional(v.pipe(v.array(v.strictTuple([name, moduleId]), 'must be a list of [learner, module]'), v.maxLength(MAX_PENDING_REPORTED, `may hold at most ${MAX_PENDING_REPORTED} entries`))),
});

export type EnvelopeCheck = { ok: true; device: string; records: unknown[]; queued: number | null; pending: [string, string][] | null } | { ok: false; reason: string };

/** Checks the batch around the records; a bad envelope refuses the whole request. */
export function checkEnvelope(input: unknown): EnvelopeCheck {
  const result = v.safeParse(RequestEnvelope, input);
  if (result.success) {
    const { device, records, queued, pending } = result.output;
    return { ok: true, device, records, queued: queued ?? null, pending: pending ?? null };
  }
  const issue = result.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join('.');
  return { ok: false, reason: field ? `${field}: ${issue.message}` : `the body must be an object {v, device, records}: ${issue.message}` };
}
