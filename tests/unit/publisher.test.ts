import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/publisher/compile-module.ts';
import { formatDiagnostic } from '../../src/publisher/diagnostics.ts';
import { fileFor, publish, readCatalog } from '../../src/publisher/publish.ts';
import type { TrainingModule } from '../../src/shared/module.ts';
import { ROOT } from '../../src/node/paths.ts';
import { moduleVersion } from '../../src/node/module-archive.ts';
import { moduleSource } from '../../harness/module-source.ts';
import { useTempDirs } from '../helpers/temp.ts';

const budgetsFile = join(ROOT, 'budgets.json');
const noImages = () => ({ error: 'no images in this test' });

function errorsOf(source: string): string[] {
  return compileModule('m.md', source, noImages).diagnostics.map(formatDiagnostic);
}

describe('compileModule', () => {
  it('compiles Markdown into sections of document-tree nodes', () => {
    const body = [
      'Intro with *care* and **force**.',
      '',
      '## Steps',
      '',
      '1. Stop',
      '2. Lock `isolator`',
      '',
      '> Never skip it.',
      '',
      '| A | B |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      'See [the rules](https://example.org/rules).',
    ].join('\n');
    const { module, diagnostics } = compileModule('m.md', moduleSource({}, body), noImages);
    expect(diagnostics).toEqual([]);
    expect(module!.sections).toEqual([
      { title: '', body: [['p', 'Intro with ', ['i', 'care'], ' and ', ['b', 'force'], '.']] },
      {
        title: 'Steps',
        body: [
          ['ol', ['li', 'Stop'], ['li', 'Lock ', ['code', 'isolator']]],
          ['note', ['p', 'Never skip it.']],
          ['table', ['tr', ['th', 'A'], ['th', 'B']], ['tr', ['td', '1'], ['td', '2']]],
          ['p', 'See ', ['a', { href: 'https://example.org/rules' }, 'the rules'], '.'],
        ],
      },
    ]);
    expect(module!.quiz).toEqual({
      passMark: 50,
      questions: [{ prompt: 'Which is safe?', choices: ['Safe', 'Unsafe'], correct: [0], explanation: 'Because.' }],
    });
  });

  it('marks a section a job aid by "{job-aid}" after its heading, which the title leaves out', () => {
    const body = ['## Why', '', 'Because.', '', '## The six steps {job-aid}', '', '1. Stop', '', '## After {job-aid} text', '', 'x'].join('\n');
    const { module, diagnostics } = compileModule('m.md', moduleSource({}, body), noImages);
    expect(diagnostics).toEqual([]);
    expect(module!.sections.map(({ title, jobAid }) => ({ title, jobAid }))).toEqual([
      { title: 'Why', jobAid: undefined },
      { title: 'The six steps', jobAid: true },
      // Only at the end of the heading: elsewhere it is the title's own text.
      { title: 'After {job-aid} text', jobAid: undefined },
    ]);
  });

  it('stores answers as indexes, and several for select-all questions', () => {
    const quiz = ['quiz:', '  passMark: 100', '  questions:', '    - question: "Pick two"', '      choices: [a, b, c]', '      answer: [c, a]', '      explanation: "x"'].join('\n');
    const { module } = compileModule('m.md', moduleSource({ quiz }), noImages);
    expect(module!.quiz.questions[0]!.correct).toEqual([0, 2]);
  });

  it('compiles extra follow-up questions, and places a wrong answer in them at its line', () => {
    const followUp = (answer: string) => ['followUp:', '  - question: "Same fact, other words"', '    choices: [yes, no]', `    answer: ${answer}`, '    explanation: "x"'].join('\n');
    const { module } = compileModule('m.md', moduleSource({ extra: followUp('no') }), noImages);
    expect(module!.followUp).toEqual([{ prompt: 'Same fact, other words', choices: ['yes', 'no'], correct: [1], explanation: 'x' }]);
    expect(compileModule('m.md', moduleSource(), noImages).module!.followUp).toBeUndefined();
    const errors = errorsOf(moduleSource({ extra: followUp('maybe') }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^m\.md:\d+: question 1: answer "maybe" is not among its choices \("yes", "no"\)$/);
  });

  it('reports missing and unknown front-matter keys at their lines', () => {
    expect(errorsOf(moduleSource({ title: '', extra: 'colour: red' }))).toEqual([
      'm.md:2: missing front-matter key "title"',
      'm.md:7: unknown front-matter key "colour" (allowed: id, title, summary, language, version, minutes, roles, quiz, followUp)',
    ]);
  });

  it('reports an answer that is not among the choices, even when other keys are wrong too', () => {
    const quiz = ['quiz:', '  passMark: 80', '  questions:', '    - question: "Q"', '      choices: ["x", "y"]', '      answer: "z"', '      explanation: "e"'].join('\n');
    expect(errorsOf(moduleSource({ id: 'id: Not_A_Slug', quiz }))).toEqual([
      'm.md:2: id must be lower-case letters and digits joined by hyphens, like "lockout-tagout"',
      'm.md:13: question 1: answer "z" is not among its choices ("x", "y")',
    ]);
  });

  it('refuses raw HTML, scripts, unsafe links, stray headings and reference links', () => {
    const body = ['# Title', '', '<script>alert(1)</script>', '', '## S', '', 'A [link](javascript:alert(1)) and <b>bold</b>.', '', '[ref]: https://example.org', '', '##### deep'].join('\n');
    expect(errorsOf(moduleSource({}, body))).toEqual([
      'm.md:16: a # heading is not allowed: the title comes from the front matter; start sections with ##',
      'm.md:18: raw HTML is not allowed in a module (found "<script>alert(1)</script>")',
      'm.md:22: link to "javascript:alert(1)" is not allowed: use an https:, mailto: or tel: address',
      'm.md:22: raw HTML is not allowed in a module (found "<b>")',
      'm.md:22: raw HTML is not allowed in a module (found "</b>")',
      'm.md:24: reference-style links are not supported: write [text](https://…) inline',
      'm.md:26: heading level 5 is not supported: use ## for sections and ### or #### inside them',
    ]);
  });

  it('reports invalid YAML and a missing front matter block', () => {
    expect(errorsOf('no front matter here')).toEqual(['m.md:1: missing front matter: start the file with a line "---", the YAML keys, and another "---"']);
    const [first] = errorsOf('---\nid: [unclosed\n---\n## S\n\ntext');
    expect(first).toMatch(/^m\.md:\d+: front matter is not valid YAML: /);
  });
});

describe('publish', () => {
  const tempDir = useTempDirs();

  async function sourceDir(files: Record<string, string | Buffer>): Promise<string> {
    const dir = await tempDir('lowband-src-');
    for (const [name, data] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), data);
    }
    return dir;
  }

  it('publishes the demo course: every module valid, within budget, with .br and .gz siblings', async () => {
    const out = await tempDir();
    const result = await publish({ sourceDir: join(ROOT, 'content'), outDir: out, budgetsFile });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    const catalog = await readCatalog(out);
    expect(catalog!.modules.length).toBeGreaterThanOrEqual(8);
    expect(new Set(catalog!.modules.map((m) => m.id)).size).toBeGreaterThanOrEqual(6);
    expect(catalog!.modules.filter((m) => m.lang === 'nl').length).toBeGreaterThanOrEqual(2);
    for (const entry of catalog!.modules) {
      const file = fileFor(out, entry.url);
      const module = JSON.parse(await readFile(file, 'utf8')) as TrainingModule;
      expect(module.quiz.questions.length).toBeGreaterThanOrEqual(4);
      expect(module.quiz.questions.length).toBeLessThanOrEqual(6);
      expect((await readFile(`${file}.br`)).length).toBe(entry.br);
      expect((await readFile(`${file}.gz`)).length).toBe(entry.gz);
      expect(entry.br).toBeLessThanOrEqual(4 * 1024);
    }
  });

  it('publishes nothing when any module is bad, and leaves the live catalog as it was', async () => {
    const out = await tempDir();
    const good = await sourceDir({ 'a.md': moduleSource({ id: 'id: a' }) });
    expect((await publish({ sourceDir: good, outDir: out, budgetsFile })).ok).toBe(true);
    const before = await readFile(join(out, 'catalog.json'), 'utf8');
    const filesBefore = await readdir(join(out, 'modules'));

    const bad = await sourceDir({
      'a.md': moduleSource({ id: 'id: a', title: 'title: "Changed"' }),
      'b.md': moduleSource({ id: 'id: b', minutes: 'minutes: many' }),
    });
    const result = await publish({ sourceDir: bad, outDir: out, budgetsFile, cwd: bad });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['b.md:6: minutes must be a number']);
    expect(await readFile(join(out, 'catalog.json'), 'utf8')).toBe(before);
    expect(await readdir(join(out, 'modules'))).toEqual(filesBefore);
  });

  it('rejects duplicate module ids within a language, naming both places', async () => {
    const dir = await sourceDir({
      'one.md': moduleSource({ id: 'id: same' }),
      'two.md': moduleSource({ id: 'id: same' }),
      'two.nl.md': moduleSource({ id: 'id: same', language: 'language: nl' }),
    });
    const result = await publish({ sourceDir: dir, outDir: await tempDir(), budgetsFile, cwd: dir });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['two.md:2: duplicate module id "same" in language "en" (also in one.md:2)']);
  });

  it('warns of titles a learner cannot tell apart in one language, and publishes all the same', async () => {
    const dir = await sourceDir({
      'a.md': moduleSource({ id: 'id: a', title: 'title: "Lockout basics"' }),
      // Cyrillic о and с in "Lockout": two modules that look like one on a kiosk card.
      'b.md': moduleSource({ id: 'id: b', title: 'title: "L\u043e\u0441kout basics"' }),
      'c.md': moduleSource({ id: 'id: c', title: 'title: "Lockout basics"' }),
      'a.nl.md': moduleSource({ id: 'id: a', title: 'title: "Lockout basics"', language: 'language: nl' }),
    });
    const result = await publish({ sourceDir: dir, outDir: await tempDir(), budgetsFile, cwd: dir });
    expect(result.ok).toBe(true);
    expect(result.warnings.map(formatDiagnostic)).toEqual([
      'b.md:3: the title "L\u043e\u0441kout basics" looks the same as, but is not, "Lockout basics" (a.md:3): learners cannot tell the two modules apart',
      'c.md:3: the title "Lockout basics" is the same as "Lockout basics" (a.md:3): learners cannot tell the two modules apart',
    ]);
  });

  it('rejects a module over its byte budget with the sizes involved', async () => {
    const noise = Array.from({ length: 40 }, () => randomBytes(300).toString('base64')).join('\n\n');
    const dir = await sourceDir({ 'big.md': moduleSource({}, `## Big\n\n${noise}\n`) });
    const out = await tempDir();
    const result = await publish({ sourceDir: dir, outDir: out, budgetsFile, cwd: dir });
    expect(result.ok).toBe(false);
    expect(formatDiagnostic(result.diagnostics[0]!)).toMatch(/^big\.md:1: module is \d+\.\d\d KiB brotli, over its 4\.00 KiB budget by \d+\.\d\d KiB/);
    expect(existsSync(join(out, 'catalog.json'))).toBe(false);
  });

  it('publishes images next to the module with a hashed name, and rejects one over budget', async () => {
    const small = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(2000)]);
    const big = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(20_000)]);
    const okDir = await sourceDir({ 'm.md': moduleSource({}, '## S\n\n![A locked isolator](img/lock.png)\n'), 'img/lock.png': small });
    const out = await tempDir();
    const ok = await publish({ sourceDir: okDir, outDir: out, budgetsFile });
    expect(ok.ok).toBe(true);
    const [media] = ok.catalog!.modules[0]!.media;
    expect(media).toMatch(/^\/content\/media\/lock\.[0-9a-f]{12}\.png$/);
    expect(await readFile(fileFor(out, media!))).toEqual(small);

    const badDir = await sourceDir({ 'm.md': moduleSource({}, '## S\n\n![Huge](huge.png)\n\n![](huge.png)\n'), 'huge.png': big });
    const bad = await publish({ sourceDir: badDir, outDir: await tempDir(), budgetsFile, cwd: badDir });
    expect(bad.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^m\.md:18: image "huge\.png" is 19\.\d\d KiB, over its 12\.00 KiB budget by 7\.\d\d KiB$/),
      'm.md:20: image "huge.png" needs alt text: ![what it shows](huge.png)',
      expect.stringMatching(/^m\.md:20: image "huge\.png" is 19\.\d\d KiB/),
    ]);
  });

  it('refuses remote images and SVGs with scripts', async () => {
    const dir = await sourceDir({
      'm.md': moduleSource({}, '## S\n\n![x](https://example.org/a.png)\n\n![y](evil.svg)\n'),
      'evil.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    });
    const result = await publish({ sourceDir: dir, outDir: await tempDir(), budgetsFile, cwd: dir });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'm.md:18: image "https://example.org/a.png" must be a file next to the module, not a web address: kiosks may be offline',
      'm.md:20: image "evil.svg" has an event handler attribute "onload", which is not allowed in SVG',
    ]);
  });

  it('republishing one module changes only its URL, keeps the previous version for one generation, then prunes it', async () => {
    const out = await tempDir();
    const v1 = await sourceDir({ 'a.md': moduleSource({ id: 'id: a' }), 'b.md': moduleSource({ id: 'id: b' }) });
    const first = (await publish({ sourceDir: v1, outDir: out, budgetsFile })).catalog!;
    await writeFile(join(v1, 'b.md'), moduleSource({ id: 'id: b', version: 'version: 2' }));
    const second = (await publish({ sourceDir: v1, outDir: out, budgetsFile })).catalog!;

    expect(second.modules[0]!.url).toBe(first.modules[0]!.url);
    expect(second.modules[1]!.url).not.toBe(first.modules[1]!.url);
    expect(existsSync(fileFor(out, first.modules[1]!.url))).toBe(true);

    await publish({ sourceDir: v1, outDir: out, budgetsFile });
    expect(existsSync(fileFor(out, first.modules[1]!.url))).toBe(false);
    expect(existsSync(fileFor(out, `${first.modules[1]!.url}.br`))).toBe(false);
    expect(existsSync(fileFor(out, second.modules[1]!.url))).toBe(true);
    // Pruned from what is served, not from the archive: a record of the first version can still be said exactly, and nothing there is served (a dot name).
    const taken = first.modules[1]!;
    expect(await moduleVersion(out, taken.id, taken.lang, taken.hash)).toMatchObject({ id: 'b', version: '1' });
    expect(await moduleVersion(out, taken.id, taken.lang, second.modules[1]!.hash)).toMatchObject({ id: 'b', version: '2' });
    expect(await moduleVersion(out, taken.id, taken.lang, '000000000000')).toBeNull();
  });
});
