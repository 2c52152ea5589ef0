import { addDays, dayIn } from '../../shared/campaign/calendar-days.ts';
import { PLACEMENT_WEEKS, type PlacementReport, type ShortCode } from '../../shared/console/posters.ts';
import { countOf, isShown, type GroupCount } from '../../shared/privacy-rule.ts';
import type { EventRecord } from '../../shared/sync/records.ts';
import type { StoreSet } from '../store/stores.ts';

/** The Monday of the week a day falls in. */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** Opens are said only beside a count of people the rule shows: one person's ten scans are not a number about the wall. */
const cell = (who: Set<string> | undefined, opens: number, size: number): { people: GroupCount; opens: number | null } => {
  const people = countOf(who?.size ?? 0, size);
  return { people, opens: isShown(people) ? opens : null };
};

/**
 * The placement report from what was read (pure): each code's scans by
 * people of the site's roster, per week of the site's calendar. The group
 * every count is over is the site's roster, the same for every cell.
 */
export function placementReport(siteId: string, codes: readonly ShortCode[], scans: readonly Pick<EventRecord, 'learnerId' | 'subject' | 'at'>[], roster: readonly string[], timeZone: string, now: number): PlacementReport {
  const thisWeek = weekOf(dayIn(now, timeZone));
  const weeks = Array.from({ length: PLACEMENT_WEEKS }, (_, i) => addDays(thisWeek, -7 * (PLACEMENT_WEEKS - 1 - i)));
  const onRoster = new Set(roster);
  const byCode = new Map<string, { weeks: Map<string, { who: Set<string>; opens: number }>; who: Set<string>; opens: number }>();
  for (const scan of scans) {
    const week = weekOf(dayIn(scan.at, timeZone));
    if (!onRoster.has(scan.learnerId) || week < weeks[0]! || week > thisWeek) continue;
    const entry = byCode.get(scan.subject) ?? { weeks: new Map(), who: new Set(), opens: 0 };
    const w = entry.weeks.get(week) ?? { who: new Set(), opens: 0 };
    w.who.add(scan.learnerId);
    w.opens++;
    entry.weeks.set(week, w);
    entry.who.add(scan.learnerId);
    entry.opens++;
    byCode.set(scan.subject, entry);
  }
  return {
    siteId,
    weeks,
    placements: codes.map((c) => {
      const entry = byCode.get(c.code);
      return {
        code: c.code, placement: c.placement, moduleId: c.moduleId, section: c.section, retired: c.retired,
        weeks: weeks.map((w) => { const e = entry?.weeks.get(w); return cell(e?.who, e?.opens ?? 0, roster.length); }),
        total: cell(entry?.who, entry?.opens ?? 0, roster.length),
      };
    }),
  };
}

/** The report for one site, read from the stores: its codes, its roster (everyone ever on it) and their scans. */
export async function sitePlacementReport(stores: StoreSet, siteId: string, now: number): Promise<PlacementReport> {
  const site = await stores.sites.site(siteId);
  const codes = await stores.codes.list(siteId);
  const roster = (await stores.sites.everyone(siteId)).map((p) => p.id);
  const scans = codes.length ? (await stores.records.about(roster, ['event'], codes.map((c) => c.code))).flatMap((r) => (r.kind === 'event' && r.type === 'scanned' ? [r] : [])) : [];
  return placementReport(siteId, codes, scans, roster, site.timeZone ?? 'UTC', now);
}
