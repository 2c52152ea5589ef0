import PDFDocument from 'pdfkit';
import { picturePng } from './pptx.ts';

/** A PDF from pdfkit's drawing calls, as bytes. */
export function pdfOf(draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

/**
 * A supplier's procedure as L&D gets it: a title, headings in a larger type,
 * paragraphs that wrap, a bulleted and a numbered list, a two-column table,
 * a running footer with the page number, and a scanned page with no text.
 */
export function forkliftProcedurePdf(): Promise<Buffer> {
  return pdfOf((doc) => {
    const footer = (n: number) => doc.fontSize(9).text(`Procedure P-12, issue 3. Page ${n}`, 72, 780, { lineBreak: false });
    doc.info.Title = 'P-12 forklift';
    doc.fontSize(24).text('Forklift checks before every shift', 72, 72);
    doc.moveDown(0.5);
    doc.fontSize(11).text('Every driver checks the truck before the first lift of the shift. A truck that fails a check is parked, tagged and reported; it is not driven until a fitter has signed it off.', { width: 450 });
    doc.moveDown();
    doc.fontSize(16).text('Walk around the truck');
    doc.moveDown(0.3);
    doc.fontSize(11);
    for (const item of ['Tyres: no cuts, no bald patches, wheel nuts all there.', 'Forks: straight, no cracks at the heel, locking pins in place, and the carriage free of anything hanging from it that could fall on someone walking past.', 'Chains: oiled, no stiff links.']) {
      doc.text(`•  ${item}`, { width: 430, indent: 0 });
    }
    doc.moveDown();
    doc.fontSize(16).text('What good looks like');
    doc.moveDown(0.3);
    let y = doc.y;
    for (const [part, good] of [['Part', 'Good'], ['Horn', 'Loud at 20 m'], ['Brakes', 'Stops within a truck length']]) {
      doc.fontSize(11).text(part!, 72, y, { lineBreak: false });
      doc.text(good!, 250, y, { lineBreak: false });
      y += 18;
    }
    footer(1);
    doc.addPage();
    doc.fontSize(16).text('If something is wrong', 72, 72);
    doc.moveDown(0.3);
    doc.fontSize(11);
    ['Park the truck with the forks down.', 'Hang the red tag on the steering wheel.', 'Tell the shift lead before you take another truck.'].forEach((step, i) => doc.text(`${i + 1}. ${step}`, { width: 430 }));
    doc.moveDown();
    doc.text('The shift lead logs the fault and calls the fitter.', { width: 450 });
    footer(2);
    doc.addPage();
    doc.image(picturePng(400, 300, 'photo'), 72, 72, { width: 400 });
    footer(3);
  });
}
