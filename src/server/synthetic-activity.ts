import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { SYNTHETIC_SITE_PREFIX } from '../shared/campaign/report.ts';
import { followedModule } from '../shared/campaign/campaign.ts';
import { DECK_CAP, followUpQuestions } from '../shared/campaign/schedule.ts';
import type { Catalog, TrainingModule } from '../shared/module.ts';
import { scoreQuiz } from '../shared/quiz.ts';
import type { PersonInput } from '../shared/roster/admin-schema.ts';
import type { DeviceRecord, EventRecord, LearningRecord } from '../shared/sync/records.ts';
import { toWire } from '../shared/sync/wire.ts';
import type { StoreSet } from './store/stores.ts';
import { recordBody } from './store/record-store.ts';

const DAY = 86_400_000;
const SEARCHES = ['arc flash', 'hearing protection', 'confined space', 'ladder inspection', 'lone working'];

/** Two synthetic sites: North runs the demo campaign as a pilot, South does not. Never real people. */
export const SYNTHETIC_SITES = [
  { id: `${SYNTHETIC_SITE_PREFIX}north`, name: 'North plant (synthetic data)', pilot: true },
  { id: `${SYNTHETIC_SITE_PREFIX}south`, name: 'South plant (synthetic data)', pilot: false },
] as const;

/** A small deterministic generator: the same demo every start. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Ten weeks of a campaign (its start moves to ten weeks ago) and the ten
 * weeks before it, made up for two sites of 40 people each, so the campaign
 * reports show something on a fresh start: learners of different
 * ability, questions of different difficulty (so item analysis has something
 * to find), follow-ups that are remembered less as time passes, searches that
 * found nothing. Written through the record store as a kiosk's sync would be.
 * The sites' ids and names say they are synthetic, and the console says so
 * beside their numbers.
 */
