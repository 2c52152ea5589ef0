/**
 * The parts of an xAPI 1.0.3 statement this product writes, and the
 * vocabulary it writes them with: ADL's verbs as cmi5 uses them (without
 * cmi5's launch, registration or categories: nothing here is launched by an
 * LMS) and ADL's activity types.
 */
export const XAPI_VERSION = '1.0.3';

export const VERBS = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  progressed: 'http://adlnet.gov/expapi/verbs/progressed',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  attended: 'http://adlnet.gov/expapi/verbs/attended',
} as const;
export type VerbName = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  module: 'http://adlnet.gov/expapi/activities/module',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  meeting: 'http://adlnet.gov/expapi/activities/meeting',
} as const;

/** cmi5's progress extension: how far through the module, in whole percent. */
export const CMI5_PROGRESS = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

export type LanguageMap = Record<string, string>;

export interface Agent {
  objectType: 'Agent';
  account: { homePage: string; name: string };
}

export interface Verb {
  id: string;
  display: LanguageMap;
}

export interface ActivityDefinition {
  type: string;
  name?: LanguageMap;
  description?: LanguageMap;
  interactionType?: 'choice';
  choices?: { id: string; description: LanguageMap }[];
  correctResponsesPattern?: string[];
  extensions?: Record<string, unknown>;
}

export interface Activity {
  objectType: 'Activity';
  id: string;
  definition: ActivityDefinition;
}

export interface Result {
  score?: { scaled: number; raw: number; min: number; max: number };
  success?: boolean;
  completion?: boolean;
  response?: string;
  extensions?: Record<string, unknown>;
}

export interface Context {
  instructor?: Agent;
  contextActivities?: { parent?: Activity[]; grouping?: Activity[] };
  platform?: string;
  language?: string;
  extensions?: Record<string, unknown>;
}

export interface Statement {
  id: string;
  actor: Agent;
  verb: Verb;
  object: Activity;
  result?: Result;
  context?: Context;
  /** When it happened, by the device's clock. */
  timestamp: string;
  /** When the server received it: set on export; an LRS sets its own. */
  stored?: string;
  version?: string;
}
