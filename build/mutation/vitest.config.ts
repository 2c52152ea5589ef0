import { defineConfig } from 'vitest/config';

/** The unit tests of the pure cores that `npm run mutation` mutates (stryker.config.json): nothing slower, no browser. */
export default defineConfig({
  test: {
    include: [
      'tests/unit/sync-engine.test.ts', 'tests/unit/privacy-rule.test.ts', 'tests/unit/campaign.test.ts',
      'tests/unit/security-logic.test.ts', 'tests/unit/usb-files.test.ts', 'tests/unit/crew.test.ts', 'tests/unit/wire-format.test.ts',
    ],
    environment: 'node',
  },
});
