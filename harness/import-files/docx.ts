import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, UnderlineType } from 'docx';
import { deflateSync } from 'node:zlib';

/** A tiny valid PNG of `bytes` or so (an uncompressible noise row), to test the image budget both ways. */
export function png(bytes: number): Buffer {
  const width = Math.max(1, Math.floor(bytes / 3));
  const raw = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width * 3 }, (_, i) => (i * 7919) % 251))]);
  return encodePng(width, 1, deflateSync(raw, { level: 0 }));
}

/** An RGB PNG of `width` by `height` around an IDAT's bytes as given (whether or not they hold that many pixels). */
export function encodePng(width: number, height: number, idat: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([length, Buffer.from(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * The kind of Word document L&D already has: a title, headings, a list, a
 * table, bold and underlined words, a small picture and one too large for
 * the line as it is (the import scales it down).
 */
export async function spillProcedureDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [{
      children: [
        new Paragraph({ text: 'Chemical spill: what to do in the first minutes', heading: HeadingLevel.TITLE }),
        new Paragraph({ text: 'Stop and warn', heading: HeadingLevel.HEADING_1 }),
        new Paragraph({ children: [new TextRun('Say '), new TextRun({ text: 'stop', bold: true }), new TextRun(' out loud and '), new TextRun({ text: 'keep people away', underline: { type: UnderlineType.SINGLE } }), new TextRun('.')] }),
        new Paragraph({ text: 'Keep back two metres', bullet: { level: 0 } }),
        new Paragraph({ text: 'Call the supervisor', bullet: { level: 0 } }),
        new Paragraph({ children: [new ImageRun({ type: 'png', data: png(600), transformation: { width: 40, height: 1 }, altText: { name: 'kit', description: 'The spill kit', title: 'Spill kit' } })] }),
        new Paragraph({ text: 'Which kit', heading: HeadingLevel.HEADING_1 }),
        new Table({
          rows: [
            new TableRow({ children: [new TableCell({ children: [new Paragraph('Spill')] }), new TableCell({ children: [new Paragraph('Kit')] })] }),
            new TableRow({ children: [new TableCell({ children: [new Paragraph('Oil')] }), new TableCell({ children: [new Paragraph('Yellow kit')] })] }),
            new TableRow({ children: [new TableCell({ children: [new Paragraph('Acid')] }), new TableCell({ children: [new Paragraph('Red kit')] })] }),
          ],
        }),
        new Paragraph({ children: [new ImageRun({ type: 'png', data: png(40_000), transformation: { width: 400, height: 1 }, altText: { name: 'floor', description: 'The marked floor', title: 'Floor' } })] }),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}
