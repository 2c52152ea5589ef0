import { readFile } from 'node:fs/promises';
import { hashSecret, PASSPHRASE_ITERATIONS, PIN_ITERATIONS, supervisorCredential } from '../shared/kiosk/credential.ts';
import { DEFAULT_IDLE_SECONDS } from '../shared/kiosk/idle.ts';
import { localDate } from '../shared/roster/roster.ts';
import type { StoreSet } from './store/stores.ts';
import { parseRosterCsv } from './roster-csv.ts';
import { createConsoleUser } from './console/accounts.ts';
import type { CampaignDefinition } from '../shared/campaign/campaign.ts';

/** Known credentials of the demo site, printed at start: for trying the product, never for a real site. */
export const DEMO = {
  siteId: 'demo', pin: '246813', passphrase: 'demo-supervisor-pass', withoutPin: '1005', supervisor: '9001',
  consoleEmail: 'admin@demo.example', consolePassword: 'demo-console-password',
} as const;

const DAY = 86_400_000;

/** The demo's campaign: an awareness card, lockout/tagout the next day, then follow-ups at +3, +8 and +31 days. */
export const DEMO_CAMPAIGN = 'lockout-week';

export function demoCampaign(startDate: string): CampaignDefinition {
  return {
    id: DEMO_CAMPAIGN, name: 'Lockout week', start: { from: 'date', date: startDate },
    roles: ['maintenance', 'forklift-driver'], nudgeAfterDays: 3, sites: [DEMO.siteId], pilot: false,
    steps: [
      { kind: 'teaser', day: 0, title: 'Whose hands are in the machine?', text: 'Tomorrow: four minutes on why your own lock goes on first.' },
      { kind: 'module', day: 1, moduleId: 'lockout-tagout' },
      { kind: 'follow-up', day: 3, moduleId: 'lockout-tagout' },
      { kind: 'follow-up', day: 8, moduleId: 'lockout-tagout' },
      { kind: 'follow-up', day: 31, moduleId: 'lockout-tagout' },
    ],
  };
}

/**
 * On a server with no sites, `npm start` creates a demo site from
 * content/demo-roster.csv through the same CSV checks an admin's import uses,
 * with role assignments (one already overdue), demo PINs and a supervisor
 * passphrase, and a console admin. Returns null when any site exists (or DEMO_SITE=0).
 */
export async function seedDemoSite(stores: StoreSet, rosterFile: string, now: number): Promise<typeof DEMO | null> {
  if ((await stores.sites.sites()).length) return null;
  const roster = parseRosterCsv(await readFile(rosterFile, 'utf8'), rosterFile);
  if (!roster.ok) throw new Error(`The demo roster is broken:\n${roster.errors.join('\n')}`);
  await stores.sites.putSite(DEMO.siteId, { name: 'Demo plant', lang: 'en', idleSeconds: DEFAULT_IDLE_SECONDS }, now);
  await stores.sites.importRoster(DEMO.siteId, roster.people, false, false);
  const assign = (role: string, moduleId: string, days: number) => stores.assignments.setAssignment(DEMO.siteId, { role, moduleId, due: localDate(now + days * DAY), remove: false });
  await assign('forklift-driver', 'forklift-pedestrians', 14);
  await assign('forklift-driver', 'lockout-tagout', -3);
  await assign('warehouse', 'ppe-basics', 30);
  await assign('maintenance', 'lockout-tagout', 7);
  for (const person of roster.people) {
    if (person.supervisor) await stores.credentials.setPassphrase(person.id, await supervisorCredential(DEMO.passphrase, PASSPHRASE_ITERATIONS));
    if (person.id !== DEMO.withoutPin) await stores.credentials.setPin(person.id, await hashSecret(DEMO.pin, PIN_ITERATIONS));
  }
  await createConsoleUser(stores, { email: DEMO.consoleEmail, name: 'Demo admin', role: 'admin', password: DEMO.consolePassword }, now);
  await stores.campaigns.put(demoCampaign(localDate(now - 3 * DAY)), now);
  return DEMO;
}
