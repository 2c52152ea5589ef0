import { afterEach, expect } from 'vitest';
import { takePolicyViolations } from '../../harness/stack.ts';

// Set up for every e2e test (vitest.config.ts): a CSP or Trusted Types violation in any page or worker
// the test drove fails it, whatever the test itself checked.
afterEach(() => {
  expect(takePolicyViolations(), 'CSP or Trusted Types violations').toEqual([]);
});
