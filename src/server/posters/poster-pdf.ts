import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { layoutPoster, type Poster } from './poster-svg.ts';

/** DejaVu Sans, embedded (only the glyphs used): the standard PDF fonts have no ł, ś or ő, and a poster speaks the site's language. */
const FONTS = (() => {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return { regular: join(dir, 'DejaVuSans.ttf'), bold: join(dir, 'DejaVuSans-Bold.ttf') };
})();

const PT_PER_MM = 72 / 25.4;

/**
 * A poster as a PDF of its sheet size (A4 or A6), laid out exactly as the SVG
 * (layoutPoster): a print shop, or a printer driver that will not scale an
 * SVG, takes it as it is.
 */
export function posterPdf(poster: Poster): Promise<Buffer> {
  const p = layoutPoster(poster);
  const doc = new PDFDocument({
    size: [p.width * PT_PER_MM, p.height * PT_PER_MM], margin: 0, lang: p.lang,
    // A fixed date: the same poster is the same file.
    info: { Title: p.title, Creator: 'Lowband Learn', Producer: 'Lowband Learn', CreationDate: new Date(0) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.save().translate(p.qr.x * PT_PER_MM, p.qr.y * PT_PER_MM).scale(p.qr.module * PT_PER_MM).path(p.qr.d).fill('#000').restore();
  for (const line of p.lines) {
    const size = line.size * PT_PER_MM;
    // PDFKit places a line by the top of its box; the layout gives the baseline. DejaVu's ascent is 0.93 em.
    doc.font(line.bold ? FONTS.bold : FONTS.regular).fontSize(size).fillColor('#000')
      .text(line.text, 0, line.y * PT_PER_MM - size * 0.93, { width: p.width * PT_PER_MM, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
