/** Whole-day arithmetic on YYYY-MM-DD dates, in UTC so no daylight-saving hour shifts a day. */
const DAY_MS = 86_400_000;
const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function addDays(day: string, n: number): string {
  return new Date(toUtc(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** b − a in whole days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** The calendar day (YYYY-MM-DD) a moment falls on in a time zone: a site's day, as its kiosks count it. */
export function dayIn(ms: number, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(ms);
}

/**
 * The day the kiosk goes by: its clock's day, or the latest day it has seen
 * if the clock now says earlier (a dead clock battery, a wrong manual set).
 */
export function clockDay(clockToday: string, latestSeen: string | null): string {
  return latestSeen && latestSeen > clockToday ? latestSeen : clockToday;
}
