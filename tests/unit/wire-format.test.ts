import { describe, expect, it } from 'vitest';
import type { DeviceRecord, PinRecord, SignoffRecord } from '../../src/shared/sync/records.ts';
import { fromWire, proofPayload, syncRequest, toWire, WIRE_FIELDS, type WireRecord } from '../../src/shared/sync/wire.ts';

/**
 * The wire format, against vectors written out by hand: each kind of record
 * as the positional array a kiosk sends, and back. A field moved, dropped or
 * misread fails here before any server sees it.
 */
const stamp = { id: '019ab000-0000-7000-8000-00000000000a', deviceId: 'dev-1', seq: 7, at: 1_796_000_000_000 };
const module = { learnerId: '1002', moduleId: 'ppe-basics', lang: 'en', moduleHash: '381430386ed6' };
const head = [stamp.id, 7, stamp.at, '1002', 'ppe-basics', 'en', '381430386ed6'];

const vectors: [DeviceRecord, unknown[]][] = [
  [{ ...stamp, ...module, kind: 'completion', attemptId: '019ab000-0000-7000-8000-00000000000b', score: 80 }, ['c', ...head, '019ab000-0000-7000-8000-00000000000b', 80]],
  [{ ...stamp, ...module, kind: 'attempt', answers: [[0], [1, 2]], correct: 1, total: 2, score: 50, passed: false }, ['a', ...head, [[0], [1, 2]], 1, 2, 50, 0]],
  [{ ...stamp, ...module, kind: 'attempt', answers: [[3]], correct: 1, total: 1, score: 100, passed: true }, ['a', ...head, [[3]], 1, 1, 100, 1]],
  [{ ...stamp, ...module, kind: 'checkpoint', section: 4 }, ['p', ...head, 4]],
  [{ ...stamp, ...module, kind: 'review', question: 2, correct: true }, ['r', ...head, 2, 1]],
  [{ ...stamp, ...module, kind: 'review', question: 0, correct: false }, ['r', ...head, 0, 0]],
  [{ ...stamp, kind: 'event', learnerId: '1002', type: 'dwell', subject: 'ppe-basics', part: 1, bucket: 3, text: '' }, ['e', stamp.id, 7, stamp.at, '1002', 'dwell', 'ppe-basics', 1, 3, '']],
  [{
    ...stamp, kind: 'signoff', supervisorId: '9001', sessionType: 'toolbox-talk', date: '2026-11-24', topic: 'Forklift lanes',
    attendees: [{ personId: '1001', outcome: 'competent', note: 'Twice round' }, { personId: '1002', outcome: 'attended', note: '' }, { personId: '1003', outcome: 'not-yet-competent', note: 'Again next week' }],
    proof: 'p'.repeat(43),
  }, ['s', stamp.id, 7, stamp.at, '9001', 'toolbox-talk', '2026-11-24', 'Forklift lanes', [['1001', 1, 'Twice round'], ['1002', 0, ''], ['1003', 2, 'Again next week']], 'p'.repeat(43)]],
  [{ ...stamp, kind: 'pin', supervisorId: '9001', personId: '1005', credential: 'pbkdf2-sha256$100000$c2FsdA$aGFzaA', proof: 'q'.repeat(43) },
    ['k', stamp.id, 7, stamp.at, '9001', '1005', 'pbkdf2-sha256$100000$c2FsdA$aGFzaA', 'q'.repeat(43)]],
];

describe('the wire format', () => {
  it.each(vectors)('sends a $kind as the array written out by hand, and reads it back whole', (record, wire) => {
    expect(toWire(record)).toEqual(wire);
    expect(fromWire(wire as WireRecord, stamp.deviceId)).toEqual(record);
    // Every position has its field name, for rejections that name the field.
    expect(WIRE_FIELDS[wire[0] as keyof typeof WIRE_FIELDS]).toHaveLength(wire.length);
  });

  it('wraps records in the versioned envelope, with the outbox report when given', () => {
    const [completion] = vectors[0]!;
    expect(syncRequest('dev-1', [completion])).toEqual({ v: 1, device: 'dev-1', records: [vectors[0]![1]] });
    expect(syncRequest('dev-1', [completion], { queued: 3, pending: [['1002', 'ppe-basics']] }))
      .toEqual({ v: 1, device: 'dev-1', records: [vectors[0]![1]], queued: 3, pending: [['1002', 'ppe-basics']] });
  });

  it('signs a sign-off as the record travels, with its device and without its sequence number or proof', () => {
    const signoff = vectors.find(([r]) => r.kind === 'signoff')![0] as SignoffRecord;
    expect(proofPayload(signoff)).toBe(JSON.stringify(['s', stamp.id, stamp.at, 'dev-1', '9001', 'toolbox-talk', '2026-11-24', 'Forklift lanes',
      [['1001', 1, 'Twice round'], ['1002', 0, ''], ['1003', 2, 'Again next week']]]));
    expect(proofPayload({ ...signoff, seq: 99, proof: 'other' })).toBe(proofPayload(signoff));
    expect(proofPayload({ ...signoff, deviceId: 'dev-2' })).not.toBe(proofPayload(signoff));
    const pin = vectors.find(([r]) => r.kind === 'pin')![0] as PinRecord;
    expect(proofPayload(pin)).toBe(JSON.stringify(['k', stamp.id, stamp.at, 'dev-1', '9001', '1005', 'pbkdf2-sha256$100000$c2FsdA$aGFzaA']));
  });
});
