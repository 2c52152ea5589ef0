import { v5 as uuidv5 } from 'uuid';
import { followUpQuestions } from '../../shared/campaign/schedule.ts';
import type { TrainingModule } from '../../shared/module.ts';
import { isAnswerCorrect } from '../../shared/quiz.ts';
import type { AttemptRecord, CheckpointRecord, CompletionRecord, LearningRecord, ReviewRecord, SignoffRecord } from '../../shared/sync/records.ts';
import { ACTIVITY_TYPES, CMI5_PROGRESS, VERBS, type Activity, type Agent, type Context, type Statement, type VerbName } from './statement.ts';

/**
 * xAPI statements of a stored record: pure, and the same every time for the
 * same record, so that sending one again (a retry, a replay, an export
 * after a forward) is a no-op at any conformant LRS rather than a conflict.
 * Everything in a statement therefore comes from the record itself, the
 * server's configured address, and the exact module version the record
 * names (the module archive keeps every version; src/node/module-archive.ts).
 *
 * Learning events (opened, dwell, scanned, searches…) have no statements:
 * they are shown only aggregated, under the privacy rule, and a statement
 * names one person. A PIN change is a credential, not learning.
 */
export type StatementSource = LearningRecord | SignoffRecord;

export interface StatementSetting {
  /** The server's configured base URL (PUBLIC_URL): actors' homePage, and the root of every id this product mints. */
  homePage: string;
}

/** Fixed: statement ids are version-5 UUIDs in this namespace, named after the record's own id and the statement's part. */
const STATEMENT_NAMESPACE = '8f0c3c55-3a51-4c39-9b6a-2f1d3f4f7a10';
export const statementId = (recordId: string, part: string): string => uuidv5(`${recordId} ${part}`, STATEMENT_NAMESPACE);

const PLATFORM = 'lowband-learn';

export function statementsOf(record: StatementSource, module: TrainingModule | null, setting: StatementSetting): Statement[] {
  const ids = idsUnder(setting.homePage);
  switch (record.kind) {
    case 'completion': return completionStatements(record, module, ids);
    case 'attempt': return attemptStatements(record, module, ids);
    case 'checkpoint': return [checkpointStatement(record, module, ids)];
    case 'review': return [reviewStatement(record, module, ids)];
    case 'signoff': return signoffStatements(record, ids);
  }
}

/** Every IRI this product mints, under the server's own address. */
function idsUnder(homePage: string) {
  const root = homePage.replace(/\/+$/, '');
  const module = (id: string, lang: string) => `${root}/xapi/activities/modules/${encodeURIComponent(id)}/${encodeURIComponent(lang)}`;
  return {
    homePage: root,
    /** Stable per module and language, across versions: what "passed Lockout (English)" is about. */
    module,
    quiz: (id: string, lang: string) => `${module(id, lang)}/quiz`,
    /** Per version: question 2 of one version need not be question 2 of the next. */
    question: (id: string, lang: string, hash: string, n: number) => `${module(id, lang)}/versions/${hash}/questions/${n + 1}`,
    session: (id: string) => `${root}/xapi/activities/sessions/${id}`,
    extension: (name: string) => `${root}/xapi/extensions/${name}`,
  };
}
type Ids = ReturnType<typeof idsUnder>;

const agent = (ids: Ids, employeeNumber: string): Agent => ({ objectType: 'Agent', account: { homePage: ids.homePage, name: employeeNumber } });
const verb = (name: VerbName) => ({ id: VERBS[name], display: { en: name } });
const at = (ms: number) => new Date(ms).toISOString();
const named = (lang: string, text: string | undefined) => (text ? { name: { [lang]: text } } : {});

function moduleActivity(r: LearningRecord, module: TrainingModule | null, ids: Ids): Activity {
  return { objectType: 'Activity', id: ids.module(r.moduleId, r.lang), definition: { type: ACTIVITY_TYPES.module, ...named(r.lang, module?.title) } };
}

function quizActivity(r: LearningRecord, module: TrainingModule | null, ids: Ids): Activity {
  return { objectType: 'Activity', id: ids.quiz(r.moduleId, r.lang), definition: { type: ACTIVITY_TYPES.assessment, ...named(r.lang, module ? `${module.title}: quiz` : undefined) } };
}

/** The exact version taken, its device, and (when the archive has it) the author's version label. */
function learningContext(r: LearningRecord, module: TrainingModule | null, ids: Ids, extra: Pick<Context, 'contextActivities'> = {}): Context {
  return {
    ...extra,
    platform: PLATFORM,
    language: r.lang,
    extensions: {
      [ids.extension('module-hash')]: r.moduleHash,
      ...(module ? { [ids.extension('module-version')]: module.version } : {}),
      [ids.extension('device')]: r.deviceId,
    },
  };
}

function base(r: StatementSource, part: string, actor: string, ids: Ids) {
  return { id: statementId(r.id, part), actor: agent(ids, actor), timestamp: at(r.at) };
}

