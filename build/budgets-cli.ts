/**
 * npm run budgets: measures the brotli bytes the shell, every published
 * module and each kind of device's whole first visit (build/budgets.ts, installs) cost,
 * checks them against budgets.json, and exits 1 with a table of
 * what is over, and by how much, when anything is.
 * Builds first if dist/ is stale; measures the demo course if nothing is published.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPaths, ROOT } from '../src/node/paths.ts';
import { BudgetFormatError } from '../src/node/budgets.ts';
import { formatDiagnostic } from '../src/publisher/diagnostics.ts';
import { publish } from '../src/publisher/publish.ts';
import { buildAll } from './build.ts';
import { demoSiteLanguages, evaluateBudgets, formatReport, isOver, loadBudgets, measure } from './budgets.ts';
import { isBuildStale } from './freshness.ts';
import { englishCount } from '../src/shared/plural.ts';

async function main(): Promise<number> {
  const paths = defaultPaths();
  let budgets;
  try {
    budgets = await loadBudgets(paths.budgetsFile);
  } catch (err) {
    console.error(err instanceof BudgetFormatError ? err.message : `${paths.budgetsFile}: ${(err as Error).message}`);
    return 2;
  }
  if (!process.env.DIST_DIR && isBuildStale(ROOT, paths.distDir)) await buildAll(paths.distDir);

  let contentDir = paths.contentDir;
  let scratch: string | null = null;
  if (!existsSync(join(contentDir, 'catalog.json'))) {
    scratch = contentDir = await mkdtemp(join(tmpdir(), 'lowband-budgets-'));
    // Publishing applies the per-module budgets itself; a failure here is a budget failure too.
    const result = await publish({ sourceDir: paths.demoSourceDir, outDir: contentDir, budgetsFile: paths.budgetsFile });
    if (!result.ok) {
      result.diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
      return 1;
    }
  }
  try {
    const rows = evaluateBudgets(budgets, await measure(paths.distDir, contentDir, await demoSiteLanguages(paths.demoRoster)));
    console.log(formatReport(rows));
    const over = rows.filter(isOver);
    if (over.length) {
      console.error(`\n${englishCount(over.length, 'budget')} exceeded (brotli bytes, budgets in ${paths.budgetsFile}).`);
      return 1;
    }
    console.log(`\nAll ${rows.length} budgets met.`);
    return 0;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
