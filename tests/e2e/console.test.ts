import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, Stack } from '../../harness/stack.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import type { Catalog } from '../../src/shared/module.ts';
import { summarise, type SiteStatus } from '../../src/shared/console/report.ts';
import { png, spillProcedureDocx } from '../../harness/import-files/docx.ts';
import { ladderDeck } from '../../harness/import-files/pptx.ts';
import { forkliftProcedurePdf } from '../../harness/import-files/pdf.ts';
import { cmi5Package, scormPackage } from '../../harness/import-files/scorm.ts';
import { adminApi, passModule, signIn } from './kiosk-helpers.ts';
import { importInConsole, publishWhenReady, reopenModule, saveAndPublish, writeModuleInForm, writeQuestion } from './console-flows.ts';

const PORT = 18_470;
const ADMIN_TOKEN = 'e2e-console-admin-token-0123456';
const NEW_FILE = '07-spill-kit.md';

/** A module an L&D author writes in the console: first with a mistake on line 7, then right. */
const newModule = (minutes: string) => `---
id: spill-kit
title: "A chemical spill at your feet: the first two minutes"
summary: "Where the spill kit is, and what to do before anyone cleans up."
language: en
version: 1
minutes: ${minutes}
roles: [warehouse]
quiz:
  passMark: 100
  questions:
    - question: "What comes first at a spill?"
      choices: ["Keep people away and tell the supervisor", "Mop it up"]
      answer: "Keep people away and tell the supervisor"
      explanation: "Cleaning up comes after the area is safe and the supervisor knows."
---

## Stop and keep people away

Do not walk through it. Say **stop** out loud.
`;

/**
 * The console in Chromium against the real server process: every role sees
 * only its pages, an author writes a module with a mistake and sees it beside
 * its line, publishes it, assigns it, enrolls a kiosk by its code, and the
 * learner's completion arrives in the matrix. axe-core checks every page.
 */
