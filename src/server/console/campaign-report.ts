import { followedModule, type CampaignSummary } from '../../shared/campaign/campaign.ts';
import { contrast } from '../../shared/campaign/comparison.ts';
import { behaviour, funnel, learning, reaction, retentionCurve, side, undelivered, type Counter, type Journey, type PilotComparison } from '../../shared/campaign/insights.ts';
import { itemStats, releasedItem, type FirstAttempt } from '../../shared/campaign/item-analysis.ts';
import { SYNTHETIC_SITE_PREFIX, type CampaignReport, type OutcomeFigure, type OutcomeSeries, type PooledSections, type SiteTotal } from '../../shared/campaign/report.ts';
import { dayIn } from '../../shared/campaign/calendar-days.ts';
import { dayZero, sessionKey } from '../../shared/campaign/schedule.ts';
import { countOf, HIDDEN, isShown } from '../../shared/privacy-rule.ts';
import type { TrainingModule } from '../../shared/module.ts';
import { isAnswerCorrect } from '../../shared/quiz.ts';
import type { Person } from '../../shared/roster/roster.ts';
import type { AttemptRecord, EventRecord, LearningRecord } from '../../shared/sync/records.ts';
import type { ReceivedRecord } from '../store/record-store.ts';
import type { StoreSet } from '../store/stores.ts';
import { publishedModule } from '../../node/published-modules.ts';
import { loadPopulation, reportAudiences, type ReportAudiences } from './report-audiences.ts';

/** What the reader may see: a site's own numbers, and the sections pooled over every site of the campaign. */
export interface Reader {
  mayReadSite(siteId: string): boolean;
  /** May read every site the campaign runs at or is compared with: pooled sections (items, searches, the pilot) are theirs only. */
  readsEverySite: boolean;
}

/** The admin token's view (the CLI): every site. */
export const EVERY_SITE: Reader = { mayReadSite: () => true, readsEverySite: true };

const DAY = 86_400_000;
/** UTC+14: the first local midnight of any day on Earth; UTC−12 the last. */
const EARLIEST_ZONE = 14 * 3_600_000;
const LATEST_ZONE = 12 * 3_600_000;
/** When a day starts somewhere: no site's day 0 is cut short whatever its time zone. */
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - EARLIEST_ZONE;
const SEARCH_MIN_DEVICES = 2;

type StoredRecord = LearningRecord | EventRecord;

/**
 * Gathers a campaign's facts from the stores and reduces them with the pure
 * functions of shared/campaign, every count through the privacy rule
 * (src/shared/privacy-rule.ts) over every group any report releases about
 * the same module: the same numbers for page, CSV and CLI.
 */
export async function campaignReport(stores: StoreSet, campaign: CampaignSummary, contentDir: string, reader: Reader, today: number): Promise<CampaignReport> {
  // An ended campaign is counted up to the end of its last day (at most: where that day ends last, UTC−12).
  const now = campaign.end ? Math.min(today, Date.parse(`${campaign.end}T00:00:00Z`) + DAY + LATEST_ZONE) : today;
  const todayDay = new Date(today).toISOString().slice(0, 10);
  const moduleId = followedModule(campaign);
  const published = moduleId ? await publishedModule(contentDir, moduleId) : null;
  const sections = published?.sections.length ?? 0;
  const audiences = reportAudiences(await loadPopulation(stores), moduleId, campaign);
  const inCampaign = audiences.sites.filter((s) => campaign.sites.includes(s.id));
  const rest = campaign.pilot ? audiences.sites.filter((s) => !campaign.sites.includes(s.id)) : [];
  const everyone = [...inCampaign, ...rest].flatMap((site) => audiences.targeted(campaign, site.id).map((person) => ({ person, timeZone: site.timeZone ?? 'UTC' })));
  const records = await recordsOf(stores, campaign.id, moduleId, everyone.map((e) => e.person));
  const assessments = await assessmentsOf(stores, campaign, inCampaign.map((s) => s.id));
  const journeys = journeysIn(campaign, moduleId, everyone, records, assessments, now);

  const sites = inCampaign.filter((s) => reader.mayReadSite(s.id)).map((site) => {
    const people = audiences.targeted(campaign, site.id);
    const list = people.map((p) => journeys.during.get(p.id)!);
    const count = counter(audiences, people, journeys.during);
    const rows = funnel(list, sections, count);
    return {
      siteId: site.id, name: site.name, synthetic: site.id.startsWith(SYNTHETIC_SITE_PREFIX),
      funnel: rows, undelivered: undelivered(rows), learning: learning(count, now), retention: retentionCurve(list, count),
      reaction: reaction(count), behaviour: behaviour(count, people.length),
    };
  });

  let pooled: PooledSections | null = null;
  if (reader.readsEverySite) {
    const groups = (sites: readonly { id: string }[]) => sites.map((s) => audiences.targeted(campaign, s.id));
    pooled = {
      items: items(published, groups(inCampaign), audiences, journeys),
      searches: await searches(stores, audiences, windowStart(campaign, now), now),
      pilot: campaign.pilot ? pilotComparison(audiences, journeys, groups(inCampaign), groups(rest), now) : null,
      outcomes: outcomeSeries(await stores.outcomes.of([...inCampaign, ...rest].map((s) => s.id)), new Set(inCampaign.map((s) => s.id))),
    };
  }
  const from = campaign.start.from === 'date' ? campaign.start.date : null;
  return { campaign, moduleId, window: { from, to: campaign.end && campaign.end < todayDay ? campaign.end : todayDay }, sites, pooled };
}

