import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/publisher/diagnostics.ts';
import { publish } from '../../src/publisher/publish.ts';
import { sanitizeSvg } from '../../src/publisher/svg-sanitize.ts';
import { ROOT } from '../../src/node/paths.ts';
import { MODULE_LIMITS } from '../../src/shared/module-limits.ts';
import { moduleSource } from '../../harness/module-source.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { heapBoundedPublisher } from '../helpers/heap-bounded-publisher.ts';

/**
 * The publisher as a hostile or careless author meets it. Every case must end
 * as `file:line: message` diagnostics with nothing published: never a stack
 * trace, a hang, an unbounded read, or a file from outside the source folder.
 */
const budgetsFile = join(ROOT, 'budgets.json');
const HOSTILE = join(ROOT, 'tests/hostile');
const temp = useTempDirs();
const DIAGNOSTIC = /^[^:]+:\d+: \S/;

async function publishFolder(files: Record<string, string | Buffer>, prepare?: (src: string) => Promise<void>) {
  const dir = await temp();
  const src = join(dir, 'src');
  const out = join(dir, 'out');
  await mkdir(src, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    await mkdir(join(src, name, '..'), { recursive: true });
    await writeFile(join(src, name), data);
  }
  await prepare?.(src);
  const result = await publish({ sourceDir: src, outDir: out, budgetsFile, cwd: src });
  const published = await readdir(out).catch(() => [] as string[]);
  return { ...result, lines: result.diagnostics.map(formatDiagnostic), published, src };
}

const withImage = (src: string) => moduleSource({}, `## Look\n\n![a padlock](${src})\n`);

function expectRefused(result: Awaited<ReturnType<typeof publishFolder>>, fragment: RegExp | string) {
  expect(result.ok).toBe(false);
  expect(result.published).toEqual([]);
  for (const line of result.lines) expect(line).toMatch(DIAGNOSTIC);
  expect(result.lines.join('\n')).toMatch(fragment);
}

describe('hostile SVG images', () => {
  const cases = readdirSync(join(HOSTILE, 'svg'));

  it.each(cases)('%s is refused with the image line, and nothing is published', async (name) => {
    const result = await publishFolder({ 'm.md': withImage(`img/${name}`), [`img/${name}`]: readFileSync(join(HOSTILE, 'svg', name)) });
    expectRefused(result, new RegExp(`^m\\.md:\\d+: image "img/${name.replace('.', '\\.')}"`, 'm'));
  });

  it('keeps a clean SVG, rebuilt from the allowlist as UTF-8 with editor metadata dropped', async () => {
    const result = await publishFolder({ 'm.md': withImage('lock.svg'), 'lock.svg': readFileSync(join(HOSTILE, 'clean.svg')) });
    expect(result.lines).toEqual([]);
    const media = readdirSync(join(result.src, '../out/media'));
    const svg = readFileSync(join(result.src, '../out/media', media[0]!), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">')).toBe(true);
    expect(svg).not.toMatch(/inkscape|metadata|<\?xml/);
    expect(svg).toContain('fill="url(#g)"');
    expect(svg).toContain('&lt;lock&gt;');
  });

  it('refuses exactly the trees that carry something that could run, load or navigate, and keeps every drawing element of the rest', () => {
    // Each generated tag and attribute says for itself whether it is dangerous: the oracle is this
    // table, written from the SVG spec, not the sanitizer's own lists.
    const tags = [['g', false], ['rect', false], ['text', false], ['script', true], ['foreignObject', true], ['x:script', true], ['a', true], ['set', true], ['image', true]] as const;
    const attrs = [['fill="red"', false], ['href="#a"', false], ['onclick="x()"', true], ['href="javascript:x()"', true], ['style="a:b"', true], ['x:onload="y"', true], ['fill="url(http://e/x)"', true]] as const;
    type Tree = { markup: string; hostile: boolean; drawn: number };
    const leaf = fc.stringMatching(/^[a-z ]{0,5}$/).map((text): Tree => ({ markup: text, hostile: false, drawn: 0 }));
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof({ maxDepth: 4 }, leaf,
        fc.tuple(fc.constantFrom(...tags), fc.uniqueArray(fc.constantFrom(...attrs), { maxLength: 2, selector: ([a]) => a.split('=')[0] }), fc.array(tie('node'), { maxLength: 3 }))
          .map(([[tag, tagHostile], chosen, kids]): Tree => ({
            markup: `<${tag}${chosen.map(([a]) => ` ${a}`).join('')}>${kids.map((k) => k.markup).join('')}</${tag}>`,
            hostile: tagHostile || chosen.some(([, h]) => h) || kids.some((k) => k.hostile),
            drawn: 1 + kids.reduce((n, k) => n + k.drawn, 0),
          }))),
    })).node;
    fc.assert(fc.property(tree, ({ markup, hostile, drawn }) => {
      const result = sanitizeSvg(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/2000/svg">${markup}</svg>`);
      if (hostile) {
        expect(result).toEqual({ error: expect.any(String) });
      } else {
        expect(result).toEqual({ svg: expect.any(String) });
        // Every g, rect and text survives, and nothing else was added.
        expect(('svg' in result ? result.svg : '').match(/<(g|rect|text)\b/g)?.length ?? 0).toBe(drawn);
      }
    }), { numRuns: 300 });
  });
});

