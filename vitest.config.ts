import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { createServer } from 'node:net';
import { describeProblem, generateStringTables } from './build/i18n/generate.ts';

// The UI's strings are compiled from their JSON files before any test imports them (npm test has done so already; a lone vitest run has not).
const stringProblems = await generateStringTables();
if (stringProblems.length) throw new Error(stringProblems.map(describeProblem).join('\n'));

/** A port nobody uses now, for the browser tests' content server (globalSetup reads it from the environment). */
// Chosen once per run: Vitest may read this file more than once, and every read must agree.
process.env.BROWSER_CONTENT_PORT ??= String(await new Promise<number>((resolve, reject) => {
  const probe = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
}));
const CONTENT_SERVER_PORT = Number(process.env.BROWSER_CONTENT_PORT);

/** Debian's Chromium, never a downloaded browser; the same flags as the e2e tests. */
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' } },
      // Device and service-worker code in a real Chromium page: real IndexedDB, Cache Storage, streams and WebCrypto.
      {
        extends: true,
        server: { proxy: { '/content/': `http://127.0.0.1:${CONTENT_SERVER_PORT}` } },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/content-server.ts'],
          browser: { enabled: true, headless: true, provider: playwright({ launchOptions: CHROMIUM }), instances: [{ browser: 'chromium' }] },
        },
      },
      // Real SQLite and PostgreSQL, real HTTP; no browser.
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          setupFiles: ['tests/e2e/policy-violations.ts'],
          // One browser and one server at a time on a 2-core machine.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // A UI state is waited for, never read once: a lazily loaded language or a learner's records may land a moment later.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