/** Counts over one released group (a site's people, or a pilot's sites together) with the privacy rule. */
function counter(audiences: ReportAudiences, people: readonly Person[], journeys: ReadonlyMap<string, Journey>): Counter {
  return (has) => audiences.disclosure.count(people.map((p) => p.id), (id) => has(journeys.get(id)!));
}

/**
 * When a record happened, as far as anyone can tell: the device's clock,
 * unless that is later than the server received it — a kiosk clock set
 * forward cannot date a pass into next month. (A clock set back is not
 * caught here: offline kiosks send old records, and old is plausible.)
 */
const plausible = (r: ReceivedRecord): StoredRecord => ({ ...r, at: Math.min(r.at, r.receivedAt) });

async function recordsOf(stores: StoreSet, campaignId: string, moduleId: string | null, people: readonly Person[]): Promise<Map<string, StoredRecord[]>> {
  const subjects = moduleId ? [campaignId, moduleId] : [campaignId];
  const records = await stores.records.about(people.map((p) => p.id), ['event', 'checkpoint', 'attempt', 'completion', 'review'], subjects);
  const mine = new Map<string, StoredRecord[]>(people.map((p) => [p.id, []]));
  for (const r of records) mine.get(r.learnerId)?.push(plausible(r));
  return mine;
}

interface Journeys {
  /** Each person's journey from their day 0 of the campaign to now. */
  during: Map<string, Journey>;
  /** The same length of time just before their day 0: the before-period. */
  before: Map<string, Journey>;
  /** Each person's first quiz attempt in the campaign's window. */
  firstAttempts: Map<string, AttemptRecord>;
}

/** What a supervisor signed off in a practical assessment: per person, each dated session's outcome. */
type Assessments = Map<string, { date: string; outcome: 'competent' | 'not-yet-competent' }[]>;

/**
 * The practical assessments of the campaign's sites: of its own
 * practical-assessment steps' topics when it has any, otherwise of any topic
 * (a campaign about a machine is judged by the assessment on that machine).
 */
async function assessmentsOf(stores: StoreSet, campaign: CampaignSummary, siteIds: readonly string[]): Promise<Assessments> {
  const topics = new Set(campaign.steps.flatMap((s) => (s.kind === 'session' && s.sessionType === 'practical-assessment' ? [sessionKey(s.topic)] : [])));
  const result: Assessments = new Map();
  for (const siteId of siteIds) {
    for (const signoff of await stores.credentials.signoffs(siteId)) {
      if (signoff.sessionType !== 'practical-assessment' || (topics.size && !topics.has(sessionKey(signoff.topic)))) continue;
      for (const a of signoff.attendees) {
        if (a.outcome === 'attended') continue;
        result.set(a.personId, [...(result.get(a.personId) ?? []), { date: signoff.date, outcome: a.outcome as 'competent' | 'not-yet-competent' }]);
      }
    }
  }
  return result;
}

/**
 * Everyone's journey inside the campaign's window — from their day 0 (the
 * campaign's start date, or their own first day for onboarding) to now (or its last day) —
 * and over as many days before it.
 */
