/** A role on the rosters and how many people hold it: what role pickers offer, so no one assigns a role nobody has. */
export interface RoleCount {
  role: string;
  people: number;
}

/** The roles the given people hold, each with its head count, in alphabetical order. */
export function roleCounts(people: Iterable<{ roles: readonly string[] }>): RoleCount[] {
  const counts = new Map<string, number>();
  for (const person of people) for (const role of person.roles) counts.set(role, (counts.get(role) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([role, n]) => ({ role, people: n }));
}