export async function seedSyntheticActivity(stores: StoreSet, contentDir: string, campaignId: string, now: number): Promise<number> {
  const campaign = await stores.campaigns.campaign(campaignId);
  const moduleId = campaign && followedModule(campaign);
  if (!campaign || !moduleId) return 0;
  const catalog = JSON.parse(await readFile(join(contentDir, 'catalog.json'), 'utf8')) as Catalog;
  const entry = catalog.modules.find((m) => m.id === moduleId && m.lang === 'en');
  if (!entry) return 0;
  const module = JSON.parse(await readFile(join(contentDir, entry.url.replace(/^\/content\//, '')), 'utf8')) as TrainingModule;
  const ref = { moduleId, lang: entry.lang, moduleHash: entry.hash };
  const random = mulberry32(20261201);
  // Its own generator: the sites' figures do not shift the learners' made-up activity.
  const figures = mulberry32(20261202);
  // The campaign started ten weeks ago, so the demo has follow-ups a month on and a before-period of the same length.
  const campaignStart = Date.parse(`${new Date(now - 70 * DAY).toISOString().slice(0, 10)}T00:00:00Z`);
  const difficulty = module.quiz.questions.map((_, i) => 0.05 + 0.08 * i);
  const quizCount = module.quiz.questions.length;
  const heldOut = Array.from({ length: followUpQuestions(module).length - quizCount }, (_, i) => quizCount + i);
  /** The n-th follow-up deck: the follow-up-only questions, then the quiz's own in turn. */
  const deck = (n: number) => {
    const room = Math.max(0, DECK_CAP - heldOut.length);
    return [...heldOut, ...Array.from({ length: Math.min(room, quizCount) }, (_, i) => (n * room + i) % quizCount)].slice(0, DECK_CAP);
  };
  let written = 0;

  for (const [siteIndex, site] of SYNTHETIC_SITES.entries()) {
    await stores.sites.putSite(site.id, { name: site.name, lang: 'en' }, now);
    const people: PersonInput[] = Array.from({ length: 40 }, (_, i) => ({
      id: `S${siteIndex + 1}${String(i + 1).padStart(3, '0')}`, name: `Synthetic worker ${siteIndex + 1}-${i + 1}`, lang: 'en',
      roles: [i % 2 ? 'maintenance' : 'forklift-driver'], supervisor: false, modules: [],
    }));
    await stores.sites.importRoster(site.id, people, false, false);
    // Both sites were assigned the module; only North also got the campaign: the comparison is campaign against assignment alone.
    for (const role of ['maintenance', 'forklift-driver']) await stores.assignments.setAssignment(site.id, { role, moduleId, due: new Date(campaignStart + 30 * DAY).toISOString().slice(0, 10), remove: false });
    const deviceId = `${site.id}-kiosk`;
    let seq = 1;
    const records: DeviceRecord[] = [];
    const stamp = (learnerId: string, at: number) => ({ id: uuidv7({ msecs: at }), deviceId, seq: seq++, at, learnerId });
    let ability = 0;
    const takeQuiz = (learnerId: string, at: number, practice: number) => {
      const answers = module.quiz.questions.map((q, i) => (random() < 0.62 + practice + 0.4 * ability - difficulty[i]! ? q.correct : [wrongChoice(q.choices.length, q.correct)]));
      const result = scoreQuiz(module.quiz, answers);
      const attempt = { ...stamp(learnerId, at), kind: 'attempt' as const, ...ref, answers, correct: result.correct, total: result.total, score: result.score, passed: result.passed };
      records.push(attempt);
      return attempt;
    };
    // Plausible wrong answers are picked more often than the others, as in a real quiz.
    const wrongChoice = (choices: number, correct: readonly number[]) => {
      const wrong = Array.from({ length: choices }, (_, c) => c).filter((c) => !correct.includes(c));
      return wrong[Math.floor(random() * random() * wrong.length)] ?? 0;
    };
    for (const person of people) {
      ability = random();
      // Some opened the module and tried the quiz in the weeks before the campaign, at both sites alike: the before-period.
      if (random() < 0.35) {
        const before = campaignStart - Math.floor(random() * (now - campaignStart));
        records.push(event(stamp(person.id, before), 'opened', moduleId));
        if (random() < 0.6) takeQuiz(person.id, before + 20 * 60_000, 0);
      }
      const start = campaignStart + Math.floor(random() * 10 * DAY);
      // A quarter of the pilot's people never sign in on a kiosk in the window: a funnel with a visible first loss.
      const reached = site.pilot ? random() < 0.72 : true;
      if (site.pilot && reached) records.push(event(stamp(person.id, start), 'delivered', campaignId));
      // The pilot's teaser and nudges open more modules than an assignment alone.
      if (!reached || random() > (site.pilot ? 0.9 : 0.6)) continue;
      const opened = start + DAY + Math.floor(random() * 4 * DAY);
      records.push(event(stamp(person.id, opened), 'opened', moduleId));
      const last = module.sections.length - 1;
      const read = random() < (site.pilot ? 0.85 : 0.65) ? last : Math.floor(random() * last);
      for (let s = 0; s <= read; s++) records.push({ ...stamp(person.id, opened + s * 60_000), kind: 'checkpoint', ...ref, section: s });
      if (random() < 0.15) records.push({ ...event(stamp(person.id, opened + 30 * 60_000), 'search-miss', ''), text: SEARCHES[Math.floor(random() * random() * SEARCHES.length)]! });
      if (read < last && random() < 0.5) continue;
      // A failed quiz is taken again the next day, better prepared.
      let attemptAt = opened + 20 * 60_000;
      let attempt = takeQuiz(person.id, attemptAt, 0);
      if (!attempt.passed) attempt = takeQuiz(person.id, (attemptAt += DAY), 0.2);
      if (!attempt.passed) continue;
      records.push({ ...stamp(person.id, attemptAt), kind: 'completion', ...ref, attemptId: attempt.id, score: attempt.score });
      if (!site.pilot) continue;
      // Follow-ups at +3, +8 and +31 days, decks shaped as the kiosk's (src/app/follow-up/deck.ts): at most
      // DECK_CAP questions, the follow-up-only ones in every deck, the quiz's own in turn; what is
      // remembered fades, less for the able, and the follow-up-only questions were never in the quiz.
      [3, 8, 31].forEach((after, n) => {
        const at = attemptAt + after * DAY;
        if (at > now || random() < 0.2) return;
        deck(n).forEach((q, i) => {
          const hardness = difficulty[q] ?? 0.3;
          const remembered = random() < 0.95 - after * 0.008 + ability * 0.1 - hardness * 0.2;
          records.push({ ...stamp(person.id, at + i * 30_000), kind: 'review', ...ref, question: q, correct: remembered });
        });
      });
    }
    // The site's own near-miss reports per month, the ten weeks before and after the start: the results level's demo.
    const months = Array.from({ length: 6 }, (_, i) => new Date(Date.UTC(new Date(campaignStart).getUTCFullYear(), new Date(campaignStart).getUTCMonth() - 3 + i, 1)).toISOString().slice(0, 7));
    await stores.outcomes.put(site.id, months.map((month, i) => ({ month, measure: 'near-miss reports', count: 6 + Math.floor(figures() * 5) + (site.pilot && i >= 3 ? 4 : 0) })), now);
    const incoming = records.map((record) => ({ record: record as LearningRecord | EventRecord, body: recordBody(deviceId, toWire(record)) }));
    for (let i = 0; i < incoming.length; i += 200) written += (await stores.records.ingest(incoming.slice(i, i + 200), now)).filter((o) => o.status === 'stored').length;
  }
  const start = { from: 'date' as const, date: new Date(campaignStart).toISOString().slice(0, 10) };
  await stores.campaigns.put({ ...campaign, start, sites: [...campaign.sites, SYNTHETIC_SITES[0].id], pilot: true }, now);
  return written;
}

function event(base: Omit<EventRecord, 'kind' | 'type' | 'subject' | 'part' | 'bucket' | 'text'>, type: EventRecord['type'], subject: string): EventRecord {
  return { ...base, kind: 'event', type, subject, part: 0, bucket: 0, text: '' };
}