function journeysIn(campaign: CampaignSummary, moduleId: string | null, people: readonly { person: Person; timeZone: string }[], records: ReadonlyMap<string, StoredRecord[]>, assessments: Assessments, now: number): Journeys {
  const result: Journeys = { during: new Map(), before: new Map(), firstAttempts: new Map() };
  for (const { person, timeZone } of people) {
    const learnerId = person.id;
    const rs = records.get(learnerId) ?? [];
    const day0 = dayZero(campaign, person);
    const start = day0 === null ? now : dayStart(day0);
    const length = Math.max(DAY, now - start);
    // An ended campaign credits nothing after its last day as the site's calendar counts it.
    const during = rs.filter((r) => r.at >= start && r.at <= now && (!campaign.end || dayIn(r.at, timeZone) <= campaign.end));
    const before = rs.filter((r) => r.at >= start - length && r.at < start);
    // Sign-offs carry the session's local date: the latest inside day 0 … today at the person's site.
    const today = dayIn(now, timeZone);
    const inWindow = (assessments.get(learnerId) ?? []).filter((a) => day0 !== null && a.date >= day0 && a.date <= today).sort((a, b) => a.date.localeCompare(b.date));
    result.during.set(learnerId, { ...journey(learnerId, campaign.id, moduleId, during, timeZone), assessment: inWindow.at(-1)?.outcome ?? null });
    result.before.set(learnerId, journey(learnerId, campaign.id, moduleId, before, timeZone));
    const first = during.find((r): r is AttemptRecord => r.kind === 'attempt' && r.moduleId === moduleId);
    if (first) result.firstAttempts.set(learnerId, first);
  }
  return result;
}

function journey(learnerId: string, campaignId: string, moduleId: string | null, rs: readonly StoredRecord[], timeZone: string): Journey {
  const events = rs.filter((r): r is EventRecord => r.kind === 'event');
  const learned = rs.filter((r): r is LearningRecord => r.kind !== 'event' && r.moduleId === moduleId);
  const passes = learned.filter((r) => r.kind === 'completion').map((r) => r.at);
  // Asked once per kiosk; a learner on two kiosks may have answered twice: the latest answer stands.
  const said = events.filter((e) => e.type === 'useful' && e.subject === moduleId).at(-1);
  return {
    learnerId,
    delivered: events.some((e) => e.type === 'delivered' && e.subject === campaignId),
    opened: events.some((e) => e.type === 'opened' && e.subject === moduleId),
    furthestSection: Math.max(-1, ...learned.map((r) => (r.kind === 'checkpoint' ? r.section : -1))),
    attempted: learned.some((r) => r.kind === 'attempt'),
    passedAt: passes.length ? Math.min(...passes) : null,
    reviews: learned.flatMap((r) => (r.kind === 'review' ? [{ at: r.at, correct: r.correct }] : [])),
    timeZone,
    assessment: null,
    useful: said ? said.bucket === 1 : null,
  };
}

/**
 * Item analysis over first attempts at the version now published, pooled
 * over the sites whose "took the quiz" count the rule shows (so the pooled
 * total is a sum of shown counts); each statistic then passes the rule on
 * its own.
 */
function items(module: (TrainingModule & { hash: string }) | null, siteGroups: readonly (readonly Person[])[], audiences: ReportAudiences, journeys: Journeys): PooledSections['items'] {
  if (!module) return { version: null, lang: null, attempts: { people: 0 }, sitesLeftOut: 0, questions: [] };
  const includedSites = siteGroups.filter((people) => isShown(counter(audiences, people, journeys.during)((j) => j.attempted)));
  const included = includedSites.flat();
  const questions = module.quiz.questions;
  // Another version or language of the quiz is a different test.
  const sameTest = (id: string) => journeys.firstAttempts.get(id)?.moduleHash === module.hash;
  // With every site left out there is nothing to pool: "0" would be wrong, so it is not shown.
  const attempts = includedSites.length ? audiences.disclosure.count(included.map((p) => p.id), sameTest) : HIDDEN;
  const leftOut = { version: module.version, lang: module.lang, sitesLeftOut: siteGroups.length - includedSites.length, questions: [] };
  if (!isShown(attempts)) return { ...leftOut, attempts };
  const firsts: FirstAttempt[] = included.filter((p) => sameTest(p.id)).map((p) => {
    const a = journeys.firstAttempts.get(p.id)!;
    return { answers: a.answers, correct: questions.map((q, i) => isAnswerCorrect(q.correct, a.answers[i])) };
  });
  const stats = itemStats(firsts, questions.map((q) => q.choices.length), questions.map((q) => q.correct));
  return {
    ...leftOut, attempts,
    questions: stats.map((s, i) => ({ question: i, prompt: questions[i]!.prompt, choices: questions[i]!.choices, correct: questions[i]!.correct, ...releasedItem(s, questions[i]!.correct) })),
  };
}

