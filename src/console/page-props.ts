import type { ConsoleUser } from '../shared/console/access.ts';
import type { SiteInfo } from '../shared/roster/roster.ts';
import type { ConsoleStrings } from './i18n/en.ts';

/** What every console page gets: strings, who is signed in, the sites they may see and the one chosen. */
export interface PageProps {
  t: ConsoleStrings;
  user: ConsoleUser;
  sites: SiteInfo[];
  site: SiteInfo | null;
}

/** A site by the name people know it by; an id the reader cannot see a site for, as it is. */
export const siteName = (sites: readonly SiteInfo[], id: string): string => sites.find((s) => s.id === id)?.name ?? id;
