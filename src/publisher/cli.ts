import { parseArgs } from 'node:util';
import { formatKiB } from '../node/budgets.ts';
import { formatDiagnostic } from './diagnostics.ts';
import { publish } from './publish.ts';
import { defaultPaths } from '../node/paths.ts';
import { englishCount } from '../shared/plural.ts';

const USAGE = `usage: lowband-publish <source dir> [--out <dir>] [--budgets <budgets.json>]

Compiles every Markdown module in <source dir> and publishes them, with a new
catalog, to --out (default: $CONTENT_DIR or ./published). Nothing is published
unless every module is valid and within its byte budget.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, budgets: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const paths = defaultPaths();
  const result = await publish({
    sourceDir: positionals[0]!,
    outDir: values.out ?? paths.contentDir,
    budgetsFile: values.budgets ?? paths.budgetsFile,
  });
  for (const w of result.warnings) console.error(`warning: ${formatDiagnostic(w)}`);
  if (!result.ok) {
    for (const d of result.diagnostics) console.error(formatDiagnostic(d));
    console.error(`\n${englishCount(result.diagnostics.length, 'problem')} found; nothing was published.`);
    return 1;
  }
  const rows = result.catalog!.modules.map((m) => `  ${`${m.id} (${m.lang})`.padEnd(34)} ${formatKiB(m.br).padStart(10)} brotli  ${m.hash}`);
  console.log(`Published ${englishCount(rows.length, 'module')} to ${values.out ?? paths.contentDir}:\n${rows.join('\n')}`);
  return 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