/** The earliest day 0 of the campaign (onboarding: a year back), for what is not per person. */
const windowStart = (campaign: CampaignSummary, now: number) =>
  campaign.start.from === 'date' ? dayStart(campaign.start.date) : now - 365 * DAY;

/**
 * What people searched for on any kiosk since the campaign started and did
 * not find. One group (everyone on every roster) so no two campaigns'
 * lists can be subtracted; a text only when at least 5 people typed it, on
 * at least two kiosks, so one person's words never show and one kiosk
 * cannot plant a text.
 */
async function searches(stores: StoreSet, audiences: ReportAudiences, from: number, now: number): Promise<PooledSections['searches']> {
  const everyone = audiences.sites.flatMap((s) => audiences.roster(s.id).map((p) => p.id));
  const byText = new Map<string, { who: Set<string>; devices: Set<string> }>();
  for (const received of await stores.records.about(everyone, ['event'], [''])) {
    const r = plausible(received);
    if (r.kind !== 'event' || r.type !== 'search-miss' || r.at < from || r.at > now) continue;
    const text = r.text.trim().toLowerCase().replace(/\s+/g, ' ');
    const entry = byText.get(text) ?? { who: new Set(), devices: new Set() };
    entry.who.add(r.learnerId);
    entry.devices.add(r.deviceId);
    byText.set(text, entry);
  }
  return [...byText]
    .map(([text, e]) => ({ text, people: countOf(e.who.size, everyone.length), devices: e.devices.size }))
    .filter((s) => isShown(s.people) && s.devices >= SEARCH_MIN_DEVICES)
    .sort((a, b) => (b.people as { people: number }).people - (a.people as { people: number }).people || a.text.localeCompare(b.text))
    .slice(0, 20)
    .map(({ text, people: count }) => ({ text, people: count }));
}

/** Each measure's monthly totals over the campaign's sites and over the others, for every month any of them gave. */
function outcomeSeries(figures: readonly (OutcomeFigure & { siteId: string })[], campaignSites: ReadonlySet<string>): OutcomeSeries[] {
  const measures = new Map<string, Map<string, { campaign: SiteTotal | null; comparison: SiteTotal | null }>>();
  for (const f of figures) {
    const months = measures.get(f.measure) ?? new Map();
    const month = months.get(f.month) ?? { campaign: null, comparison: null };
    const side = campaignSites.has(f.siteId) ? 'campaign' : 'comparison';
    month[side] = { count: (month[side]?.count ?? 0) + f.count, sites: (month[side]?.sites ?? 0) + 1 };
    months.set(f.month, month);
    measures.set(f.measure, months);
  }
  return [...measures].map(([measure, months]) => ({ measure, months: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, totals]) => ({ month, ...totals })) }));
}

/** Pilot against the rest, each measure pooled over the sites of a side where the rule shows it. */
function pilotComparison(audiences: ReportAudiences, journeys: Journeys, pilotSites: readonly (readonly Person[])[], restSites: readonly (readonly Person[])[], now: number): PilotComparison {
  const sideOf = (sites: readonly (readonly Person[])[], period: Map<string, Journey>) =>
    side(sites.map((people) => ({ assigned: people.length, count: counter(audiences, people, period) })), now);
  const [pilot, rest] = [sideOf(pilotSites, journeys.during), sideOf(restSites, journeys.during)];
  const [pilotBefore, restBefore] = [sideOf(pilotSites, journeys.before), sideOf(restSites, journeys.before)];
  return {
    pilot, rest,
    reach: contrast(pilot.reach, rest.reach), learning: contrast(pilot.learning, rest.learning), retention: contrast(pilot.retention, rest.retention),
    before: { pilot: pilotBefore, rest: restBefore, reach: contrast(pilotBefore.reach, restBefore.reach), learning: contrast(pilotBefore.learning, restBefore.learning) },
  };
}
