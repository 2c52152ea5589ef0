import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publish } from '../src/publisher/publish.ts';
import { formatDiagnostic } from '../src/publisher/diagnostics.ts';
import { ROOT } from '../src/node/paths.ts';
import { FIXTURE_COURSE } from './fixtures.ts';
import type { ModuleRef } from './records.ts';

export interface PublishedCourse {
  /** Where it is published: give it to the API as `contentDir`, and the plausibility checks run as in production. */
  contentDir: string;
  /** Every module version published there, as records name them. */
  modules: ModuleRef[];
}

let course: Promise<PublishedCourse> | null = null;
let ready: PublishedCourse | null = null;

/**
 * The fixture course, published once per process into a folder of its own
 * (removed when the process exits): the module versions a server in
 * production would take records for, so suites and benches send records it
 * accepts through the checks it really runs.
 */
export function publishedCourse(): Promise<PublishedCourse> {
  return (course ??= (async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'lowband-course-'));
    process.once('exit', () => rmSync(contentDir, { recursive: true, force: true }));
    const result = await publish({ sourceDir: FIXTURE_COURSE, outDir: contentDir, budgetsFile: join(ROOT, 'budgets.json') });
    if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
    return (ready = { contentDir, modules: result.catalog!.modules.map((m) => ({ moduleId: m.id, lang: m.lang, moduleHash: m.hash })) });
  })());
}

/**
 * A module version of the fixture course, once publishedCourse() has
 * resolved (useApiServer awaits it before any test runs): records that name
 * it pass the server's plausibility checks.
 */
export function publishedVersion(moduleId: string, lang = 'en'): ModuleRef {
  if (!ready) throw new Error('publishedVersion: the fixture course is not published yet; await publishedCourse() first');
  const found = ready.modules.find((m) => m.moduleId === moduleId && m.lang === lang);
  if (!found) throw new Error(`publishedVersion: the fixture course has no ${moduleId} in ${lang}`);
  return found;
}
