import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, Stack } from '../../harness/stack.ts';

/**
 * One built stack and one Chromium for a whole test file: building is the slow
 * part, and each test opens its own browser context anyway. Read the fields
 * inside hooks and tests, once beforeAll has run.
 */
export function useStack(): { readonly stack: Stack; readonly browser: Browser } {
  const env = {} as { stack: Stack; browser: Browser };
  beforeAll(async () => {
    env.stack = await Stack.create();
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.stack?.dispose();
  });
  return env;
}
