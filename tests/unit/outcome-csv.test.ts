import { describe, expect, it } from 'vitest';
import { parseOutcomeCsv } from '../../src/server/outcome-csv.ts';

describe('a site\'s outcome figures from CSV', () => {
  it('reads month, measure and count in any column order and case', () => {
    const parsed = parseOutcomeCsv('Measure,MONTH,count\nnear-miss reports,2026-09,14\nfirst-aid cases,2026-09,2\n', 'north.csv');
    expect(parsed).toEqual({ ok: true, rows: [{ month: '2026-09', measure: 'near-miss reports', count: 14 }, { month: '2026-09', measure: 'first-aid cases', count: 2 }] });
  });

  it('names every bad row by file:line and column, and stores none of the file', () => {
    const parsed = parseOutcomeCsv([
      'month,measure,count',
      '2026-09,near-miss reports,14',
      'September,near-miss reports,3',
      '2026-10,,3',
      '2026-10,near-miss reports,-2',
      '2026-09,Near-miss reports,9',
    ].join('\n'), 'north.csv');
    expect(parsed).toEqual({ ok: false, errors: [
      'north.csv:3: month: "September" is not a month like 2026-09',
      'north.csv:4: measure: is empty (name what is counted, like "near-miss reports")',
      'north.csv:5: count: "-2" is not a whole number from 0 to 1000000',
      'north.csv:6: Near-miss reports in 2026-09 is already on line 2',
    ] });
  });

  it('says which columns are missing, and what a file it cannot read is', () => {
    expect(parseOutcomeCsv('month,count\n2026-09,1\n', 'x.csv')).toEqual({ ok: false, errors: ['x.csv:1: missing column measure (the columns are month, measure, count)'] });
    expect(parseOutcomeCsv('month,measure,count\n"2026-09,a,1\n', 'x.csv')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^x\.csv:\d+: not readable as CSV/)] });
    expect(parseOutcomeCsv('', 'x.csv')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^x\.csv:1: no rows/)] });
  });
});
