import { describe, expect, it } from 'vitest';
import { parseRosterCsv } from '../../src/server/roster-csv.ts';

describe('roster CSV', () => {
  it('reads people, roles, supervisors, badges and personal assignments', () => {
    const csv = '\uFEFFEmployee Number,Name,Language,Roles,Supervisor,Badge,Modules\n1001,"de Vries, Anna",nl,forklift-driver;warehouse,nee,B-77,"ppe-basics:2026-12-31; lockout-tagout:2027-01-15"\n9001,Sam Peeters,nl,,ja,,\n';
    expect(parseRosterCsv(csv, 'r.csv')).toEqual({ ok: true, people: [
      { id: '1001', name: 'de Vries, Anna', lang: 'nl', roles: ['forklift-driver', 'warehouse'], supervisor: false, badge: 'B-77',
        modules: [{ moduleId: 'ppe-basics', due: '2026-12-31' }, { moduleId: 'lockout-tagout', due: '2027-01-15' }] },
      { id: '9001', name: 'Sam Peeters', lang: 'nl', roles: [], supervisor: true, badge: null, modules: [] },
    ], lines: [2, 3] });
  });

  it('reads a first day for onboarding campaigns, and names the column when it is not a date', () => {
    const csv = 'employee_number,name,language,first_day\n1010,Nina,en,2026-12-07\n1011,Omar,en,\n1012,Pia,en,7 Dec\n';
    expect(parseRosterCsv(csv, 'new.csv')).toEqual({ ok: false, errors: ['new.csv:4: first_day: must be a date like 2026-12-07'] });
    const good = parseRosterCsv(csv.split('\n').slice(0, 3).join('\n'), 'new.csv');
    expect(good.ok && good.people.map((p) => p.firstDay ?? null)).toEqual(['2026-12-07', null]);
  });

  it('lists every bad row with file:line and returns no people', () => {
    const csv = [
      'employee_number,name,language,roles,supervisor,modules',
      '1001,Anna,nl,,no,',
      '1002,Ben,english,,no,',
      '1003,Carla,nl,Forklift Driver,no,',
      '1001,Anna again,nl,,no,',
      '1004,Dmitri,en,,no,ppe-basics:2026-02-30',
      '1005,Eva,nl,,no,ppe-basics 2026-12-01',
    ].join('\n');
    expect(parseRosterCsv(csv, 'roster.csv')).toEqual({ ok: false, errors: [
      'roster.csv:3: language: must be a language code like "nl" or "en"',
      'roster.csv:4: roles[0]: must be lower-case words joined by dashes, like "forklift-driver"',
      'roster.csv:5: employee_number: 1001 is already on line 2',
      'roster.csv:6: modules[0].due: must be a real calendar date',
      'roster.csv:7: modules: "ppe-basics 2026-12-01" is not "module-id:YYYY-MM-DD"',
    ] });
  });

  it('refuses unknown or missing columns and files that are not CSV', () => {
    expect(parseRosterCsv('id,name\n1,a\n', 'x.csv')).toEqual({ ok: false, errors: ['x.csv:1: unknown column id: use employee_number, name, language, roles, supervisor, badge, modules, first_day', 'x.csv:1: missing columns employee_number, language'] });
    expect(parseRosterCsv('employee_number,name,language\n', 'x.csv')).toEqual({ ok: false, errors: ['x.csv:1: no people in the file (a header row and one row per person)'] });
    const broken = parseRosterCsv('employee_number,name,language\n1,"unclosed,nl\n', 'x.csv');
    expect(broken.ok ? [] : broken.errors[0]).toMatch(/^x\.csv:\d+: not readable as CSV/);
  });
});
