import type { GroupCount } from '../privacy-rule.ts';
import type { SiteInfo } from '../roster/roster.ts';

/**
 * The status report's shape, as the API sends it and the console and the CLI
 * read it, and the one summary of it they all show: a number on the console
 * page is the number the API and `npm run admin -- status` give.
 */
export interface DeviceRow {
  id: string;
  siteId: string;
  label: string;
  enrolledAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  lastContactAt: number | null;
  /** Records the device said it still had queued at its last contact. */
  reportedQueued: number | null;
  /** A worker's own phone: the one learner it records for (its label is their name); null on a kiosk. */
  learnerId: string | null;
}

/** A supervisor's in-person session as the server holds it. */
export interface SignoffRow {
  id: string;
  supervisorId: string;
  sessionType: string;
  date: string;
  topic: string;
  deviceId: string;
  receivedAt: number;
  attendees: { personId: string; outcome: string; note: string }[];
}

export type CompletionState =
  | { state: 'done'; doneAt: number }
  | { state: 'waiting'; devices: { id: string; label: string; lastContactAt: number | null; phone: boolean }[] }
  | { state: 'not-done' };

export type AssignedModuleStatus = { moduleId: string; due: string; overdue: boolean } & CompletionState;

export interface SiteStatus {
  site: SiteInfo;
  devices: DeviceRow[];
  learners: { id: string; name: string; modules: AssignedModuleStatus[] }[];
}

export interface ModuleSummary {
  moduleId: string;
  assigned: number;
  /** Completions the server holds. */
  done: number;
  /** Done on a kiosk, not yet synced: nobody's fault but the line's. */
  waiting: number;
  notDone: number;
  overdue: number;
  /** done / assigned, 0 to 1; waiting does not count until it arrives. */
  rate: number;
}

export interface SiteSummary {
  assigned: number;
  done: number;
  waiting: number;
  overdue: number;
  rate: number;
  modules: ModuleSummary[];
  /** Records kiosks reported still queued at their last contact. */
  queuedOnKiosks: number;
}

export function summarise(status: SiteStatus): SiteSummary {
  const byModule = new Map<string, ModuleSummary>();
  for (const learner of status.learners) {
    for (const m of learner.modules) {
      const s = byModule.get(m.moduleId) ?? { moduleId: m.moduleId, assigned: 0, done: 0, waiting: 0, notDone: 0, overdue: 0, rate: 0 };
      s.assigned++;
      if (m.state === 'done') s.done++;
      else if (m.state === 'waiting') s.waiting++;
      else s.notDone++;
      if (m.overdue) s.overdue++;
      byModule.set(m.moduleId, s);
    }
  }
  const modules = [...byModule.values()].sort((a, b) => a.moduleId.localeCompare(b.moduleId)).map((s) => ({ ...s, rate: s.assigned ? s.done / s.assigned : 0 }));
  const total = (key: 'assigned' | 'done' | 'waiting' | 'overdue') => modules.reduce((n, s) => n + s[key], 0);
  const assigned = total('assigned');
  return {
    assigned, done: total('done'), waiting: total('waiting'), overdue: total('overdue'),
    rate: assigned ? total('done') / assigned : 0, modules,
    queuedOnKiosks: status.devices.filter((d) => d.revokedAt === null).reduce((n, d) => n + (d.reportedQueued ?? 0), 0),
  };
}

/** A matrix cell in words, for the page and the CSV alike (never colour alone). */
export function cellWords(m: AssignedModuleStatus, date: (ms: number) => string): string {
  const late = m.overdue ? `Overdue (due ${m.due}). ` : '';
  if (m.state === 'done') return `Done, synced (${date(m.doneAt)})`;
  if (m.state === 'waiting') {
    const where = m.devices.map((d) => `${d.label}, last seen ${d.lastContactAt === null ? 'never' : date(d.lastContactAt)}`).join('; ');
    return `${late}Done on a kiosk, waiting to sync (${where})`;
  }
  return `${late}Not done`;
}

/** One module's quiz at a site, of everyone ever on its roster; counts as the privacy rule shows them. */
export interface QuizResult {
  moduleId: string;
  /** Everyone ever on the site's roster: the group both counts are of. */
  people: number;
  /** Took the quiz at least once. */
  tried: GroupCount;
  passed: GroupCount;
}

export interface DayOfProgress {
  /** YYYY-MM-DD (UTC), a day on which at least one assigned module was first completed. */
  day: string;
  /** Assigned modules done by the end of that day. */
  done: number;
  /** done / assigned now, 0 to 1. */
  rate: number;
}

/** How the site's assigned modules got done over time: one point per day something was first completed. */
export function progressOverTime(status: SiteStatus): DayOfProgress[] {
  const assigned = status.learners.reduce((n, l) => n + l.modules.length, 0);
  const perDay = new Map<string, number>();
  for (const l of status.learners) {
    for (const m of l.modules) {
      if (m.state !== 'done') continue;
      const day = new Date(m.doneAt).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
  }
  let done = 0;
  return [...perDay.keys()].sort().map((day) => {
    done += perDay.get(day)!;
    return { day, done, rate: assigned ? done / assigned : 0 };
  });
}
