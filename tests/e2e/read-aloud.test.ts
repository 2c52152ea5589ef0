import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { useStack } from './use-stack.ts';

/**
 * Read-aloud uses the device's own voices. Headless Chromium has none, so a
 * voice is given to the page here, standing in for the one a kiosk's system
 * has: what is tested is the app's side (shown only with a voice for the
 * module's language, what it reads, stopping). Whether a real system voice
 * reads Dutch well is not tested anywhere.
 */
describe('read-aloud', () => {
  const env = useStack();

  /** A context whose speech synthesis has voices for `langs`, and records what it is asked to say. */
  async function withVoices(langs: string[]): Promise<BrowserContext> {
    const context = await env.browser.newContext({ locale: 'en-GB' });
    await context.addInitScript((voiceLangs) => {
      const said: unknown[] = [];
      (window as unknown as { said: unknown[] }).said = said;
      const voices = voiceLangs.map((lang) => ({ lang, name: `Voice ${lang}`, default: false, localService: true, voiceURI: lang }));
      Object.defineProperty(speechSynthesis, 'getVoices', { value: () => voices });
      Object.defineProperty(speechSynthesis, 'speak', { value: (u: SpeechSynthesisUtterance) => said.push({ text: u.text, lang: u.lang }) });
      Object.defineProperty(speechSynthesis, 'cancel', { value: () => said.push('cancel') });
    }, langs);
    return context;
  }

  it('reads the section on screen in the module\'s language, and stops when asked or when the section changes', async () => {
    const context = await withVoices(['en-GB']);
    const page = await context.newPage();
    await page.goto(env.stack.base);
    await page.locator('[data-module="lockout-tagout"] a').first().click();
    const reader = page.getByTestId('reader');
    await reader.waitFor();
    const heading = await reader.locator('h2, h3').first().innerText();
    await page.getByRole('button', { name: 'Read aloud' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Stop reading' }).getAttribute('aria-pressed')).toBe('true');
    const said = () => page.evaluate(() => (window as unknown as { said: ({ text: string; lang: string } | 'cancel')[] }).said);
    const [first] = (await said()).filter((s) => s !== 'cancel') as { text: string; lang: string }[];
    expect(first!.lang).toBe('en');
    expect(first!.text.startsWith(`${heading}.\n`)).toBe(true);
    await page.getByRole('button', { name: 'Stop reading' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Read aloud' }).getAttribute('aria-pressed')).toBe('false');
    expect((await said()).at(-1)).toBe('cancel');
    // Reading again, then on to the next section: the reading stops there.
    await page.getByRole('button', { name: 'Read aloud' }).click();
    await expect.poll(async () => (await said()).at(-1)).not.toBe('cancel');
    await page.getByRole('button', { name: 'Next section' }).click();
    await expect.poll(async () => (await said()).at(-1)).toBe('cancel');
    await expect.poll(() => page.getByRole('button', { name: 'Read aloud' }).getAttribute('aria-pressed')).toBe('false');
    await context.close();
  });

  it('offers nothing to press where the device has no voice for the module\'s language', async () => {
    const context = await withVoices(['nl-NL']);
    const page = await context.newPage();
    await page.goto(env.stack.base);
    await page.locator('[data-module="lockout-tagout"] a').first().click();
    // The section is on screen (the button would sit beside its heading); then the absence is read.
    await page.getByTestId('reader').locator('h2, h3').first().waitFor();
    expect(await page.getByRole('button', { name: 'Read aloud' }).count()).toBe(0);
    await context.close();
  });
});
