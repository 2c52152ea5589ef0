import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/**
 * What an L&D author does in the console, step by step as a person does it
 * (by labels and button names, never by ids), shared by the console tests and
 * the every-width tests.
 */

/** Opens a console page from the nav, through the Menu button where the nav folds away (a phone). */
export async function openPage(page: Page, link: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation').getByRole('link', { name: link }).click();
}

/** Fills in one question of the module form: its text, its choices (the first one right) and why. */
export async function writeQuestion(question: Locator, text: string, choices: string[], why: string): Promise<void> {
  await question.getByLabel('Question', { exact: true }).fill(text);
  for (const [i, choice] of choices.entries()) await question.getByLabel(`Choice ${i + 1}`, { exact: true }).fill(choice);
  await question.getByRole('checkbox', { name: 'Right: Choice 1' }).check();
  await question.getByLabel('Why: shown after the answer').fill(why);
}

export interface FormModule {
  title: string;
  minutes: number;
  role: string;
  /** The words under the section heading the toolbar writes. */
  text: string;
  questions: { text: string; choices: string[]; why: string }[];
}

/** Writes a new module through the form alone, from the content page, until it has no problems left. */
export async function writeModuleInForm(page: Page, module: FormModule): Promise<void> {
  await openPage(page, 'Content');
  await page.getByRole('button', { name: 'Write a new module' }).click();
  const form = page.getByTestId('module-form');
  await form.getByLabel(/^Title/).fill(module.title);
  await form.getByLabel('Minutes it takes').fill(String(module.minutes));
  await form.getByRole('checkbox', { name: new RegExp(`^${module.role}`) }).check();
  // The toolbar writes the Markdown: a section heading, then the author's words under it.
  const text = form.getByRole('textbox', { name: 'Text' });
  await form.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Section heading' }).click();
  await expect.poll(() => text.inputValue()).toBe('## What to do first');
  await text.press('End');
  await text.pressSequentially(`\n\n${module.text}`);
  for (const [i, q] of module.questions.entries()) {
    if (i > 0) await form.getByRole('button', { name: 'Add a question' }).click();
    await writeQuestion(form.getByTestId('quiz-question').nth(i), q.text, q.choices, q.why);
  }
  await expect.poll(() => page.getByTestId('problems').innerText()).toMatch(/No problems/);
  expect(await form.getByText('To fill in').count()).toBe(0);
}

/** Saves the draft open in the editor, checks what kiosks will download, and publishes it. */
export async function saveAndPublish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect.poll(() => page.getByTestId('save-state').innerText()).toMatch(/Draft saved on the server/);
  await page.getByRole('button', { name: 'Check what kiosks will download' }).click();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect.poll(() => page.getByTestId('published').innerText()).toMatch(/Published: 1 module/);
}

/** Imports a file on the content page (ticking speaker notes if asked) and waits for its one draft; the report is then on the page. */
export async function importInConsole(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, options: { speakerNotes?: boolean } = {}): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
  await page.getByTestId('import').locator('input[type=file]').setInputFiles(file);
  if (options.speakerNotes) await page.getByLabel('Keep a deck’s speaker notes as text under each slide').check();
  await page.getByRole('button', { name: 'Import as drafts' }).click();
  await expect.poll(() => page.getByTestId('import-result').innerText()).toMatch(/Imported as 1 draft/);
}

/** An imported draft, finished in the form: once it has no problems and is saved (an import is a draft already), it is checked and published. */
export async function publishWhenReady(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('problems').innerText()).toMatch(/No problems/);
  await expect.poll(() => page.getByTestId('save-state').innerText()).toMatch(/Draft saved on the server/);
  await page.getByRole('button', { name: 'Check what kiosks will download' }).click();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect.poll(() => page.getByTestId('published').innerText()).toMatch(/Published: 1 module/);
}

/** Reopens a published module from the content page, in the form. */
export async function reopenModule(page: Page, id: string): Promise<void> {
  await openPage(page, 'Content');
  await page.getByTestId('modules').locator(`[data-module="${id}"]`).getByRole('button', { name: /^Edit/ }).click();
  await page.getByTestId('module-form').waitFor();
}
