import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/publisher/compile-module.ts';
import { importDocx } from '../../src/publisher/import-docx.ts';
import { ImportError, IMPORT_LIMITS } from '../../src/publisher/import-limits.ts';
import { draftName, importMarkdownZip } from '../../src/publisher/import-markdown-zip.ts';
import { png, spillProcedureDocx } from '../../harness/import-files/docx.ts';
import { lieAboutSize } from '../../harness/hostile-zip.ts';
import { Document, HeadingLevel, ImageRun, Packer, Paragraph } from 'docx';
import type { ImportNote } from '../../src/shared/console/import-report.ts';
import { picturePng } from '../../harness/import-files/pptx.ts';

const LIMIT = 12 * 1024;
const said = (notes: ImportNote[]) => notes.map((n) => `${n.at} | ${n.outcome} | ${n.text}`);

describe('importing a Word document', () => {
  it('keeps the title, sections, list, table, bold and a small image, and reports the rest', async () => {
    const { source, images, notes } = await importDocx(await spillProcedureDocx(), 'Spill procedure.docx', { id: 'spill-procedure', lang: 'en', imageLimit: LIMIT });
    expect(source).toMatch(/^---\nid: spill-procedure\ntitle: "Chemical spill: what to do in the first minutes"\nlanguage: en\n/);
    expect(source).toMatch(/^## Stop and warn$/m);
    expect(source).toMatch(/^## Which kit$/m);
    expect(source).toContain('Say **stop** out loud');
    expect(source).toMatch(/^- Keep back two metres$/m);
    // Word's first row is the table's header, not a row under an empty one.
    expect(source).toMatch(/^\| Spill \| Kit \|\n\| --- \| --- \|\n\| Oil \| Yellow kit \|$/m);
    expect(source).toMatch(/!\[[^\]]*\]\(media\/spill-procedure-1\.png\)/);
    expect(source).toMatch(/!\[The marked floor\]\(media\/spill-procedure-2\.webp\)/);
    expect(images.map((i) => i.path)).toEqual(['media/spill-procedure-1.png', 'media/spill-procedure-2.webp']);
    expect(said(notes)).toEqual([
      ' | kept | 2 sections from its headings, with 28 words and 2 pictures.',
      expect.stringMatching(/^Image 2 \| changed \| Scaled from 39\.\d KiB to 800 px and saved as WebP: 0\.\d KiB\.$/),
      ' | to-do | Add the roles the module is for and a quiz before it can be published: the form marks both.',
    ]);
    // Only roles and a quiz are missing: the publisher says so, and nothing else.
    const compiled = compileModule('spill-procedure.md', source, (src) => ({ url: `/content/media/${src}` }));
    expect(compiled.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/roles/), expect.stringMatching(/quiz/)]);
  });

  it('refuses a Word document whose text part is larger than it can read in bounded memory, before reading it', async () => {
    const big = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(IMPORT_LIMITS.maxDocumentXmlBytes + 1).fill(32) });
    await expect(importDocx(Buffer.from(big), 'huge.docx', { id: 'huge', lang: 'en', imageLimit: LIMIT })).rejects.toThrow(/word\/document\.xml is 2\.0 MiB of XML; the most a document may have is 2 MiB/);
  });

  it('leaves out a picture no scaling brings within the image budget, with its size', async () => {
    const doc = new Document({ sections: [{ children: [
      new Paragraph({ text: 'Static', heading: HeadingLevel.TITLE }),
      new Paragraph({ text: 'Noise', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ children: [new ImageRun({ type: 'png', data: picturePng(600, 600, 'noise'), transformation: { width: 100, height: 100 }, altText: { name: 'n', description: 'Noise', title: 'Noise' } })] }),
    ] }] });
    const { images, notes } = await importDocx(await Packer.toBuffer(doc), 'static.docx', { id: 'static', lang: 'en', imageLimit: LIMIT });
    expect(images).toEqual([]);
    expect(said(notes)).toContainEqual(expect.stringMatching(/^Image 1 \| left-out \| \d+ KiB, and still over the 12 KiB image budget at 480 px\.$/));
  });

  it('says what is wrong with a file that is not a Word document', async () => {
    await expect(importDocx(Buffer.from('not a zip at all'), 'notes.docx', { id: 'notes', lang: 'en', imageLimit: LIMIT })).rejects.toThrow(ImportError);
  });
});

