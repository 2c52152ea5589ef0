import { describe, expect, it } from 'vitest';
import { forwardingSummary } from '../../src/server/xapi/forwarding-summary.ts';

const at = (iso: string) => Date.parse(iso);
const quiet = { waiting: 0, conflicts: 0, refused: 0, latest: [], settledSince: null, lastSent: null, lastFailure: null };

describe("the LRS forwarding's state in words", () => {
  it('says what waits and what the LRS last took', () => {
    expect(forwardingSummary(quiet)).toEqual(['LRS: 0 record(s) waiting to be sent; nothing taken yet.']);
    expect(forwardingSummary({ ...quiet, waiting: 3, lastSent: { at: at('2026-12-04T09:00:00Z'), statements: 40 } }))
      .toEqual(['LRS: 3 record(s) waiting to be sent; last batch taken 2026-12-04T09:00:00Z (40 statements).']);
  });

  it('says why it fails while it still fails, and no longer once a batch went through after', () => {
    const failing = { ...quiet, waiting: 7, lastSent: { at: at('2026-12-04T09:00:00Z'), statements: 40 }, lastFailure: { at: at('2026-12-04T09:05:00Z'), reason: 'the LRS answered 503' } };
    expect(forwardingSummary(failing)[1]).toBe('LRS: failing since 2026-12-04T09:05:00Z: the LRS answered 503');
    expect(forwardingSummary({ ...failing, lastSent: { at: at('2026-12-04T09:06:00Z'), statements: 7 } })).toHaveLength(1);
  });

  it('names what the LRS would not take, since when, with its latest reason', () => {
    const lines = forwardingSummary({
      ...quiet, refused: 2, conflicts: 1, settledSince: at('2026-12-01T10:00:00Z'),
      latest: [
        { recordId: 'r3', state: 'conflict', reason: 'the LRS holds a different statement under the same id (409): x is conflicting', at: at('2026-12-03T10:00:00Z') },
        { recordId: 'r2', state: 'refused', reason: 'the LRS refused it (400): bad', at: at('2026-12-02T10:00:00Z') },
        { recordId: 'r1', state: 'refused', reason: 'the LRS refused it (400): bad', at: at('2026-12-01T10:00:00Z') },
      ],
    });
    expect(lines[1]).toBe('LRS: would not take 3 record(s) as they are (2 refused, 1 in conflict) since 2026-12-01T10:00:00Z; latest: r3: the LRS holds a different statement under the same id (409): x is conflicting');
  });
});
