import type { PublicKeyJwk } from '../shared/content-bundle.ts';
import { deviceNeeds, type DeviceNeeds } from '../shared/device-needs.ts';
import { assignmentsFor, personFromWire, type Assignment, type AssignmentTarget, type KnownCompletion, type Person, type RosterDelta, type SiteInfo } from '../shared/roster/roster.ts';
import { codeFromWire, type CodeTarget, type WireCode } from '../shared/short-code.ts';
import type { CompletionRecord } from '../shared/sync/records.ts';
import { META } from './device-meta.ts';
import type { LearningDb } from './learning-db.ts';

/** An enrolled kiosk's site, or null on a personal device. */
export async function kioskSite(db: LearningDb): Promise<SiteInfo | null> {
  return ((await db.get('meta', META.site)) as SiteInfo | undefined) ?? null;
}

/** The learner a worker's own phone is linked to, or null. */
export type PhoneLearner = Pick<Person, 'id' | 'name' | 'lang'>;
export async function phoneLearner(db: LearningDb): Promise<PhoneLearner | null> {
  return ((await db.get('meta', META.phone)) as PhoneLearner | undefined) ?? null;
}

/**
 * Stores a phone's link: its credential, and its learner as the device's own
 * (what the app shows and records as), in one transaction. No site is kept:
 * a phone is nobody's kiosk, and asks no one to sign in.
 */
export async function savePhoneLink(db: LearningDb, token: string, learner: PhoneLearner): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  await tx.store.put(token, META.deviceToken);
  await tx.store.put({ id: learner.id, name: learner.name, lang: learner.lang }, META.phone);
  await tx.store.put(learner.id, META.learnerId);
  await tx.store.delete(META.rosterCursor);
  await tx.done;
}

/** The name this kiosk was enrolled under, or null (a personal device, or enrolled before names were kept). */
export async function kioskLabel(db: LearningDb): Promise<string | null> {
  return ((await db.get('meta', META.kioskLabel)) as string | undefined) ?? null;
}

/** Stores the credential, site, kiosk name and the server's content key an enrollment gave, in one transaction. */
export async function saveEnrollment(db: LearningDb, token: string, site: SiteInfo, label: string, contentKey: PublicKeyJwk): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  await tx.store.put(token, META.deviceToken);
  await tx.store.put(site, META.site);
  await tx.store.put(label, META.kioskLabel);
  await tx.store.put(contentKey, META.contentKey);
  // A kiosk moved to another site starts its roster afresh.
  await tx.store.delete(META.rosterCursor);
  await tx.done;
}

export async function rosterCursor(db: LearningDb): Promise<string | null> {
  return ((await db.get('meta', META.rosterCursor)) as string | undefined) ?? null;
}

/** Applies a roster delta (or a whole roster) and its cursor in one transaction: a cut-off pull changes nothing. */
export async function applyRoster(db: LearningDb, delta: RosterDelta): Promise<void> {
  const tx = db.transaction(['meta', 'people', 'assignments', 'known', 'campaigns'], 'readwrite');
  const people = tx.objectStore('people');
  const assignments = tx.objectStore('assignments');
  const known = tx.objectStore('known');
  if (delta.full) await Promise.all([people.clear(), assignments.clear(), known.clear()]);
  for (const wire of delta.people) {
    const { person, removed } = personFromWire(wire);
    await (removed ? people.delete(person.id) : people.put(person));
  }
  for (const [target, moduleId, due, removed] of delta.assignments) {
    await (removed ? assignments.delete([target, moduleId]) : assignments.put({ target: target as AssignmentTarget, moduleId, due }));
  }
  for (const [learnerId, moduleId, at] of delta.done) await known.put({ learnerId, moduleId, at });
  if (delta.campaigns) {
    const campaigns = tx.objectStore('campaigns');
    await campaigns.clear();
    for (const wire of delta.campaigns) await campaigns.put({ id: wire[0], wire });
  }
  // A server from before codes sends none (undefined): what the kiosk had stays.
  if (delta.codes) await tx.objectStore('meta').put(delta.codes, META.codes);
  // A phone keeps no site: a site is what makes a device a kiosk that asks who is there.
  if (!(await tx.objectStore('meta').get(META.phone))) await tx.objectStore('meta').put(delta.site, META.site);
  await tx.objectStore('meta').put(delta.cursor, META.rosterCursor);
  await tx.done;
}

export interface Roster {
  people: Person[];
  assignments: Assignment[];
  known: KnownCompletion[];
}

export async function readRoster(db: LearningDb): Promise<Roster> {
  const [people, assignments, known] = await Promise.all([db.getAll('people'), db.getAll('assignments'), db.getAll('known')]);
  return { people, assignments, known };
}

/**
 * What this device keeps offline (src/shared/device-needs.ts): a kiosk, its
 * site's language and every language its people read; a worker's linked
 * phone, its learner's language and assigned modules, nothing else; any
 * other device, the language it is used in.
 */
export async function needsOf(db: LearningDb, site: SiteInfo | null, uiLang: string): Promise<DeviceNeeds> {
  if (site) return deviceNeeds(uiLang, true, [site.lang, ...(await db.getAll('people')).map((p) => p.lang)]);
  return (await phoneNeeds(db)) ?? deviceNeeds(uiLang, false);
}

/** A linked phone's needs, whatever language its page shows (the service worker reads them too); null on any other device. */
export async function phoneNeeds(db: LearningDb): Promise<DeviceNeeds | null> {
  const phone = await phoneLearner(db);
  if (!phone) return null;
  const person = await db.get('people', phone.id);
  return deviceNeeds(phone.lang, false, [], person ? assignmentsFor(person, await db.getAll('assignments')).map((a) => a.moduleId) : []);
}

/** What the kiosk knows of completions: the server's, its own, and which of its own are still queued. */
export interface CompletionsOnDevice {
  known: KnownCompletion[];
  local: CompletionRecord[];
  queued: Set<string>;
}

/** The roster and every completion fact, read in one transaction so they agree with each other. */
export async function readRosterAndCompletions(db: LearningDb): Promise<Roster & { completions: CompletionsOnDevice }> {
  const tx = db.transaction(['people', 'assignments', 'known', 'completions', 'outbox']);
  const [people, assignments, known, local, queued] = await Promise.all([
    tx.objectStore('people').getAll(), tx.objectStore('assignments').getAll(), tx.objectStore('known').getAll(),
    tx.objectStore('completions').getAll(), tx.objectStore('outbox').getAllKeys(),
  ]);
  return { people, assignments, known, completions: { known, local, queued: new Set(queued) } };
}

/** Where a poster's code opens, as this kiosk last heard from its site; null when it does not know the code. */
export async function savedCodeTarget(db: LearningDb, code: string): Promise<CodeTarget | null> {
  const codes = ((await db.get('meta', META.codes)) as WireCode[] | undefined) ?? [];
  const wire = codes.find(([c]) => c === code);
  return wire ? codeFromWire(wire) : null;
}