describe('importing a zip of Markdown files', () => {
  it('takes top-level modules and images within budget from a zipped folder, and names what it leaves out', () => {
    const zip = zipSync({
      'course/01-Ladders.md': strToU8('---\nid: ladders\n---\n'),
      'course/media/ladder.png': png(500),
      'course/media/huge.png': png(20_000),
      'course/media/evil.svg': strToU8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'course/old/02-old.md': strToU8('old'),
      'course/notes.txt': strToU8('hi'),
      'course/.DS_Store': strToU8('x'),
    });
    const result = importMarkdownZip(zip, 'course.zip', LIMIT);
    expect(result.modules.map((m) => m.name)).toEqual(['01-ladders.md']);
    expect(result.images.map((i) => i.path)).toEqual(['media/ladder.png']);
    expect(said(result.notes)).toEqual([
      'course/01-Ladders.md | kept | The module 01-ladders.md.',
      expect.stringMatching(/^course\/media\/evil\.svg \| left-out \| /),
      expect.stringMatching(/^course\/media\/huge\.png \| left-out \| 19\.\d KiB is over the 12 KiB image budget\.$/),
      'course/notes.txt | left-out | Only .md modules and images are imported.',
      'course/old/02-old.md | left-out | Modules are imported from the top folder only.',
    ]);
  });

  it('refuses an archive that would unpack past its limits, before unpacking it', () => {
    const bomb = zipSync({ 'a.md': new Uint8Array(IMPORT_LIMITS.maxUnpackedBytes + 1) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => importMarkdownZip(bomb, 'bomb.zip', LIMIT)).toThrow(/unpacks to more than 20 MiB/);
    expect(() => importMarkdownZip(zipSync({ 'a.txt': strToU8('x') }), 'empty.zip', LIMIT)).toThrow(/holds no \.md module files/);
  });

  it('stops inflating an entry that holds more than it declares, and refuses the archive', () => {
    // A megabyte of zeros that says it is 100 bytes, in the directory and in its local header alike.
    const honest = zipSync({ 'a.md': new Uint8Array(1024 * 1024) }, { level: 9 });
    const liar = lieAboutSize(honest, 100);
    expect(() => importMarkdownZip(liar, 'liar.zip', LIMIT)).toThrow(/a\.md holds more or less than the 100 bytes it declares/);
    // And one that declares more than it holds.
    expect(() => importMarkdownZip(lieAboutSize(zipSync({ 'a.md': strToU8('---\nid: a\n---\n') }), 4096), 'short.zip', LIMIT)).toThrow(/declares/);
  });

  it('names in its report the entries whose paths climb out of the folder', () => {
    const zip = zipSync({ '01-ok.md': strToU8('---\nid: ok\n---\n'), '../../evil.md': strToU8('x'), 'media/../../../x.png': png(10) });
    const result = importMarkdownZip(zip, 'course.zip', LIMIT);
    expect(result.modules.map((m) => m.name)).toEqual(['01-ok.md']);
    expect(said(result.notes)).toEqual([
      '../../evil.md | left-out | Its path leads out of the folder (..).',
      'media/../../../x.png | left-out | Its path leads out of the folder (..).',
      '01-ok.md | kept | The module 01-ok.md.',
    ]);
  });

  it('makes a safe file name of any entry name', () => {
    expect(draftName('../../etc/Passwd.md')).toBe('passwd.md');
    expect(draftName('Fire Safety (v2).md')).toBe('fire-safety-v2.md');
    expect(draftName('---.md')).toBeNull();
  });
});