describe('files the publisher must not read', () => {
  it('refuses an image that is a symlink to a file outside the source folder (the admin token)', async () => {
    const secretDir = await temp();
    await writeFile(join(secretDir, 'admin-token'), 'super-secret\n');
    const result = await publishFolder({ 'm.md': withImage('token.png') }, (src) => symlink(join(secretDir, 'admin-token'), join(src, 'token.png')));
    expectRefused(result, /^m\.md:\d+: image "token\.png" is a symbolic link/m);
  });

  it('refuses an image inside a symlinked directory', async () => {
    const outside = await temp();
    await writeFile(join(outside, 'x.png'), Buffer.from([0x89, 0x50]));
    const result = await publishFolder({ 'm.md': withImage('linked/x.png') }, (src) => symlink(outside, join(src, 'linked')));
    expectRefused(result, /image "linked\/x\.png" is a symbolic link/);
  });

  it('refuses a module source that is a symlink', async () => {
    const outside = await temp();
    await writeFile(join(outside, 'real.md'), moduleSource());
    const result = await publishFolder({ 'good.md': moduleSource({ id: 'id: good' }) }, (src) => symlink(join(outside, 'real.md'), join(src, 'linked.md')));
    expectRefused(result, /^linked\.md:0: module source is a symbolic link/m);
  });

  it('refuses a FIFO without hanging, and a link to /dev/zero without reading it', async () => {
    const result = await publishFolder({ 'm.md': moduleSource({}, '## A\n\n![pipe](pipe.png)\n\n![zero](zero.png)\n') }, async (src) => {
      execFileSync('mkfifo', [join(src, 'pipe.png')]);
      await symlink('/dev/zero', join(src, 'zero.png'));
    });
    expectRefused(result, /image "pipe\.png" is not a regular file/);
    expect(result.lines.join('\n')).toMatch(/image "zero\.png" is a symbolic link/);
  }, 10_000);

  it('refuses an oversized source before reading it', async () => {
    const result = await publishFolder({ 'm.md': `${moduleSource()}\n${'a'.repeat(MODULE_LIMITS.maxSourceBytes)}` });
    expectRefused(result, /^m\.md:0: module source is \d+ bytes, over the limit/m);
  });

  it('reports a malformed %-escape in an image path', async () => {
    expectRefused(await publishFolder({ 'm.md': withImage('bad%zz.png') }), /^m\.md:\d+: image "bad%zz\.png" has a malformed %-escape/m);
  });
});

