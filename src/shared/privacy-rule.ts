/**
 * The one rule every number about people's learning passes before the
 * server releases it (console pages, the API, CSV, the CLI). Works councils
 * can check it here and in the README ("What is recorded, and who sees it").
 *
 * 1. A count of people who did something is shown only when at least
 *    SMALL_GROUP people of its group did it and at least SMALL_GROUP did
 *    not. "1 of 40", "38 of 40" and "40 of 40" all say something about
 *    named people; those counts are shown as "not shown".
 * 2. Reports overlap: two campaigns' audiences, a site and a pilot's total,
 *    a site's quiz results and a campaign at that site. People who belong
 *    to exactly the same released groups form a *block*. A group's count is
 *    shown only when every block it is made of passes rule 1 on its own, so
 *    subtracting one shown number from another can only ever give a block's
 *    count, and no block's count pins anyone down: within a block, any two
 *    people who differ can swap records without a released number changing.
 * 3. Shares, totals and intervals are computed from shown counts only.
 *
 * A hidden count says nothing about why (too few either way, or an
 * overlapping report): a reason would itself be a number about the block.
 */
export const SMALL_GROUP = 5;

/** A count of people as a report may show it. */
export type GroupCount = { people: number } | { hidden: true };

export const HIDDEN: GroupCount = { hidden: true };

export const isShown = (c: GroupCount): c is { people: number } => 'people' in c;

/** Rule 1 alone, for a group no other released group overlaps. */
export function countOf(yes: number, size: number, k = SMALL_GROUP): GroupCount {
  return yes >= k && size - yes >= k ? { people: yes } : HIDDEN;
}

/** Whole percent of `part` in `of`, only when both are shown. */
export function shareOf(part: GroupCount, of: GroupCount): number | null {
  return isShown(part) && isShown(of) && of.people > 0 ? Math.round((part.people * 100) / of.people) : null;
}

/**
 * Rules 1 and 2 over every group any report releases a count for. Build it
 * with all of those groups (whoever reads them); count only over one of them
 * or a union of them (a pilot's sites).
 */
export class Disclosure<Id> {
  private readonly blockOf = new Map<Id, string>();
  private readonly blocks = new Map<string, Id[]>();

  constructor(groups: Iterable<Iterable<Id>>, private readonly k = SMALL_GROUP) {
    const memberships = new Map<Id, number[]>();
    let g = 0;
    for (const group of groups) {
      for (const id of new Set(group)) {
        const list = memberships.get(id) ?? [];
        list.push(g);
        memberships.set(id, list);
      }
      g++;
    }
    for (const [id, list] of memberships) {
      const key = list.join(',');
      this.blockOf.set(id, key);
      this.blocks.set(key, [...(this.blocks.get(key) ?? []), id]);
    }
  }

  /** How many of `group` have the fact, if the rule lets it be said. */
  count(group: Iterable<Id>, has: (id: Id) => boolean): GroupCount {
    const members = new Set(group);
    const keys = new Set<string>();
    for (const id of members) {
      const key = this.blockOf.get(id);
      // A group that was not declared could cut a block in two: a bug, never a number.
      if (key === undefined) throw new Error('Disclosure: counted a group it was not built with');
      keys.add(key);
    }
    let total = 0;
    for (const key of keys) {
      const block = this.blocks.get(key)!;
      if (block.some((id) => !members.has(id))) throw new Error('Disclosure: counted a group it was not built with');
      const yes = block.filter(has).length;
      if (yes < this.k || block.length - yes < this.k) return HIDDEN;
      total += yes;
    }
    return { people: total };
  }
}
