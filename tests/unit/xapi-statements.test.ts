import { describe, expect, it } from 'vitest';
import validate from '@learninglocker/xapi-validation';
import { followUpRecords, prng, shiftOfRecords } from '../../harness/records.ts';
import type { TrainingModule } from '../../src/shared/module.ts';
import type { SignoffRecord } from '../../src/shared/sync/records.ts';
import { OUTCOMES } from '../../src/shared/sync/records.ts';
import { statementId, statementsOf, type StatementSource } from '../../src/server/xapi/statements-of.ts';
import { VERBS, type Statement } from '../../src/server/xapi/statement.ts';

const setting = { homePage: 'https://training.plant.example' };

/** The version a record names, as the module archive returns it. */
const lockout: TrainingModule = {
  id: 'lockout-tagout', lang: 'en', title: 'Lockout/tagout', summary: 'Stop, isolate, lock, test.', version: '3', minutes: 5, roles: [],
  sections: [{ title: '', body: [] }, { title: 'The six steps', body: [], jobAid: true }, { title: 'Testing', body: [] }],
  quiz: {
    passMark: 80,
    questions: [
      { prompt: 'Who removes a lock?', choices: ['Anyone', 'The person who fitted it'], correct: [1], explanation: '' },
      { prompt: 'Which come first?', choices: ['Stop', 'Isolate', 'Test'], correct: [0, 1], explanation: '' },
    ],
  },
  followUp: [{ prompt: 'Is a tag enough?', choices: ['Yes', 'No'], correct: [1], explanation: '' }],
};

const base = { deviceId: 'dev-1', seq: 7, at: Date.UTC(2026, 11, 1, 8, 30), learnerId: '1002', moduleId: 'lockout-tagout', lang: 'en', moduleHash: '3fa9c2b17d0e' };
const completion: StatementSource = { ...base, id: '01938f2a-0000-7000-8000-000000000001', kind: 'completion', attemptId: '01938f2a-0000-7000-8000-000000000002', score: 100 };
const attempt: StatementSource = { ...base, id: '01938f2a-0000-7000-8000-000000000002', kind: 'attempt', answers: [[1], [0, 2]], correct: 1, total: 2, score: 50, passed: false };
const checkpoint: StatementSource = { ...base, id: '01938f2a-0000-7000-8000-000000000003', kind: 'checkpoint', section: 1 };
const review: StatementSource = { ...base, id: '01938f2a-0000-7000-8000-000000000004', kind: 'review', question: 2, correct: true };
const signoff: SignoffRecord = {
  id: '01938f2a-0000-7000-8000-000000000005', kind: 'signoff', deviceId: 'dev-1', seq: 9, at: base.at, supervisorId: '9001', sessionType: 'toolbox-talk',
  date: '2026-12-01', topic: 'Lockout at press 4', proof: 'x',
  attendees: [{ personId: '1001', outcome: 'attended', note: '' }, { personId: '1002', outcome: 'competent', note: 'Showed every step' }, { personId: '1003', outcome: 'not-yet-competent', note: '' }],
};
const every = [completion, attempt, checkpoint, review, signoff];

/** The validator's findings, in words: empty when the statement is valid xAPI 1.0.3. */
const problems = (s: Statement) => validate(s).map((w) => `${w.path.join('.')}: ${w.constructor.name}`);

