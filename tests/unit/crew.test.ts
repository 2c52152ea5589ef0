import { describe, expect, it } from 'vitest';
import { crewGlance } from '../../src/app/kiosk/crew.ts';
import type { OpenStep } from '../../src/shared/campaign/schedule.ts';
import type { Assignment, Person } from '../../src/shared/roster/roster.ts';
import type { CompletionRecord } from '../../src/shared/sync/records.ts';

const person = (id: string, roles: string[] = []): Person => ({ id, name: `Person ${id}`, lang: 'en', roles, supervisor: false, badge: null, pin: null, passphrase: null, firstDay: null });
const local = (learnerId: string, moduleId: string, id: string) => ({ id, learnerId, moduleId }) as CompletionRecord;
const session = (topic: string): OpenStep => ({ campaign: { id: 'c', name: 'C' }, index: 2, step: { kind: 'session', day: 3, sessionType: 'toolbox-talk', topic }, openedOn: '2026-12-01', nudge: false });

describe("the supervisor's crew at a glance", () => {
  const people = [person('1', ['press']), person('2', ['press']), person('3'), person('4')];
  const assignments: Assignment[] = [
    { target: 'role:press', moduleId: 'lockout', due: '2026-11-30' },
    { target: 'person:3', moduleId: 'ppe', due: '2026-12-08' },
    { target: 'person:4', moduleId: 'ppe', due: '2026-12-30' },
  ];
  const today = '2026-12-03';

  it('lists what is overdue, due within a week and waiting to sync here, and nothing that is done and synced', () => {
    const facts = { known: [{ learnerId: '2', moduleId: 'lockout', at: 1 }], local: [local('3', 'ppe', 'r1')], queued: new Set(['r1']) };
    const glance = crewGlance(people, assignments, facts, today, new Map());
    expect(glance.overdue.map((i) => `${i.person.id} ${i.moduleId}`)).toEqual(['1 lockout']);
    // 3's module is done on this kiosk and still queued: waiting, not due.
    expect(glance.waiting.map((i) => `${i.person.id} ${i.moduleId}`)).toEqual(['3 ppe']);
    expect(glance.dueSoon).toEqual([]);
    expect(glance.behind.map((p) => p.id)).toEqual(['1']);
  });

  it('says due this week up to seven days ahead, and not after', () => {
    const facts = { known: [], local: [], queued: new Set<string>() };
    const glance = crewGlance(people, assignments, facts, today, new Map());
    expect(glance.dueSoon.map((i) => i.person.id)).toEqual(['3']);
    expect(glance.overdue.map((i) => i.person.id)).toEqual(['1', '2']);
    expect(glance.behind.map((p) => p.id)).toEqual(['1', '2']);
  });

  it('gathers the in-person sessions campaigns opened, with exactly the people they are open for', () => {
    const open = new Map([['1', [session('Lockout walk-through')]], ['3', [session('Lockout walk-through'), session('Spill kit')]]]);
    const glance = crewGlance(people, assignments, { known: [], local: [], queued: new Set() }, today, open);
    expect(glance.sessions.map((s) => [s.topic, s.people.map((p) => p.id)])).toEqual([['Lockout walk-through', ['1', '3']], ['Spill kit', ['3']]]);
  });
});
