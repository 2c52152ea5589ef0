import { addDays } from '../../shared/campaign/calendar-days.ts';
import type { OpenStep } from '../../shared/campaign/schedule.ts';
import { assignmentsFor, isOverdue, type Assignment, type Person } from '../../shared/roster/roster.ts';
import type { SessionType } from '../../shared/sync/records.ts';
import { completionState, type CompletionFacts } from './completion-state.ts';

export interface CrewItem {
  person: Person;
  moduleId: string;
  due: string;
}

/** What campaigns ask a supervisor to do in person: one session, and who it is open for. */
export interface CrewSession {
  sessionType: SessionType;
  topic: string;
  people: Person[];
}

export interface CrewGlance {
  /** Not done past its due date. */
  overdue: CrewItem[];
  /** Not done, due within the next week. */
  dueSoon: CrewItem[];
  /** Done on this kiosk, not yet on the server. */
  waiting: CrewItem[];
  /** Everyone overdue, once each: who a toolbox talk is for. */
  behind: Person[];
  sessions: CrewSession[];
}

/** How far ahead "due soon" looks. */
export const DUE_SOON_DAYS = 7;

/**
 * The crew at a glance, from what the kiosk holds (pure): every assigned
 * module that is overdue, due within a week or waiting to sync here, and the
 * in-person sessions campaigns have opened for someone. `open` is each
 * person's open campaign steps (shared/campaign/schedule.ts).
 */
export function crewGlance(people: readonly Person[], assignments: readonly Assignment[], facts: CompletionFacts, today: string, open: ReadonlyMap<string, readonly OpenStep[]>): CrewGlance {
  const glance: CrewGlance = { overdue: [], dueSoon: [], waiting: [], behind: [], sessions: [] };
  const soon = addDays(today, DUE_SOON_DAYS);
  for (const person of people) {
    for (const { moduleId, due } of assignmentsFor(person, assignments)) {
      const state = completionState(person.id, moduleId, facts);
      const item = { person, moduleId, due };
      if (state === 'waiting') glance.waiting.push(item);
      else if (state === 'not-done' && isOverdue(due, today)) glance.overdue.push(item);
      else if (state === 'not-done' && due <= soon) glance.dueSoon.push(item);
    }
  }
  glance.behind = [...new Map(glance.overdue.map((i) => [i.person.id, i.person])).values()];
  const sessions = new Map<string, CrewSession>();
  for (const person of people) {
    for (const { step } of open.get(person.id) ?? []) {
      if (step.kind !== 'session') continue;
      const key = `${step.sessionType}\n${step.topic}`;
      const session = sessions.get(key) ?? { sessionType: step.sessionType, topic: step.topic, people: [] };
      if (!session.people.includes(person)) session.people.push(person);
      sessions.set(key, session);
    }
  }
  glance.sessions = [...sessions.values()];
  return glance;
}