describe('xAPI statements of every record kind', () => {
  it('are valid xAPI 1.0.3, whether or not the archive has the version taken', () => {
    for (const record of every) {
      for (const module of [lockout, null]) {
        const statements = statementsOf(record, module, setting);
        expect(statements.length).toBeGreaterThan(0);
        for (const s of statements) expect(problems(s), `${record.kind} ${s.verb.display.en}`).toEqual([]);
      }
    }
    // The validator is awake: an actor without its account's homePage, or a score out of range, is refused.
    const [, passed] = statementsOf(completion, lockout, setting);
    expect(problems({ ...passed!, actor: { objectType: 'Agent', account: { name: '1002' } } as never })).not.toEqual([]);
    expect(problems({ ...passed!, result: { score: { scaled: 2, raw: 100, min: 0, max: 100 } } })).not.toEqual([]);
  });

  it('says a completion as completed and passed, with the score, about the module in its language', () => {
    const [completed, passed] = statementsOf(completion, lockout, setting);
    expect(completed!.verb.id).toBe(VERBS.completed);
    expect(passed!.verb.id).toBe(VERBS.passed);
    expect(passed!.result).toEqual({ score: { scaled: 1, raw: 100, min: 0, max: 100 }, success: true, completion: true });
    expect(passed!.object.id).toBe('https://training.plant.example/xapi/activities/modules/lockout-tagout/en');
    expect(passed!.object.definition.name).toEqual({ en: 'Lockout/tagout' });
    expect(passed!.actor).toEqual({ objectType: 'Agent', account: { homePage: 'https://training.plant.example', name: '1002' } });
    expect(passed!.timestamp).toBe('2026-12-01T08:30:00.000Z');
    expect(passed!.context!.extensions).toMatchObject({
      'https://training.plant.example/xapi/extensions/module-hash': '3fa9c2b17d0e',
      'https://training.plant.example/xapi/extensions/module-version': '3',
    });
  });

  it('says a failed quiz as failed, then each answer as a choice interaction with its words and key', () => {
    const [overall, first, second] = statementsOf(attempt, lockout, setting);
    expect(overall!.verb.id).toBe(VERBS.failed);
    expect(overall!.result).toMatchObject({ score: { scaled: 0.5, raw: 1, min: 0, max: 2 }, success: false });
    expect(first!.object.definition).toMatchObject({
      interactionType: 'choice', name: { en: 'Who removes a lock?' }, correctResponsesPattern: ['1'],
      choices: [{ id: '0', description: { en: 'Anyone' } }, { id: '1', description: { en: 'The person who fitted it' } }],
    });
    expect([first!.result, second!.result]).toEqual([{ response: '1', success: true }, { response: '0[,]2', success: false }]);
    expect(second!.context!.contextActivities!.parent![0]!.id).toBe(overall!.object.id);
    // Unknown version: the answer as given, with no words or key it cannot vouch for.
    const [, bare] = statementsOf(attempt, null, setting);
    expect(bare!.object.definition).toEqual({ type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice' });
    expect(bare!.result).toEqual({ response: '1' });
  });

  it('says a sign-off per attendee, the supervisor as instructor and the outcome in the result', () => {
    const statements = statementsOf(signoff, null, setting);
    expect(statements.map((s) => [s.actor.account.name, s.verb.id, s.result!.success, s.context!.instructor!.account.name])).toEqual([
      ['1001', VERBS.attended, undefined, '9001'], ['1002', VERBS.attended, true, '9001'], ['1003', VERBS.attended, false, '9001'],
    ]);
    expect(statements[1]!.result!.extensions).toEqual({ 'https://training.plant.example/xapi/extensions/note': 'Showed every step' });
  });

  it('has reading progress in whole percent, and a follow-up answer marked as one', () => {
    const [progressed] = statementsOf(checkpoint, lockout, setting);
    expect(progressed!.result!.extensions).toEqual({ 'https://training.plant.example/xapi/extensions/section': 2, 'https://w3id.org/xapi/cmi5/result/extensions/progress': 67 });
    const [reviewed] = statementsOf(review, lockout, setting);
    expect(reviewed!.object.definition.name).toEqual({ en: 'Is a tag enough?' });
    expect(reviewed!.context!.extensions!['https://training.plant.example/xapi/extensions/follow-up']).toBe(true);
  });

  it('names no one by e-mail, and derives each id from the record alone: the same every time, different for every statement', () => {
    const records = [
      ...shiftOfRecords({ deviceId: 'dev-2', count: 300, seed: 11, kinds: 'mixed' }),
      ...followUpRecords({ deviceId: 'dev-3', count: 200, seed: 12 }).filter((r) => r.kind === 'review'),
      ...randomSignoffs(40, 13),
    ];
    const ids = new Set<string>();
    const coin = prng(14);
    for (const record of records) {
      const statements = statementsOf(record as StatementSource, coin() < 0.5 ? lockout : null, setting);
      for (const s of statements) {
        expect(problems(s), JSON.stringify(s)).toEqual([]);
        expect(JSON.stringify(s)).not.toMatch(/mbox|mailto/);
        ids.add(s.id);
      }
      // The same record, said again: the same statements, so an LRS takes a re-send as a repeat.
      expect(statementsOf(record as StatementSource, null, setting).map((s) => s.id)).toEqual(statements.map((s) => s.id));
    }
    const total = records.reduce((n, r) => n + statementsOf(r as StatementSource, null, setting).length, 0);
    expect(ids.size).toBe(total);
    expect(statementId(completion.id, 'passed')).toBe(statementsOf(completion, null, setting)[1]!.id);
  });
});

/** Sign-offs with 1 to 30 attendees and every outcome, from a seed. */
function randomSignoffs(count: number, seed: number): SignoffRecord[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `01938f2a-0000-7000-8000-${String(100000000000 + i)}`, kind: 'signoff', deviceId: 'dev-4', seq: i + 1, at: Date.UTC(2026, 11, 2) + i * 60_000,
    supervisorId: '9001', sessionType: 'drill', date: '2026-12-02', topic: `Drill ${i} — évacuation, Ewakuacja`, proof: 'x',
    attendees: Array.from({ length: 1 + Math.floor(random() * 30) }, (_, j) => ({ personId: String(20000 + j), outcome: OUTCOMES[Math.floor(random() * 3)]!, note: random() < 0.2 ? 'Needs practice' : '' })),
  }));
}
