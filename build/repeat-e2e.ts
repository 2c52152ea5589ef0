/**
 * npm run test:repeat [-- N]: the browser tests N times in a row (default 5),
 * each run from scratch, and one line per run. A test that fails one run in
 * three fails CI one submission in three; this is how to find out first.
 */
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? process.env.REPEAT ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`test:repeat: "${process.argv[2]}" is not a number of runs`);
  process.exit(2);
}
const results: string[] = [];
for (let i = 1; i <= runs; i++) {
  const started = Date.now();
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const summary = /Tests\s+(.*)/.exec(run.stdout.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]?.trim() ?? 'no summary';
  results.push(`run ${i}/${runs}: ${run.status === 0 ? 'passed' : 'FAILED'} (${summary}) in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(results.at(-1));
  if (run.status !== 0) console.log(run.stdout.split('\n').filter((l) => /FAIL|×|AssertionError|Error:/.test(l)).slice(0, 20).join('\n'));
}
const failed = results.filter((r) => r.includes('FAILED')).length;
console.log(`${runs - failed} of ${runs} runs passed.`);
process.exit(failed ? 1 : 0);
