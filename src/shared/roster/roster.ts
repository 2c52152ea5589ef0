/**
 * A site's roster as the server sends it to its kiosks and as a kiosk keeps
 * it: people, what is assigned to whom, and what the server already knows
 * they completed. Shared by server, app and tests.
 */
import type { PublicKeyJwk } from '../content-bundle.ts';
import type { WireCampaign } from '../campaign/campaign.ts';
import type { WireCode } from '../short-code.ts';

export const ROSTER_URL = '/api/v1/roster';
export const ENROLL_URL = '/api/v1/enroll';
/** A supervisor on a kiosk asks for a worker's one-time phone link here (the kiosk must be online). */
export const PHONE_LINK_URL = '/api/v1/phone-links';

/** What a supervisor's proof for a phone link covers: only their passphrase can make it, for this kiosk, person and moment. */
export const phoneLinkPayload = (deviceId: string, supervisorId: string, personId: string, at: number): string =>
  JSON.stringify(['phone-link', deviceId, supervisorId, personId, at]);

/** A phone link as the server answers it, to the console or a supervisor's kiosk. */
export interface PhoneLinkAnswer {
  code: string;
  link: string;
  name: string;
  expiresAt: string;
  /** The link as a QR code, an SVG made on the server: what the console shows (its pages may show data: images). */
  qrSvg: string;
  /** The same QR as one path of its dark modules (`size` modules square): what a kiosk draws itself, its pages showing no data: images. */
  qr: { size: number; d: string };
}
/** Machine-readable code of the answer a revoked kiosk gets; the kiosk words it. */
export const REVOKED_CODE = 'device-revoked';

export interface SiteInfo {
  id: string;
  name: string;
  /** The kiosk's language before anyone signs in. */
  lang: string;
  /** Sign an idle learner out after this long. */
  idleSeconds: number;
  /** The site's IANA time zone ("Europe/Amsterdam"): reports count its days as its kiosks do. Absent: UTC. */
  timeZone?: string;
}

export interface Person {
  /** Employee number: unique in the company, the learner id on every record. */
  id: string;
  name: string;
  /** Preferred language code; any code, not only those the UI has strings for. */
  lang: string;
  roles: string[];
  supervisor: boolean;
  /** What a badge reader types, when it is not the employee number. */
  badge: string | null;
  /** Stored PIN credential; null until a supervisor sets one up. */
  pin: string | null;
  /** Supervisors only: their stored passphrase credential. */
  passphrase: string | null;
  /** YYYY-MM-DD of their first day at work, when the roster gives it: day 0 of onboarding campaigns. */
  firstDay: string | null;
}

/** "role:forklift-driver" or "person:1001". */
export type AssignmentTarget = `role:${string}` | `person:${string}`;

export interface Assignment {
  target: AssignmentTarget;
  moduleId: string;
  /** YYYY-MM-DD, the last day it counts as on time. */
  due: string;
}

/** A completion the server holds (from any device of the site). */
export interface KnownCompletion {
  learnerId: string;
  moduleId: string;
  /** Device clock of the completion. */
  at: number;
}

/**
 * The delta wire format: positional arrays, as for sync, since a roster of
 * 150 people travels over the same 8 KB/s line. Removed entries carry 1 in
 * their last field and are deleted on the kiosk.
 */
export type WirePerson = [id: string, name: string, lang: string, roles: string, supervisor: 0 | 1, badge: string, pin: string, passphrase: string, removed: 0 | 1, firstDay: string];
export type WireAssignment = [target: string, moduleId: string, due: string, removed: 0 | 1];
export type WireKnownCompletion = [learnerId: string, moduleId: string, at: number];

/** What POST /api/v1/enroll answers: a kiosk's credential, or a phone's, with the one learner it records for. */
export interface EnrollAnswer {
  credential: string;
  site: SiteInfo;
  label: string;
  learner: Pick<Person, 'id' | 'name' | 'lang'> | null;
  /** The server's public key for modules files (shared/content-bundle.ts). */
  contentKey: PublicKeyJwk;
}

export interface RosterDelta {
  v: 1;
  site: SiteInfo;
  /** Pass back as ?since= for the next delta. */
  cursor: string;
  /** True when this is the whole roster: the kiosk drops what it had. */
  full: boolean;
  people: WirePerson[];
  assignments: WireAssignment[];
  done: WireKnownCompletion[];
  /** The site's campaigns, all of them, when any changed since the cursor; null when none did. */
  campaigns: WireCampaign[] | null;
  /** The site's QR poster codes, all of them, when any changed since the cursor; null when none did. */
  codes: WireCode[] | null;
}

export function personToWire(p: Person, removed = false): WirePerson {
  return [p.id, p.name, p.lang, p.roles.join(' '), p.supervisor ? 1 : 0, p.badge ?? '', p.pin ?? '', p.passphrase ?? '', removed ? 1 : 0, p.firstDay ?? ''];
}

export function personFromWire(w: WirePerson): { person: Person; removed: boolean } {
  const [id, name, lang, roles, supervisor, badge, pin, passphrase, removed, firstDay] = w;
  return {
    person: { id, name, lang, roles: roles ? roles.split(' ') : [], supervisor: supervisor === 1, badge: badge || null, pin: pin || null, passphrase: passphrase || null, firstDay: firstDay || null },
    removed: removed === 1,
  };
}

export interface DueModule {
  moduleId: string;
  due: string;
}

/**
 * What a person must take: their own assignments and those of their roles,
 * one per module, with the earliest due date when several apply.
 */
export function assignmentsFor(person: Pick<Person, 'id' | 'roles'>, assignments: readonly Assignment[]): DueModule[] {
  const targets = new Set<string>([`person:${person.id}`, ...person.roles.map((r) => `role:${r}`)]);
  const byModule = new Map<string, string>();
  for (const a of assignments) {
    if (!targets.has(a.target)) continue;
    const earlier = byModule.get(a.moduleId);
    if (!earlier || a.due < earlier) byModule.set(a.moduleId, a.due);
  }
  return [...byModule].map(([moduleId, due]) => ({ moduleId, due })).sort((a, b) => a.due.localeCompare(b.due) || a.moduleId.localeCompare(b.moduleId));
}

/** The local calendar date of a device time, YYYY-MM-DD. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Overdue from the day after the due date. */
export function isOverdue(due: string, today: string): boolean {
  return today > due;
}

/** Finds a person by what was typed or scanned: employee number or badge code, ignoring case and spaces. */
export function findPerson<P extends Pick<Person, 'id' | 'badge'>>(people: readonly P[], typed: string): P | undefined {
  const key = typed.trim().toLowerCase();
  if (!key) return undefined;
  return people.find((p) => p.id.toLowerCase() === key) ?? people.find((p) => p.badge?.toLowerCase() === key);
}

/** Case- and accent-insensitive search by name or number, for adding attendees. */
export function searchPeople<P extends Pick<Person, 'id' | 'name'>>(people: readonly P[], query: string, max = 8): P[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const q = fold(query.trim());
  if (!q) return [];
  return people.filter((p) => fold(p.name).includes(q) || p.id.toLowerCase().startsWith(q)).slice(0, max);
}
