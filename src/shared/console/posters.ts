import type { GroupCount } from '../privacy-rule.ts';
import type { CodeTarget } from '../short-code.ts';

/** A QR poster's code as the console lists it. */
export interface ShortCode extends CodeTarget {
  code: string;
  siteId: string;
  /** Where the poster hangs, in the words of whoever put it up: "Press 4, left guard". */
  placement: string;
  createdAt: number;
  /** The console account that made it. */
  createdBy: string;
  /** Taken down: no longer opens anything, kept so its scans keep their placement. */
  retired: boolean;
}

export const POSTER_SIZES = ['a4', 'a6'] as const;
export type PosterSize = (typeof POSTER_SIZES)[number];
export const POSTER_FORMATS = ['svg', 'pdf'] as const;
export type PosterFormat = (typeof POSTER_FORMATS)[number];

/** How many weeks the placement report goes back. */
export const PLACEMENT_WEEKS = 8;

/**
 * Which posters get scanned, per site and week. A scan is counted as the
 * people of the site's roster who opened a module from that code that week
 * (on a kiosk after sign-in): a count of people, under the privacy rule like
 * every other (shared/privacy-rule.ts), so "not shown" covers few and many.
 * Opens (scans, one person may scan twice) are given only beside a shown count.
 */
export interface PlacementReport {
  siteId: string;
  /** The Mondays (YYYY-MM-DD, the site's calendar) the columns start on, oldest first; the last is this week. */
  weeks: string[];
  placements: {
    code: string;
    placement: string;
    moduleId: string;
    section: number | null;
    retired: boolean;
    /** One per week, as `weeks`. */
    weeks: { people: GroupCount; opens: number | null }[];
    /** Every week of the report together. */
    total: { people: GroupCount; opens: number | null };
  }[];
}
