import * as v from 'valibot';
import { isCalendarDate } from './calendar-date.ts';

/**
 * The field patterns every schema shares (front matter, admin input, sync
 * records), so a value one accepts the others accept too: a person's language
 * is one a record can carry and a module can be written in. valibot: server-
 * and publish-side only, never in a browser bundle (a dependency rule checks).
 */

/** Lower-case letters and digits joined by hyphens: module ids, site ids, roles. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An ISO 639 language code, two or three letters, optionally with a region: "en", "pl", "nl-BE". */
export const LANGUAGE = /^[a-z]{2,3}(?:-[A-Z]{2})?$/;

export const slug = (message: string, max = 60) =>
  v.pipe(v.string('must be text'), v.regex(SLUG, message), v.maxLength(max, `must be at most ${max} characters`));

export const ModuleId = slug('must be a module id like "lockout-tagout"');

const LANGUAGE_MESSAGE = 'must be a language code like "nl" or "en"';
export const LanguageCode = v.pipe(v.string('must be text'), v.regex(LANGUAGE, LANGUAGE_MESSAGE));
/** The same, for what people type (a roster cell, an admin form): spaces around it do not count. */
export const TypedLanguageCode = v.pipe(v.string('must be text'), v.trim(), v.regex(LANGUAGE, LANGUAGE_MESSAGE));

/** A day written YYYY-MM-DD that exists on the calendar. */
export const CalendarDay = (example: string) => v.pipe(
  v.string('must be text'),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, `must be a date like ${example}`),
  v.check(isCalendarDate, 'must be a real calendar date'),
);