function completionStatements(r: CompletionRecord, module: TrainingModule | null, ids: Ids): Statement[] {
  const object = moduleActivity(r, module, ids);
  const context = learningContext(r, module, ids);
  return [
    { ...base(r, 'completed', r.learnerId, ids), verb: verb('completed'), object, result: { completion: true }, context },
    {
      ...base(r, 'passed', r.learnerId, ids), verb: verb('passed'), object,
      result: { score: { scaled: r.score / 100, raw: r.score, min: 0, max: 100 }, success: true, completion: true }, context,
    },
  ];
}

/** A quiz submitted: passed or failed on the quiz, then each answer as an interaction with the choices the learner saw. */
function attemptStatements(r: AttemptRecord, module: TrainingModule | null, ids: Ids): Statement[] {
  const quiz = quizActivity(r, module, ids);
  const overall: Statement = {
    ...base(r, 'result', r.learnerId, ids), verb: verb(r.passed ? 'passed' : 'failed'), object: quiz,
    result: { score: { scaled: r.total ? r.correct / r.total : 0, raw: r.correct, min: 0, max: r.total }, success: r.passed, completion: true },
    context: learningContext(r, module, ids, { contextActivities: { parent: [moduleActivity(r, module, ids)] } }),
  };
  const questions = module?.quiz.questions;
  const answers = r.answers.map((chosen, n): Statement => ({
    ...base(r, `answer ${n + 1}`, r.learnerId, ids), verb: verb('answered'),
    object: questionActivity(r, n, questions?.[n], ids),
    result: { response: chosen.join('[,]'), ...(questions?.[n] ? { success: isAnswerCorrect(questions[n].correct, chosen) } : {}) },
    context: learningContext(r, module, ids, { contextActivities: { parent: [quiz], grouping: [moduleActivity(r, module, ids)] } }),
  }));
  return [overall, ...answers];
}

/** A question as a cmi.interaction of the choice type; with its words and key when the version taken is known. */
function questionActivity(r: LearningRecord, n: number, question: { prompt: string; choices: string[]; correct: number[] } | undefined, ids: Ids): Activity {
  return {
    objectType: 'Activity', id: ids.question(r.moduleId, r.lang, r.moduleHash, n),
    definition: {
      type: ACTIVITY_TYPES.interaction, interactionType: 'choice',
      ...(question ? {
        name: { [r.lang]: question.prompt },
        choices: question.choices.map((text, i) => ({ id: String(i), description: { [r.lang]: text } })),
        correctResponsesPattern: [question.correct.join('[,]')],
      } : {}),
    },
  };
}

/** Reading: the furthest section reached, in cmi5's whole percent when the version's length is known. */
function checkpointStatement(r: CheckpointRecord, module: TrainingModule | null, ids: Ids): Statement {
  const sections = module?.sections.length;
  return {
    ...base(r, 'progressed', r.learnerId, ids), verb: verb('progressed'), object: moduleActivity(r, module, ids),
    result: { extensions: { [ids.extension('section')]: r.section + 1, ...(sections ? { [CMI5_PROGRESS]: Math.min(100, Math.round(((r.section + 1) * 100) / sections)) } : {}) } },
    context: learningContext(r, module, ids),
  };
}

/** A spaced follow-up: one question answered again, right or wrong. */
function reviewStatement(r: ReviewRecord, module: TrainingModule | null, ids: Ids): Statement {
  const question = module ? followUpQuestions(module)[r.question] : undefined;
  const context = learningContext(r, module, ids, { contextActivities: { grouping: [moduleActivity(r, module, ids)] } });
  return {
    ...base(r, 'reviewed', r.learnerId, ids), verb: verb('answered'), object: questionActivity(r, r.question, question, ids),
    result: { success: r.correct },
    context: { ...context, extensions: { ...context.extensions, [ids.extension('follow-up')]: true } },
  };
}

/** An in-person session: one statement per attendee, the supervisor as instructor, the outcome in the result. */
function signoffStatements(r: SignoffRecord, ids: Ids): Statement[] {
  const object: Activity = {
    objectType: 'Activity', id: ids.session(r.id),
    definition: { type: ACTIVITY_TYPES.meeting, name: { und: r.topic }, extensions: { [ids.extension('session-type')]: r.sessionType, [ids.extension('session-date')]: r.date } },
  };
  return r.attendees.map((a): Statement => ({
    ...base(r, `attendee ${a.personId}`, a.personId, ids), verb: verb('attended'), object,
    result: {
      response: a.outcome,
      ...(a.outcome === 'attended' ? {} : { success: a.outcome === 'competent' }),
      ...(a.note ? { extensions: { [ids.extension('note')]: a.note } } : {}),
    },
    context: { instructor: agent(ids, r.supervisorId), platform: PLATFORM, extensions: { [ids.extension('device')]: r.deviceId } },
  }));
}
