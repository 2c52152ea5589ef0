import { join } from 'node:path';
import { ROOT } from '../src/node/paths.ts';

/** The course the tests publish and take: theirs, so the demo course in content/ can change freely. */
export const FIXTURE_COURSE = join(ROOT, 'tests/fixtures/course');
/** The roster the tests' demo site is made from (people 1001–1005 and supervisor 9001, see DEMO). */
export const FIXTURE_ROSTER = join(FIXTURE_COURSE, 'demo-roster.csv');
