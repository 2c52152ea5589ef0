import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT } from '../../src/node/paths.ts';

/** Kept as CI artefacts (reports/ is not committed): what each screen shows a person at each width. */
const SHOTS = join(ROOT, 'reports', 'screenshots');

/** How far the page scrolls sideways (0: not at all), and the first element that sticks out, to fix. */
const overflow = (page: Page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('body *')].find((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('.table-wrap'));
  return { by: document.documentElement.scrollWidth - width, first: out ? `${out.tagName.toLowerCase()}.${out.className}: ${(out.textContent ?? '').slice(0, 40)}` : null };
});

const axe = async (page: Page) => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/** What a person sees is checked (no sideways scroll, axe-core clean), then kept as `name-width.png`. */
export async function checkScreen(page: Page, width: number, name: string): Promise<void> {
  expect({ name, width, overflow: await overflow(page) }).toEqual({ name, width, overflow: { by: 0, first: null } });
  expect(await axe(page)).toEqual([]);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
}
