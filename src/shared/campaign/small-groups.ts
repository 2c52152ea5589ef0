/**
 * The small-group rule for anything built from learning events (what was
 * opened, how long, what was searched): a group of fewer than 5 people is
 * never shown as a number, so no count points at one person. Works councils
 * ask for this; completions and sign-offs stay per person as before.
 */
export const SMALL_GROUP = 5;

/** A count of people as a report may show it. Zero is shown: it says nothing about anyone. */
export type GroupCount = { people: number } | { fewerThan: typeof SMALL_GROUP };

export function groupCount(people: number): GroupCount {
  return people > 0 && people < SMALL_GROUP ? { fewerThan: SMALL_GROUP } : { people };
}

export const isShown = (c: GroupCount): c is { people: number } => 'people' in c;
