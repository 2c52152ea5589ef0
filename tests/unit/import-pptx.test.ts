import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModule } from '../../src/publisher/compile-module.ts';
import { importPptx } from '../../src/publisher/import-pptx.ts';
import { ImportError } from '../../src/publisher/import-limits.ts';
import type { ImportNote } from '../../src/shared/console/import-report.ts';
import { bombPng, ladderDeck } from '../../harness/import-files/pptx.ts';

const OPTIONS = { id: 'ladder-talk', lang: 'en', imageLimit: 12 * 1024, notes: false };
const said = (notes: ImportNote[]) => notes.map((n) => `${n.at} | ${n.outcome} | ${n.text}`);

let deck: Uint8Array;
beforeAll(async () => {
  deck = new Uint8Array(await ladderDeck());
});

/** The deck with some of its files changed: what a damaged or hostile deck looks like. */
function alter(change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(deck);
  change(files);
  return zipSync(files as Zippable);
}

describe('importing a PowerPoint deck', () => {
  it('makes the title slide the title and each titled slide a section, in the deck\'s order, with lists at their levels, bold, a table and a fitted picture', async () => {
    const { source, images, notes } = await importPptx(deck, 'Ladder talk.pptx', OPTIONS);
    expect(source).toMatch(/^---\nid: ladder-talk\ntitle: "Working safely on ladders"\nlanguage: en\n/);
    expect([...source.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['Before you climb', 'Which ladder for which job', 'Falls this year', 'Carrying a ladder']);
    expect(source).toContain('- Check the feet\n   - Both rubber pads are there\n- Check the rungs for oil\n- **Never** climb above the third rung from the top');
    expect(source).toContain('| Job | Ladder |\n| --- | --- |\n| Changing a lamp | Step ladder |\n| Roof gutter | Extension ladder, tied off |');
    expect(source).toContain('![A step ladder open on a level floor](media/ladder-talk-1.webp)');
    expect(source).not.toContain('paint store');
    expect(images.map((i) => i.path)).toEqual(['media/ladder-talk-1.webp']);
    expect(images[0]!.data.length).toBeLessThanOrEqual(OPTIONS.imageLimit);
    // What the publisher says of the draft: only what an import cannot know.
    const compiled = compileModule('ladder-talk.md', source, (src) => ({ url: `/content/media/${src}` }));
    expect(compiled.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/roles/), expect.stringMatching(/quiz/)]);

    expect(said(notes)).toEqual([
      'Slide 1 | kept | The title slide: "Working safely on ladders" is the module\'s title.',
      'Slide 2 | left-out | Speaker notes (20 words); import again with speaker notes to keep them.',
      'Slide 2 | kept | "Before you climb": 4 list items; 22 words.',
      expect.stringMatching(/^Slide 3 \| changed \| A picture of 48\d KiB was scaled to 800 px and saved as WebP: \d+\.\d KiB\.$/),
      expect.stringMatching(/^Slide 3 \| left-out \| A picture \(image-3-2\.png\): \d+ KiB, and still over the 12 KiB image budget at 480 px\.$/),
      'Slide 3 | kept | "Which ladder for which job": a table of 3 rows, a picture; 13 words.',
      'Slide 4 | left-out | A video (media-4-1.mp4, 293 KiB): kiosks on the line get text, not video.',
      'Slide 4 | left-out | A chart (its numbers are not text: say in a sentence what it shows).',
      'Slide 4 | kept | "Falls this year": 1 paragraph; 9 words.',
      'Slide 5 | left-out | It is hidden in the deck.',
      'Slide 6 | changed | It has no title box: its largest text, "Carrying a ladder", is the section\'s title.',
      'Slide 6 | kept | "Carrying a ladder": 1 paragraph; 13 words.',
      'Slide 7 | left-out | Only a title ("Questions?"), and a section needs text.',
      ' | to-do | Add the roles the module is for and a quiz before it can be published: the form marks both.',
    ]);
    expect(notes.find((n) => n.text.startsWith('A video'))?.bytes).toBe(300_000);
  });

  it('keeps the speaker notes as text under their slide when asked to', async () => {
    const { source, notes } = await importPptx(deck, 'Ladder talk.pptx', { ...OPTIONS, notes: true });
    expect(source).toMatch(/climb above the third rung from the top\n\nTell the story of the fall in the paint store in 2019\. Ask who has seen a ladder without feet\.\n\n## Which ladder/);
    expect(said(notes)).toContain('Slide 2 | kept | "Before you climb": 4 list items, the speaker notes; 42 words.');
  });

  it('writes what a slide says as text, never as markup: Markdown and HTML in it arrive escaped', async () => {
    const hostile = alter((files) => {
      const slide = strFromU8(files['ppt/slides/slide2.xml']!);
      files['ppt/slides/slide2.xml'] = strToU8(slide.replace('Check the feet', '&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(1)) 5 * 3 _x_'));
    });
    const { source } = await importPptx(hostile, 'hostile.pptx', OPTIONS);
    expect(source).toContain('- \\<script\\>alert(1)\\</script\\> \\[click\\](javascript:alert(1)) 5 \\* 3 \\_x\\_');
    const compiled = compileModule('hostile.md', source, (src) => ({ url: `/content/media/${src}` }));
    expect(compiled.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/roles/), expect.stringMatching(/quiz/)]);
    expect(JSON.stringify(compiled.parts.sections)).toContain('<script>alert(1)</script> [click](javascript:alert(1)) 5 * 3 _x_');
  });

  it('refuses XML that declares entities, before any of it can expand', async () => {
    const bomb = alter((files) => {
      const slide = strFromU8(files['ppt/slides/slide2.xml']!);
      files['ppt/slides/slide2.xml'] = strToU8(slide.replace('?>', '?><!DOCTYPE p:sld [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>').replace('Check the feet', '&b;'));
    });
    await expect(importPptx(bomb, 'bomb.pptx', OPTIONS)).rejects.toThrow(/bomb\.pptx: ppt\/slides\/slide2\.xml declares a DOCTYPE or entities/);
  });

  it('refuses a slide nested deeper than any real one, without running out of stack', async () => {
    const deep = alter((files) => {
      const slide = strFromU8(files['ppt/slides/slide2.xml']!);
      files['ppt/slides/slide2.xml'] = strToU8(slide.replace('<p:spTree>', `<p:spTree>${'<p:grpSp>'.repeat(5000)}${'</p:grpSp>'.repeat(5000)}`));
    });
    await expect(importPptx(deep, 'deep.pptx', OPTIONS)).rejects.toThrow(/slide2\.xml nests elements more than 64 levels deep/);
  });

  it('refuses a part larger than it can read, from its declared size, before inflating it', async () => {
    const huge = alter((files) => {
      files['ppt/slides/slide2.xml'] = new Uint8Array(3 * 1024 * 1024).fill(32);
    });
    await expect(importPptx(huge, 'huge.pptx', OPTIONS)).rejects.toThrow(/slide2\.xml is 3\.0 MiB of XML; the most one part may have is 2 MiB/);
  });

  it('never fetches a picture linked from outside the deck or from outside the package, and says so', async () => {
    const linked = alter((files) => {
      const rels = strFromU8(files['ppt/slides/_rels/slide3.xml.rels']!);
      files['ppt/slides/_rels/slide3.xml.rels'] = strToU8(rels
        .replace('Target="../media/image-3-1.png"', 'Target="http://attacker.example/track.png" TargetMode="External"')
        .replace('Target="../media/image-3-2.png"', 'Target="../../../../etc/passwd"'));
    });
    const { images, notes } = await importPptx(linked, 'linked.pptx', OPTIONS);
    expect(images).toEqual([]);
    expect(said(notes).filter((n) => n.startsWith('Slide 3 | left-out'))).toEqual([
      'Slide 3 | left-out | A picture linked from outside the deck; an import never fetches it.',
      'Slide 3 | left-out | A picture linked from outside the deck; an import never fetches it.',
    ]);
  });

  it('leaves out a picture whose header claims more pixels than it may decode, and one past what an import reads', async () => {
    const bombs = alter((files) => {
      files['ppt/media/image-3-1.png'] = bombPng(100_000, 100_000);
      files['ppt/media/image-3-2.png'] = new Uint8Array(25 * 1024 * 1024);
    });
    const { images, notes } = await importPptx(bombs, 'bombs.pptx', OPTIONS);
    expect(images).toEqual([]);
    expect(said(notes).filter((n) => n.startsWith('Slide 3 | left-out'))).toEqual([
      'Slide 3 | left-out | A picture (image-3-1.png): it has more than 25 million pixels.',
      'Slide 3 | left-out | A picture of 25600 KiB, past the most an import reads of one file.',
    ]);
  });

  it('says what is wrong with a file that is not a deck', async () => {
    await expect(importPptx(strToU8('not a zip at all'), 'notes.pptx', OPTIONS)).rejects.toThrow(/notes\.pptx is not a readable zip archive/);
    await expect(importPptx(zipSync({ 'word/document.xml': strToU8('<w:document/>') }), 'letter.pptx', OPTIONS)).rejects.toThrow(ImportError);
    await expect(importPptx(zipSync({ 'word/document.xml': strToU8('<w:document/>') }), 'letter.pptx', OPTIONS)).rejects.toThrow(/letter\.pptx is not a PowerPoint deck: it has no ppt\/presentation\.xml/);
  });
});
