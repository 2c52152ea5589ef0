import { describe, expect, it } from 'vitest';
import { modulesInUse } from '../../src/shared/console/module-use.ts';
import type { CampaignDefinition } from '../../src/shared/campaign/campaign.ts';

const site = (id: string, name: string, assignments: { target: `role:${string}` | `person:${string}`; moduleId: string; due: string }[]) =>
  ({ id, name, lang: 'en', idleSeconds: 60, assignments });
const campaign = (name: string, moduleId: string, kind: 'module' | 'follow-up', end?: string): CampaignDefinition => ({
  id: name.toLowerCase(), name, start: { from: 'date', date: '2026-11-01' }, roles: [], nudgeAfterDays: null, sites: ['a'], pilot: false,
  steps: [{ kind, day: 0, moduleId }], ...(end ? { end } : {}),
});

describe('where a module leaving every kiosk is still used', () => {
  it('finds its assignments at every site, by site name, and the campaigns that name it, running or ended', () => {
    const sites = [
      site('a', 'North plant', [{ target: 'role:maintenance', moduleId: 'loto', due: '2026-12-10' }, { target: 'role:warehouse', moduleId: 'ppe', due: '2026-12-11' }]),
      site('b', 'South plant', [{ target: 'person:1004', moduleId: 'loto', due: '2027-01-05' }]),
    ];
    const campaigns = [campaign('Lockout week', 'loto', 'module'), campaign('Refresher', 'loto', 'follow-up', '2026-11-30'), campaign('Glasses', 'ppe', 'module')];
    expect(modulesInUse(['loto', 'unused'], sites, campaigns, '2026-12-04')).toEqual([{
      moduleId: 'loto',
      assignments: [{ site: 'North plant', target: 'role:maintenance', due: '2026-12-10' }, { site: 'South plant', target: 'person:1004', due: '2027-01-05' }],
      campaigns: [{ name: 'Lockout week', running: true }, { name: 'Refresher', running: false }],
    }]);
  });

  it('says nothing about a module nobody uses', () => {
    expect(modulesInUse(['loto'], [site('a', 'North', [])], [], '2026-12-04')).toEqual([]);
  });
});