describe('the L&D console', () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const base = `http://127.0.0.1:${PORT}`;

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN }));
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-GB' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  async function axeViolations(p: Page): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page: p }).analyze();
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async function signInConsole(p: Page, email: string, password: string): Promise<void> {
    await p.goto(`${base}/console/`);
    await p.getByTestId('console-sign-in').waitFor();
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  it('shows a viewer only the reports of their site, and refuses the rest', async () => {
    await adminApi(base, ADMIN_TOKEN, 'POST', '/console-users', { email: 'viewer@plant.example', name: 'Vera Viewer', role: 'viewer', sites: [DEMO.siteId], password: 'viewer password 123' });
    const viewer = await browser.newContext({ locale: 'en-GB' });
    const p = await viewer.newPage();
    await p.goto(`${base}/console/`);
    expect(await axeViolations(p)).toEqual([]);
    await signInConsole(p, 'viewer@plant.example', 'viewer password 123');
    await p.getByTestId('matrix').waitFor();
    const nav = await p.getByRole('navigation').getByRole('link').allInnerTexts();
    expect(nav).toEqual(['Reports', 'Campaigns', 'People', 'Kiosks', 'Posters']);
    // An address outside the role leads back to what the role may see; the API refuses it outright.
    await p.goto(`${base}/console/content`);
    await p.getByTestId('reports').waitFor();
    expect(await p.evaluate(async () => (await fetch('/api/v1/console/modules')).status)).toBe(403);
    // A viewer sees the people of their sites, and no way to change them.
    await p.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await p.getByTestId('people-list').locator('[data-person]').first().waitFor();
    expect(await p.getByTestId('roster-upload').count()).toBe(0);
    await viewer.close();
  });

  it('shows an author only the content pages', async () => {
    await adminApi(base, ADMIN_TOKEN, 'POST', '/console-users', { email: 'author@plant.example', name: 'Ada Author', role: 'author', password: 'author password 123' });
    const author = await browser.newContext({ locale: 'en-GB' });
    const p = await author.newPage();
    await signInConsole(p, 'author@plant.example', 'author password 123');
    await p.getByTestId('content').waitFor();
    expect(await p.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual(['Content']);
    await p.goto(`${base}/console/people`);
    await p.getByTestId('content').waitFor();
    // An author writes drafts but does not publish them.
    await p.getByRole('button', { name: 'Write a new module' }).click();
    await p.getByTestId('preview').waitFor();
    expect(await p.getByRole('button', { name: 'Check what kiosks will download' }).count()).toBe(0);
    expect(await axeViolations(p)).toEqual([]);
    await author.close();
  });

  it('writes a module with a mistake, shows file:line beside that line, previews, prices and publishes it', async () => {
    await signInConsole(page, DEMO.consoleEmail, DEMO.consolePassword);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
    await page.getByTestId('modules').waitFor();
    await expect.poll(() => page.getByTestId('line-cost').first().innerText()).toMatch(/^(about \d+ s|under 1 s)$/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Write a new module' }).click();
    await page.getByLabel('File name').fill(NEW_FILE);
    await page.getByLabel('File name').press('Tab');
    await page.getByRole('button', { name: 'The Markdown source' }).click();
    await page.getByLabel('Module source (Markdown with front matter)').fill(newModule('soon'));
    // The problem names its line, and its button takes the cursor there: the line the editor then says it is on.
    const problem = page.getByTestId('problems').locator('li[data-line="7"]');
    await expect.poll(() => problem.innerText()).toMatch(new RegExp(`^${NEW_FILE.replace('.', '\\.')}:7: .*minutes`));
    expect(await page.getByTestId('problems').locator('li').count()).toBe(1);
    await problem.getByRole('button', { name: 'Go to line 7' }).click();
    await expect.poll(() => page.getByTestId('cursor-line').innerText()).toMatch(/^Line 7 of \d+$/);
    const selected = await page.getByLabel('Module source (Markdown with front matter)').evaluate((a: HTMLTextAreaElement) => a.value.slice(a.selectionStart, a.selectionEnd));
    expect(selected).toBe('minutes: soon');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Module source (Markdown with front matter)').fill(newModule('4'));
    await expect.poll(() => page.getByTestId('problems').innerText()).toMatch(/No problems/);
    await expect.poll(() => page.getByTestId('preview').locator('h3').innerText()).toBe('A chemical spill at your feet: the first two minutes');
    // The kiosk's own renderer: bold stays bold.
    expect(await page.getByTestId('preview').locator('strong', { hasText: 'stop' }).count()).toBe(1);
    // Nothing is kept until the author saves on purpose; from then on, changes are saved as they are typed.
    expect(await page.getByTestId('save-state').innerText()).toMatch(/^Not saved/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('save-state').innerText()).toMatch(/Draft saved on the server/);

    // An image within the budget goes in where the cursor is; one over it is refused with its size.
    await page.getByLabel('Add an image').setInputFiles({ name: 'Spill Kit.png', mimeType: 'image/png', buffer: png(20_000) });
    await expect.poll(() => page.getByTestId('image-upload').innerText()).toMatch(/Spill Kit\.png: 19\.\d KiB is over the 12 KiB image budget/);
    await page.getByLabel('Add an image').setInputFiles({ name: 'Spill Kit.png', mimeType: 'image/png', buffer: png(400) });
    await expect.poll(() => page.getByLabel('Module source (Markdown with front matter)').inputValue()).toContain('![Describe the picture](media/spill-kit.png)');
    await expect.poll(() => page.getByTestId('problems').innerText()).toMatch(/No problems/);
    // Come back later by the editor's address (reloaded, or bookmarked): the saved draft opens and can be
    // checked at once, without a dummy edit.
    const savedDraft = () => page.evaluate(async (name) => ((await (await fetch(`/api/v1/console/drafts/${name}`)).json()) as { source?: string }).source ?? '', NEW_FILE);
    await expect.poll(savedDraft).toContain('media/spill-kit.png');
    await page.goto(`${base}/console/content/${NEW_FILE}`);
    await expect.poll(() => page.getByTestId('problems').innerText()).toMatch(/No problems/);
    await page.getByRole('button', { name: 'Check what kiosks will download' }).click();
    await expect.poll(() => page.getByTestId('publish-plan').innerText()).toMatch(/^1 changed module, \d+\.\d KiB, (about \d+ s|under 1 s) on the plant's line\./);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await expect.poll(() => page.getByTestId('published').innerText()).toMatch(/Published: 1 module/);
    const catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    expect(catalog.modules.find((m) => m.id === 'spill-kit')?.media).toEqual([expect.stringMatching(/^\/content\/media\/spill-kit\.[0-9a-f]{12}\.png$/)]);
  });

  it('imports a Word document into the form, previews it at once, and publishes it once roles and a quiz are filled in', async () => {
    await importInConsole(page, { name: 'Spill procedure.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await spillProcedureDocx() });
    expect(await page.getByTestId('import-report').locator('[data-outcome="changed"]').innerText()).toMatch(/Image 2: Scaled from 39\.\d KiB to 800 px and saved as WebP/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('import-result').getByRole('link', { name: 'spill-procedure.md' }).click();
    const form = page.getByTestId('module-form');
    await expect.poll(() => form.getByLabel(/^Title/).inputValue()).toBe('Chemical spill: what to do in the first minutes');
    // What the document could not fill is marked in the form; its text is in the preview already, table header and all.
    expect(await form.getByRole('group', { name: 'Who it is for' }).innerText()).toMatch(/To fill in/);
    expect(await form.getByRole('group', { name: 'Quiz' }).innerText()).toMatch(/To fill in/);
    await expect.poll(() => page.getByTestId('preview').locator('table th').allInnerTexts()).toEqual(['Spill', 'Kit']);
    expect(await page.getByTestId('preview').locator('table').innerText()).toMatch(/Acid\s+Red kit/);
    expect(await axeViolations(page)).toEqual([]);

    await form.getByRole('checkbox', { name: /^warehouse/ }).check();
    await form.getByLabel(/^Pass mark/).fill('100');
    await form.getByRole('button', { name: 'Add a question' }).click();
    await writeQuestion(form.getByTestId('quiz-question').nth(0), 'Which kit for an acid spill?', ['Red kit', 'Yellow kit'], 'Yellow is for oil.');
    await publishWhenReady(page);
    const catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    const entry = catalog.modules.find((m) => m.id === 'spill-procedure')!;
    expect(entry.title).toBe('Chemical spill: what to do in the first minutes');
    expect(entry.roles).toEqual(['warehouse']);
    expect(entry.media).toEqual([expect.stringMatching(/^\/content\/media\/spill-procedure-1\.[0-9a-f]{12}\.png$/), expect.stringMatching(/^\/content\/media\/spill-procedure-2\.[0-9a-f]{12}\.webp$/)]);
  });

  it('imports a PowerPoint deck with its speaker notes, says slide by slide what it kept and left out and what it costs on the line, and publishes it with a quiz', async () => {
    const deck = await ladderDeck();
    await importInConsole(page, { name: 'Ladder talk.pptx', mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', buffer: deck }, { speakerNotes: true });
    const report = page.getByTestId('import-report');
    expect(await report.innerText()).toMatch(new RegExp(`Ladder talk\\.pptx: ${(deck.length / 1024).toFixed(1)} KiB as sent\\.`));
    expect(await report.getByTestId('import-cost').innerText()).toMatch(/^Working safely on ladders: \d\.\d KiB of text and \d\.\d KiB of pictures, (about \d s|under 1 s) on the plant’s line\.$/);
    expect(await report.locator('[data-outcome="left-out"] li').allInnerTexts()).toEqual([
      expect.stringMatching(/^Slide 3: A picture \(image-3-2\.png\)/),
      'Slide 4: A video (media-4-1.mp4, 293 KiB): kiosks on the line get text, not video.',
      'Slide 4: A chart (its numbers are not text: say in a sentence what it shows).',
      'Slide 5: It is hidden in the deck.',
      'Slide 7: Only a title ("Questions?"), and a section needs text.',
    ]);
    expect(await report.locator('[data-outcome="kept"]').innerText()).toMatch(/Slide 2: "Before you climb": 4 list items, the speaker notes; 42 words\./);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('import-result').getByRole('link', { name: 'ladder-talk.md' }).click();
    const form = page.getByTestId('module-form');
    await expect.poll(() => form.getByLabel(/^Title/).inputValue()).toBe('Working safely on ladders');
    // The draft keeps its report beside the form.
    expect(await page.getByTestId('editor').getByTestId('import-report').locator('[data-outcome="to-do"]').innerText()).toMatch(/Add the roles the module is for and a quiz/);
    await expect.poll(() => page.getByTestId('preview').locator('table th').allInnerTexts()).toEqual(['Job', 'Ladder']);
    await form.getByRole('checkbox', { name: /^warehouse/ }).check();
    await form.getByLabel(/^Pass mark/).fill('100');
    await form.getByRole('button', { name: 'Add a question' }).click();
    await writeQuestion(form.getByTestId('quiz-question').nth(0), 'Which ladder for a roof gutter?', ['Extension ladder, tied off', 'Step ladder'], 'A step ladder does not reach, and an untied ladder slides.');
    expect(await axeViolations(page)).toEqual([]);
    await publishWhenReady(page);
    const catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    const entry = catalog.modules.find((m) => m.id === 'ladder-talk')!;
    expect(entry.roles).toEqual(['warehouse']);
    expect(entry.media).toEqual([expect.stringMatching(/^\/content\/media\/ladder-talk-1\.[0-9a-f]{12}\.webp$/)]);
  });

  it('imports a supplier\'s PDF procedure, says which page is a scan, and publishes it with a quiz', async () => {
    await importInConsole(page, { name: 'P-12 forklift.pdf', mimeType: 'application/pdf', buffer: await forkliftProcedurePdf() });
    const report = page.getByTestId('import-report');
    expect(await report.getByTestId('import-cost').innerText()).toMatch(/^Forklift checks before every shift: \d\.\d KiB of text and 0\.0 KiB of pictures, (about \d s|under 1 s) on the plant’s line\.$/);
    expect(await report.locator('[data-outcome="left-out"] li').allInnerTexts()).toEqual([
      'Page 3: It has no text layer, only a picture (a scanned page?): an import does not read text from pictures (no OCR); type what it says in the form.',
    ]);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('import-result').getByRole('link', { name: 'p-12-forklift.md' }).click();
    const form = page.getByTestId('module-form');
    await expect.poll(() => form.getByLabel(/^Title/).inputValue()).toBe('Forklift checks before every shift');
    await expect.poll(() => page.getByTestId('preview').locator('table th').allInnerTexts()).toEqual(['Part', 'Good']);
    await form.getByRole('checkbox', { name: /^warehouse/ }).check();
    await form.getByLabel(/^Pass mark/).fill('100');
    await form.getByRole('button', { name: 'Add a question' }).click();
    await writeQuestion(form.getByTestId('quiz-question').nth(0), 'What do you hang on the steering wheel of a faulty truck?', ['The red tag', 'The keys'], 'The red tag tells the next driver not to use it.');
    await publishWhenReady(page);
  });

  it('imports a SCORM package with its question and pass mark, lists its video with its size, and publishes it with a role', async () => {
    const pkg = scormPackage('1.2');
    await importInConsole(page, { name: 'Safe lifting.zip', mimeType: 'application/zip', buffer: Buffer.from(pkg) });
    const report = page.getByTestId('import-report');
    expect(await report.innerText()).toMatch(/Safe lifting\.zip: 2\.3 MiB as sent\./);
    expect(await report.getByTestId('import-cost').innerText()).toMatch(/^Safe lifting at the warehouse: \d\.\d KiB of text and \d\.\d KiB of pictures, (about \d s|under 1 s) on the plant’s line\.$/);
    expect(await report.locator('[data-outcome="left-out"]').innerText()).toMatch(/Lifting step by step: 1 video file \(media\/lift\.mp4, 2\.0 MiB\): kiosks on the line get text, not video\./);
    expect(await report.locator('[data-outcome="kept"]').innerText()).toMatch(/Its mastery score, 80%, is the quiz's pass mark\./);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('import-result').getByRole('link', { name: 'safe-lifting.md' }).click();
    const form = page.getByTestId('module-form');
    await expect.poll(() => form.getByLabel(/^Pass mark/).inputValue()).toBe('80');
    expect(await form.getByTestId('quiz-question').count()).toBe(1);
    await form.getByRole('checkbox', { name: /^warehouse/ }).check();
    await publishWhenReady(page);
  });

  it('imports a cmi5 course, says which unit is hosted elsewhere, and publishes it once it has a question', async () => {
    await importInConsole(page, { name: 'Forklift basics.zip', mimeType: 'application/zip', buffer: Buffer.from(cmi5Package()) });
    expect(await page.getByTestId('import-report').locator('[data-outcome="left-out"]').innerText()).toMatch(/Simulator: It is hosted elsewhere \(https:\/\/lms\.example\/forklift-simulator\): an import never fetches it\./);
    await page.getByTestId('import-result').getByRole('link', { name: 'forklift-basics.md' }).click();
    const form = page.getByTestId('module-form');
    await expect.poll(() => form.getByLabel(/^Title/).inputValue()).toBe('Forklift basics');
    await form.getByRole('checkbox', { name: /^warehouse/ }).check();
    await form.getByRole('button', { name: 'Add a question' }).click();
    await writeQuestion(form.getByTestId('quiz-question').nth(0), 'Where are the forks when you park?', ['Down', 'Up'], 'Forks left up are what people walk into.');
    await publishWhenReady(page);
  });

  it('makes a module with a two-question quiz through the form alone, publishes it, reopens it and publishes it again', async () => {
    await writeModuleInForm(page, {
      title: 'Lift a box from the floor without hurting your back', minutes: 3, role: 'warehouse',
      text: 'Stand close, bend your knees, keep your back straight.',
      questions: [
        { text: 'What bends when you lift a box?', choices: ['Your knees', 'Your back'], why: 'The legs lift; the back stays straight.' },
        { text: 'Where do you hold the box?', choices: ['Close to the body', 'At arm\'s length'], why: 'Close to the body the back carries less.' },
      ],
    });
    const form = page.getByTestId('module-form');
    expect(await page.getByTestId('preview').locator('ol > li').count()).toBe(2);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Editing “Lift a box from the floor without hurting your back”');
    expect(await page.getByLabel('File name').inputValue()).toBe('lift-a-box-from-the-floor-without-hurting-your-back.md');
    expect(await axeViolations(page)).toEqual([]);
    await saveAndPublish(page);
    const published = async () => (JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog).modules.find((m) => m.id === 'lift-a-box-from-the-floor-without-hurting-your-back');
    expect((await published())?.minutes).toBe(3);

    // Reopened from the content page, the form reads the published source back; a change is published again.
    await reopenModule(page, 'lift-a-box-from-the-floor-without-hurting-your-back');
    await expect.poll(() => form.getByTestId('quiz-question').nth(1).getByLabel('Choice 1', { exact: true }).inputValue()).toBe('Close to the body');
    expect(await form.getByLabel('Short name').getAttribute('readonly')).not.toBeNull();
    await form.getByLabel('Minutes it takes').fill('4');
    await expect.poll(() => page.getByTestId('save-state').innerText()).toMatch(/^Not saved/);
    await saveAndPublish(page);
    expect((await published())?.minutes).toBe(4);
    // The published source is the Markdown an author would have written by hand.
    const source = await page.evaluate(async () => ((await (await fetch('/api/v1/console/sources/lift-a-box-from-the-floor-without-hurting-your-back.md')).json()) as { source: string }).source);
    expect(source).toMatch(/^---\nid: lift-a-box-from-the-floor-without-hurting-your-back\ntitle: "Lift a box from the floor without hurting your back"\n/);
    expect(source).toContain('      answer: "Close to the body"\n');
    expect(source).toMatch(/---\n\n## What to do first\n\nStand close, bend your knees, keep your back straight\.$/);
  });

  it('refuses a roster with a bad row whole, takes a good one, and assigns the new module to a role', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByTestId('roster-upload').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const upload = async (csv: string) => {
      await page.getByTestId('roster-upload').locator('input[type=file]').setInputFiles({ name: 'new-starters.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
    };
    await upload('employee_number,name,language,roles\n1010,Femke Bos,nl,warehouse\n1011,No Language,,warehouse\n');
    await expect.poll(() => page.getByTestId('roster-result').innerText()).toMatch(/Nothing imported[\s\S]*new-starters\.csv:3:/);
    await page.getByTestId('people-list').locator('[data-person]').first().waitFor();
    expect(await page.getByTestId('people-list').locator('[data-person="1010"]').count()).toBe(0);
    await upload('employee_number,name,language,roles\n1010,Femke Bos,nl,warehouse\n');
    await expect.poll(() => page.getByTestId('roster-result').innerText()).toMatch(/Imported: 1 added/);
    await page.getByTestId('people-list').locator('[data-person="1010"]').waitFor();

    const form = page.getByTestId('assign');
    // Roles come from the roster, with how many people have each: a typo cannot assign nobody.
    expect(await form.getByRole('combobox', { name: 'Role' }).locator('option').allInnerTexts()).toContain('warehouse (3 people)');
    await form.getByRole('combobox', { name: 'Role' }).selectOption('warehouse');
    await form.getByLabel('Module').selectOption('spill-kit');
    await form.getByLabel('Due date').fill('2026-12-31');
    await form.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.getByTestId('assign-result').innerText()).toBe('Assigned.');
    const row = page.getByTestId('assignments').locator('[data-assignment="role:warehouse spill-kit"]');
    await expect.poll(() => row.innerText()).toMatch(/^Role: warehouse\s+A chemical spill at your feet: the first two minutes/);
    // Its due date changes in place.
    const due = row.getByLabel('Due date of “A chemical spill at your feet: the first two minutes” for Role: warehouse');
    expect(await due.inputValue()).toBe('2026-12-31');
    await due.fill('2027-01-15');
    await row.getByRole('button', { name: 'Save the date' }).click();
    await expect.poll(() => page.getByTestId('assignments-message').innerText()).toBe('“A chemical spill at your feet: the first two minutes” for Role: warehouse is now due 2027-01-15.');
    await expect.poll(() => row.getByRole('button', { name: 'Save the date' }).count()).toBe(0);
    expect(await due.inputValue()).toBe('2027-01-15');
  });

  it('enrolls a kiosk with the code it shows, and the learner\'s completion arrives in the matrix', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Kiosks' }).click();
    await page.getByTestId('enroll-form').getByLabel('Kiosk name (where it stands)').fill('Warehouse door');
    await page.getByRole('button', { name: 'Create an enrollment code' }).click();
    await page.getByTestId('enrollment-code').waitFor();
    expect(await page.getByTestId('enrollment-code').innerText()).toMatch(/Code [A-Z2-9]{5}-[A-Z2-9]{5}, for one kiosk/);
    expect(await page.getByRole('img', { name: 'QR code of the enrollment link' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    const link = await page.getByTestId('enroll-link').getAttribute('href');

    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    const cell = page.getByTestId('matrix').locator('[data-person="1002"] td').nth(await moduleColumn('spill-kit'));
    await expect.poll(() => cell.innerText()).toBe('Not done');
    expect(await axeViolations(page)).toEqual([]);

    const kiosk = await browser.newContext({ locale: 'en-GB' });
    const k = await kiosk.newPage();
    await k.goto(link!);
    await k.getByTestId('sign-in').waitFor({ timeout: 60_000 });
    await signIn(k, '1002', DEMO.pin);
    await k.locator('[data-module="spill-kit"]').first().waitFor();
    const catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    await passModule(k, stack.content, catalog.modules.find((m) => m.id === 'spill-kit')!);
    await expect.poll(() => k.getByTestId('sync-state').textContent(), { timeout: 30_000 }).toBe('All records synced');
    // The modules imported from a deck, a PDF and two packages, saved on the kiosk and passed with no line at all; they sync when the line is back.
    const n = new Set(catalog.modules.map((m) => m.id)).size;
    await k.getByTestId('saved-count').getByText(`${n} of ${n} modules saved on this device`).waitFor({ timeout: 30_000 });
    await kiosk.setOffline(true);
    for (const id of ['ladder-talk', 'p-12-forklift', 'safe-lifting', 'forklift-basics']) await passModule(k, stack.content, catalog.modules.find((m) => m.id === id)!);
    await kiosk.setOffline(false);
    await expect.poll(() => k.getByTestId('sync-state').textContent(), { timeout: 30_000 }).toBe('All records synced');
    await kiosk.close();

    await expect.poll(async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
      await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
      return cell.innerText();
    }, { timeout: 30_000 }).toMatch(/^Done, synced \(\d{4}-\d{2}-\d{2}\)$/);
    // The chart over time has its axes and their labels, even with a single day of data.
    const labels = await page.locator('svg.chart text').allTextContents();
    expect(labels.slice(0, 3)).toEqual(['0%', '50%', '100%']);
    expect(labels.slice(3).every((l) => /^\d{4}-\d{2}-\d{2}$/.test(l))).toBe(true);
    // The page's numbers are the API's, through the one summary the CLI prints too.
    const summary = summarise(await adminApi<SiteStatus>(base, ADMIN_TOKEN, 'GET', `/sites/${DEMO.siteId}/status`));
    expect(await page.getByTestId('summary').locator('[data-figure="done"]').innerText()).toBe(`${summary.done} of ${summary.assigned} assigned modules done (${Math.round(summary.rate * 100)}%)`);
    // Modules by title, not by id.
    await expect.poll(() => page.getByTestId('per-module').locator('[data-module="spill-kit"]').innerText()).toMatch(new RegExp(`^A chemical spill at your feet: the first two minutes\\s+${summary.modules.find((m) => m.moduleId === 'spill-kit')!.assigned}\\s+1\\s`));
    // One learner took it: beside the named matrix, a count or a score would be theirs, so the quiz results say "not shown".
    expect(await page.getByTestId('quiz-results').locator('[data-module="spill-kit"]').innerText()).toMatch(/^A chemical spill at your feet: the first two minutes\s+\d+\s+not shown\s+not shown$/);
    expect(await page.getByTestId('matrix').locator('thead th[data-module="spill-kit"]').innerText()).toBe('A chemical spill at your feet: the first two minutes');
    await page.getByRole('navigation').getByRole('link', { name: 'Kiosks' }).click();
    await expect.poll(() => page.getByTestId('devices').innerText()).toMatch(/Warehouse door/);

    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByTestId('audit').innerText()).toMatch(/Published modules\t07-spill-kit\.md/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('creates a site admin account that sees the site and signs them out everywhere', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    const form = page.getByTestId('new-account');
    await form.getByLabel('Email').fill('site.admin@plant.example');
    await form.getByLabel('Name').fill('Sid Siteadmin');
    await form.getByLabel('Role').selectOption('site-admin');
    await form.getByLabel('Demo plant', { exact: true }).check();
    await form.getByLabel('Password').fill('site admin password');
    await form.getByRole('button', { name: 'Create an account' }).click();
    await expect.poll(() => page.getByTestId('accounts-message').innerText()).toBe('Account site.admin@plant.example created.');
    await expect.poll(() => page.getByTestId('accounts').locator('tbody').innerText()).toMatch(/site\.admin@plant\.example\s+Sid Siteadmin\s+Site admin\s+Demo plant/);
    expect(await axeViolations(page)).toEqual([]);

    const other = await browser.newContext({ locale: 'en-GB' });
    const p = await other.newPage();
    await signInConsole(p, 'site.admin@plant.example', 'site admin password');
    expect(await p.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual(['Reports', 'Campaigns', 'Content', 'People', 'Kiosks', 'Posters']);
    await page.getByRole('button', { name: 'Sign out everywhere site.admin@plant.example' }).click();
    await expect.poll(() => page.getByTestId('accounts-message').innerText()).toMatch(/1 session ended/);
    await p.reload();
    await p.getByTestId('console-sign-in').waitFor();
    await other.close();
  });

  it('takes one module off the kiosks after naming it and where it is still assigned, keeping the rest', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
    const row = (id: string) => page.getByTestId('modules').locator(`[data-module="${id}"]`);
    const plan = page.getByTestId('take-off-plan');
    await row('spill-kit').getByRole('button', { name: /^Take off the kiosks/ }).click();
    await expect.poll(() => plan.innerText()).toContain('“A chemical spill at your feet: the first two minutes” is assigned at Demo plant to warehouse, due 2027-01-15.');
    await plan.getByRole('button', { name: 'Keep it' }).click();
    await expect.poll(() => plan.count()).toBe(0);

    const lift = 'lift-a-box-from-the-floor-without-hurting-your-back';
    await row(lift).getByRole('button', { name: /^Take off the kiosks/ }).click();
    await expect.poll(() => plan.getByTestId('removals').innerText()).toBe('Taken off every kiosk: Lift a box from the floor without hurting your back (en).');
    expect(await axeViolations(page)).toEqual([]);
    await plan.getByRole('button', { name: 'Yes, take it off' }).click();
    await expect.poll(() => page.getByTestId('content-message').innerText()).toBe('“Lift a box from the floor without hurting your back” is off the kiosks.');
    await expect.poll(() => row(lift).count()).toBe(0);
    const catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    expect(catalog.modules.map((m) => m.id)).not.toContain(lift);
    expect(catalog.modules.map((m) => m.id)).toContain('spill-kit');
  });

  it('names the modules a rollback takes off the kiosks and where they are still assigned, then rolls back', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
    // The catalog before any console publish: the spill kit and the imported procedure were not in it.
    const first = page.getByTestId('history').locator('tbody tr').last();
    await first.getByRole('button', { name: /Go back to this one/ }).click();
    const plan = page.getByTestId('rollback-plan');
    await expect.poll(() => plan.getByTestId('removals').innerText()).toMatch(/^Taken off every kiosk: .*A chemical spill at your feet: the first two minutes \(en\)/);
    expect(await plan.getByTestId('removals').innerText()).toMatch(/Chemical spill: what to do in the first minutes \(en\)/);
    expect(await plan.getByTestId('removals').innerText()).toContain('“A chemical spill at your feet: the first two minutes” is assigned at Demo plant to warehouse, due 2027-01-15.');
    expect(await axeViolations(page)).toEqual([]);

    // The assignment goes first, after a confirmation that names it; the plan then no longer warns about it.
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    const row = page.getByTestId('assignments').locator('[data-assignment="role:warehouse spill-kit"]');
    await row.getByRole('button', { name: /^Remove/ }).click();
    await expect.poll(() => row.innerText()).toContain('Remove “A chemical spill at your feet: the first two minutes” for Role: warehouse?');
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => page.getByTestId('assignments-message').innerText()).toBe('Removed: “A chemical spill at your feet: the first two minutes” for Role: warehouse.');
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
    await page.getByTestId('history').locator('tbody tr').last().getByRole('button', { name: /Go back to this one/ }).click();
    await expect.poll(() => plan.getByTestId('removals').innerText()).toMatch(/^Taken off every kiosk:/);
    expect(await plan.getByTestId('removals').innerText()).not.toContain('is assigned');
    await plan.getByRole('button', { name: 'Roll back to this catalog' }).click();
    await expect.poll(() => page.getByTestId('history-message').innerText()).toMatch(/^Rolled back/);
    const catalog = JSON.parse(await readFile(join(stack.content, 'catalog.json'), 'utf8')) as Catalog;
    expect(catalog.modules.map((m) => m.id)).not.toContain('spill-kit');
  });

  it('deletes a draft from the content page after a confirmation, leaving what is published', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
    await page.getByTestId('modules').locator('[data-module="ppe-basics"]').getByRole('button', { name: /^Edit/ }).click();
    await page.getByRole('button', { name: 'The Markdown source' }).click();
    await page.getByLabel('Module source (Markdown with front matter)').press('End');
    await page.getByLabel('Module source (Markdown with front matter)').pressSequentially(' ');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('save-state').innerText()).toMatch(/Draft saved on the server/);
    await page.getByRole('navigation').getByRole('link', { name: 'Content' }).click();
    const draft = page.getByTestId('drafts').locator('[data-draft="03-ppe.md"]');
    await draft.getByRole('button', { name: 'Remove 03-ppe.md' }).click();
    await expect.poll(() => draft.innerText()).toMatch(/Delete your draft 03-ppe\.md\? What is published stays as it is\./);
    await draft.getByRole('button', { name: 'Yes, delete the draft' }).click();
    await expect.poll(() => page.getByTestId('drafts-message').innerText()).toBe('Draft 03-ppe.md deleted.');
    await expect.poll(() => draft.count()).toBe(0);
    expect(await page.getByTestId('modules').locator('[data-module="ppe-basics"]').count()).toBeGreaterThan(0);
  });

  /** The matrix column of a module, from its header. */
  async function moduleColumn(moduleId: string): Promise<number> {
    await page.getByTestId('matrix').waitFor();
    // Columns are headed by title; each header keeps its module's id for the test to find.
    const headers = await page.getByTestId('matrix').locator('thead th').evaluateAll((ths) => ths.map((th) => (th as HTMLElement).dataset.module));
    return headers.indexOf(moduleId) - 1;
  }
});