describe('hostile module text and structure', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    // Refused at their line before the Markdown parser sees them (markdown-shape.ts).
    ['2,000 nested blockquotes', moduleSource({}, `## A\n\n${'>'.repeat(2000)} deep\n`), /^m\.md:\d+: this line is nested more than 64 levels deep \(quotes, lists and indentation\); the limit is 8/m],
    ['1,000 nested lists', moduleSource({}, `## A\n\n${'- '.repeat(1000)}deep\n`), /^m\.md:\d+: this line is nested more than 64 levels deep/m],
    ['a list indented 40 levels', moduleSource({}, `## A\n\n${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')}\n`), /^m\.md:\d+: this line is nested 9 levels deep/m],
    ['a paragraph of nested emphasis', moduleSource({}, `## A\n\n${'*a '.repeat(3000)}b${' c*'.repeat(3000)}\n`), /^m\.md:\d+: this paragraph has 6000 runs of \* or _; the most one paragraph may have is 200/m],
    ['brackets opened inside each other', moduleSource({}, `## A\n\n${'['.repeat(50)}x${']'.repeat(50)}\n`), /^m\.md:\d+: this paragraph opens 50 \[ brackets inside each other; the most is 16/m],
    ['nesting past the limit by one', moduleSource({}, `## A\n\n${'>'.repeat(MODULE_LIMITS.maxDepth)} deep\n`), /module is nested 9 levels deep/],
    ['a module over the uncompressed limit that brotli makes tiny', moduleSource({}, `## A\n\n${'Lock it out. '.repeat(6000)}\n`), /^m\.md:1: module is \d+ bytes uncompressed, over the limit/m],
    ['invalid UTF-8 on line 3', Buffer.concat([Buffer.from('---\nid: x\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\n---\n')]), /^m\.md:3: is not valid UTF-8 text/m],
    ['a YAML alias bomb', `---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n## A\n\ntext\n`, /^m\.md:2: front matter could not be read/m],
    ['deeply nested YAML', `---\nid: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n## A\n\nx\n`, /^m\.md:\d+: /m],
    ['a choice that differs only by a zero-width space', moduleSource({ quiz: 'quiz:\n  passMark: 50\n  questions:\n    - question: "Ready?"\n      choices: ["Yes", "Yes\u200b"]\n      answer: "Yes"\n      explanation: "x"' }), /^m\.md:\d+: front matter contains an invisible or direction-changing character \(U\+200B\)/m],
    ['a bidi override in the title', moduleSource({ title: 'title: "Safe \u202Eefas nU"' }), /^m\.md:3: front matter contains an invisible or direction-changing character \(U\+202E\)/m],
    ['a bidi override in body text', moduleSource({}, '## A\n\nPress \u202Estop\n'), /^m\.md:\d+: text contains a direction-changing or control character \(U\+202E\)/m],
    ['an http: link', moduleSource({}, '## A\n\nSee [this](http://example.org).\n'), /^m\.md:\d+: link to "http:\/\/example\.org" is not allowed/m],
    ['a link inside a section heading', moduleSource({}, '## See [rules](https://example.org)\n\ntext\n'), /^m\.md:\d+: a link is not allowed in a heading/m],
    ['an image inside a sub-heading', moduleSource({}, '## A\n\n### Look ![x](x.png)\n\ntext\n'), /^m\.md:\d+: an image is not allowed in a heading/m],
    ['a version that is not a real date', moduleSource({ version: 'version: 2026-02-30' }), /^m\.md:\d+: version "2026-02-30" is not a real calendar date/m],
    ['a version YAML reads as Infinity', moduleSource({ version: 'version: 1e400' }), /^m\.md:5: version must be a finite number, not Infinity/m],
    ['raw HTML in a section heading', moduleSource({}, '## Safe <img src=x onerror=alert(1)> steps\n\ntext\n'), /^m\.md:\d+: raw HTML is not allowed in a heading \(found "<img src=x onerror=alert\(1\)>"\)/m],
  ];

  it.each(cases)('%s is refused with file:line, and nothing is published', async (_name, source, fragment) => {
    const result = await publishFolder({ 'm.md': source, 'good.md': moduleSource({ id: 'id: good' }) });
    expectRefused(result, fragment);
  }, 20_000);

  it('normalises text to NFC, so a decomposed answer matches its composed choice', async () => {
    const quiz = 'quiz:\n  passMark: 50\n  questions:\n    - question: "Welk?"\n      choices: ["Cafe\u0301", "Thee"]\n      answer: "Caf\u00e9"\n      explanation: "x"';
    const result = await publishFolder({ 'm.md': moduleSource({ quiz }) });
    expect(result.lines).toEqual([]);
    expect(result.catalog!.modules).toHaveLength(1);
  });
});

describe('publisher fuzz', () => {
  /**
   * Per file: a bound on time and on the heap's peak, whatever the Markdown and front matter hold. The
   * publisher runs in a thread whose whole heap, its own code included, is capped at 64 MiB: a publish
   * that ever needs more ends the thread and fails the property, however little it leaves behind
   * (compile-jobs.test.ts shows such a cap ending a thread).
   */
  it('ends every input in a publish or in file:line diagnostics, within 2 s and a 64 MiB heap each', async () => {
    const publisher = await heapBoundedPublisher(64, budgetsFile);
    const piece = fc.oneof(
      fc.constantFrom('>', '- ', '1. ', '## ', '### ', '`', '**', '_', '[x](', ')', '![a](', 'b.png', '|', '---', '\n', '\n\n', '<b>', '&amp;', '%', '\u202E', '\u200B', '\uFFFD', '*a', '&a', '[', ']', '{', '}', ':'),
      fc.string({ maxLength: 8 }),
    );
    const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    try {
      await fc.assert(fc.asyncProperty(text, text, fc.integer({ min: 1, max: 300 }), async (yamlExtra, body, repeat) => {
        const source = repeat > 250
          ? `---\n${yamlExtra}\n---\n${body.repeat(repeat)}`
          : moduleSource({ extra: `extra: ${JSON.stringify(yamlExtra)}` }, `## A\n\n${body}\n`);
        const result = await publisher.publish(source);
        expect(result.ms).toBeLessThan(2000);
        for (const line of result.lines) expect(line).toMatch(DIAGNOSTIC);
        expect(result.ok || result.lines.length > 0).toBe(true);
      }), { numRuns: 120 });
    } finally {
      await publisher.close();
    }
  }, 120_000);
});
