/** Prints vitest's totals as one plain line ("tests: N passed, N failed, N skipped") for CI logs. */
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync('reports/vitest.json', 'utf8')) as {
  numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number;
};
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
