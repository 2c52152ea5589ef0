import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/publisher/compile-module.ts';
import { importPdf, PDF_LIMITS } from '../../src/publisher/import-pdf.ts';
import type { ImportNote } from '../../src/shared/console/import-report.ts';
import { forkliftProcedurePdf, pdfOf } from '../../harness/import-files/pdf.ts';
import { picturePng } from '../../harness/import-files/pptx.ts';

const OPTIONS = { id: 'p-12-forklift', lang: 'en' };
const said = (notes: ImportNote[]) => notes.map((n) => `${n.at} | ${n.outcome} | ${n.text}`);
const bytes = async (pdf: Promise<Buffer>) => new Uint8Array(await pdf);

describe('importing a PDF', () => {
  it('finds the title, headings by type size, paragraphs, both kinds of list and a table in reading order, drops the running footer and says which page is a scan', async () => {
    const { source, images, notes } = await importPdf(await bytes(forkliftProcedurePdf()), 'P-12 forklift.pdf', OPTIONS);
    expect(source).toMatch(/^---\nid: p-12-forklift\ntitle: "Forklift checks before every shift"\nlanguage: en\n/);
    const body = source.split(/^---$/m)[2]!.trim();
    expect(body).toBe([
      'Every driver checks the truck before the first lift of the shift. A truck that fails a check is parked, tagged and reported; it is not driven until a fitter has signed it off.',
      '## Walk around the truck',
      '- Tyres: no cuts, no bald patches, wheel nuts all there.\n- Forks: straight, no cracks at the heel, locking pins in place, and the carriage free of anything hanging from it that could fall on someone walking past.\n- Chains: oiled, no stiff links.',
      '## What good looks like',
      '| Part | Good |\n| --- | --- |\n| Horn | Loud at 20 m |\n| Brakes | Stops within a truck length |',
      '## If something is wrong',
      '1. Park the truck with the forks down.\n2. Hang the red tag on the steering wheel.\n3. Tell the shift lead before you take another truck.',
      'The shift lead logs the fault and calls the fitter.',
    ].join('\n\n'));
    expect(images).toEqual([]);
    expect(said(notes)).toEqual([
      ' | changed | A line on 3 pages, like "Procedure P-12, issue 3. Page 1", is taken for a running header or footer and left out.',
      'Page 1 | kept | 2 headings, 1 paragraph, 1 list of 3 items, a table of 3 rows; 97 words.',
      'Page 2 | kept | 1 heading, 1 paragraph, 1 list of 3 items; 41 words.',
      'Page 3 | left-out | It has no text layer, only a picture (a scanned page?): an import does not read text from pictures (no OCR); type what it says in the form.',
      ' | to-do | Add the roles the module is for and a quiz before it can be published: the form marks both.',
    ]);
    const compiled = compileModule('p-12-forklift.md', source, (src) => ({ url: `/content/media/${src}` }));
    expect(compiled.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/roles/), expect.stringMatching(/quiz/)]);
  });

  it('joins a paragraph that runs on over a page break, and says pictures are not taken', async () => {
    const pdf = await bytes(pdfOf((doc) => {
      doc.fontSize(20).text('Hot work permits', 72, 72);
      doc.fontSize(11).text('A permit is needed for welding, grinding and any flame', 72, 760, { lineBreak: false });
      doc.addPage();
      doc.fontSize(11).text('outside the workshop, and it is kept on the job until the fire watch ends.', 72, 72);
      doc.image(picturePng(40, 40, 'photo'), 72, 120, { width: 40 });
    }));
    const { source, notes } = await importPdf(pdf, 'hot-work.pdf', OPTIONS);
    expect(source).toContain('A permit is needed for welding, grinding and any flame outside the workshop, and it is kept on the job until the fire watch ends.');
    expect(said(notes)).toEqual(expect.arrayContaining([
      'Page 2 | changed | Its first paragraph runs on from the page before and joins it.',
      'Page 2 | left-out | 1 picture: pictures are not taken from a PDF; add the ones that matter in the form.',
    ]));
  });

  it('writes what a page says as text, never as markup', async () => {
    const pdf = await bytes(pdfOf((doc) => {
      doc.fontSize(20).text('Markup on a page', 72, 72);
      doc.fontSize(11).text('<script>alert(1)</script> [click](javascript:alert(1)) 5 * 3 _x_', 72, 120);
    }));
    const { source } = await importPdf(pdf, 'markup.pdf', OPTIONS);
    expect(source).toContain('\\<script\\>alert(1)\\</script\\> \\[click\\](javascript:alert(1)) 5 \\* 3 \\_x\\_');
    const compiled = compileModule('markup.md', source, (src) => ({ url: `/content/media/${src}` }));
    expect(JSON.stringify(compiled.parts.sections)).toContain('<script>alert(1)</script> [click](javascript:alert(1)) 5 * 3 _x_');
  });

  it('refuses a PDF it cannot read, with the reason: a password, no text at all, too many pages, not a PDF', async () => {
    const locked = await bytes(pdfOf((doc) => doc.text('Secret'), { userPassword: 'plant', ownerPassword: 'plant' }));
    await expect(importPdf(locked, 'locked.pdf', OPTIONS)).rejects.toThrow('locked.pdf is protected by a password: save it again without one');
    const scanned = await bytes(pdfOf((doc) => { doc.image(picturePng(200, 100, 'photo'), 72, 72, { width: 200 }); doc.addPage(); doc.image(picturePng(200, 100, 'photo'), 72, 72, { width: 200 }); }));
    await expect(importPdf(scanned, 'scan.pdf', OPTIONS)).rejects.toThrow(/scan\.pdf has no text layer on any page: .*\(no OCR\)$/);
    const long = await bytes(pdfOf((doc) => { for (let i = 0; i < PDF_LIMITS.maxPages; i++) doc.text(`Page ${i + 1}`).addPage(); }));
    await expect(importPdf(long, 'manual.pdf', OPTIONS)).rejects.toThrow(`manual.pdf has ${PDF_LIMITS.maxPages + 1} pages; an import reads at most ${PDF_LIMITS.maxPages}`);
    await expect(importPdf(new TextEncoder().encode('%PDF-1.4 not really'), 'fake.pdf', OPTIONS)).rejects.toThrow(/fake\.pdf is not a readable PDF/);
  });
});
