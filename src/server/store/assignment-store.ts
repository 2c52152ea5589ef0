import type { AssignmentInput } from '../../shared/roster/admin-schema.ts';
import { assignmentsFor, type Assignment, type AssignmentTarget } from '../../shared/roster/roster.ts';
import { nextRev, peopleAt, requireSite } from './roster-rows.ts';
import type { Sql } from './sql.ts';

/** What is assigned to whom at a site: by role or to one person, with a due date. */
export interface AssignmentStore {
  setAssignment(siteId: string, input: AssignmentInput): Promise<void>;
  assignments(siteId: string): Promise<Assignment[]>;
  /** "learner module" of every assignment of every current person at a site. */
  assignedPairs(siteId: string): Promise<Set<string>>;
}

const targetOf = (a: AssignmentInput): AssignmentTarget => (a.role !== undefined ? `role:${a.role}` : `person:${a.person!}`);

export async function upsertAssignment(q: Sql, siteId: string, target: string, moduleId: string, due: string, remove: boolean, rev: number): Promise<void> {
  await q.run(`INSERT INTO assignments (site_id, target, module_id, due, removed, rev) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (site_id, target, module_id) DO UPDATE SET due = excluded.due, removed = excluded.removed, rev = excluded.rev`, [siteId, target, moduleId, due, remove ? 1 : 0, rev]);
}

export async function assignmentsAt(q: Sql, siteId: string): Promise<Assignment[]> {
  const rows = await q.all<{ target: AssignmentTarget; module_id: string; due: string }>('SELECT target, module_id, due FROM assignments WHERE site_id = ? AND removed = 0 ORDER BY target, module_id', [siteId]);
  return rows.map((r) => ({ target: r.target, moduleId: r.module_id, due: r.due }));
}

export function assignmentStore(sql: Sql): AssignmentStore {
  return {
    async setAssignment(siteId, input) {
      await sql.tx(async (q) => {
        await requireSite(q, siteId);
        await upsertAssignment(q, siteId, targetOf(input), input.moduleId, input.due, input.remove, await nextRev(q));
      });
    },
    assignments: (siteId) => assignmentsAt(sql, siteId),
    async assignedPairs(siteId) {
      const [people, assignments] = await Promise.all([peopleAt(sql, siteId), assignmentsAt(sql, siteId)]);
      return new Set(people.flatMap((p) => assignmentsFor(p, assignments).map((a) => `${p.id} ${a.moduleId}`)));
    },
  };
}
