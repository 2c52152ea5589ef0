import PptxGenJS from 'pptxgenjs';
import { deflateSync } from 'node:zlib';
import { encodePng } from './docx.ts';

/**
 * A PNG `width` by `height`: 'photo' is a smooth gradient (large as a PNG,
 * small once scaled and saved as WebP), 'noise' is random-looking pixels that
 * no encoder can make small (left out at any size a kiosk takes).
 */
export function picturePng(width: number, height: number, kind: 'photo' | 'noise'): Buffer {
  const rows: Buffer[] = [];
  let seed = 7;
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      if (kind === 'photo') row.set([(x * 255) / width, (y * 255) / height, 128], 1 + x * 3);
      else for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    }
    rows.push(row);
  }
  return encodePng(width, height, deflateSync(Buffer.concat(rows), { level: 1 }));
}

/** A PNG whose header claims `width` by `height` pixels over a few bytes of data: what a decompression bomb looks like to a decoder. */
export function bombPng(width: number, height: number): Buffer {
  return encodePng(width, height, deflateSync(Buffer.alloc(1000)));
}

const dataUrl = (type: string, data: Buffer) => `data:${type};base64,${data.toString('base64')}`;

/**
 * The toolbox-talk deck a maintenance supervisor already has: a title slide,
 * bulleted slides with levels and bold words and speaker notes, a table, a
 * photo too large for the line and one that cannot be made small enough, a
 * video and a chart, a hidden slide, a slide whose title is only a large
 * text box, and a closing slide with a title alone.
 */
export async function ladderDeck(): Promise<Buffer> {
  const deck = new PptxGenJS();
  deck.title = 'Ladders';
  deck.defineSlideMaster({
    title: 'TITLE',
    objects: [
      { placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 1.5, w: 9, h: 1.2 }, text: '' } },
      { placeholder: { options: { name: 'sub', type: 'body', x: 0.5, y: 3, w: 9, h: 1 }, text: '' } },
    ],
  });
  deck.defineSlideMaster({
    title: 'CONTENT',
    objects: [
      { placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.2, w: 9, h: 0.9 }, text: '' } },
      { placeholder: { options: { name: 'body', type: 'body', x: 0.5, y: 1.2, w: 9, h: 3 }, text: '' } },
    ],
  });
  const first = deck.addSlide({ masterName: 'TITLE' });
  first.addText('Working safely on ladders', { placeholder: 'title' });

  const climb = deck.addSlide({ masterName: 'CONTENT' });
  climb.addText('Before you climb', { placeholder: 'title' });
  climb.addText([
    { text: 'Check the feet', options: { bullet: true, breakLine: true } },
    { text: 'Both rubber pads are there', options: { bullet: true, indentLevel: 1, breakLine: true } },
    { text: 'Check the rungs for oil', options: { bullet: true, breakLine: true } },
    { text: 'Never', options: { bullet: true, bold: true } },
    { text: ' climb above the third rung from the top', options: { breakLine: true } },
  ], { placeholder: 'body' });
  climb.addNotes('Tell the story of the fall in the paint store in 2019. Ask who has seen a ladder without feet.');

  const which = deck.addSlide({ masterName: 'CONTENT' });
  which.addText('Which ladder for which job', { placeholder: 'title' });
  which.addTable([
    [{ text: 'Job' }, { text: 'Ladder' }],
    [{ text: 'Changing a lamp' }, { text: 'Step ladder' }],
    [{ text: 'Roof gutter' }, { text: 'Extension ladder, tied off' }],
  ], { x: 0.5, y: 1.2, w: 9 });
  which.addImage({ data: dataUrl('image/png', picturePng(1600, 1200, 'photo')), x: 0.5, y: 3, w: 4, h: 3, altText: 'A step ladder open on a level floor' });
  which.addImage({ data: dataUrl('image/png', picturePng(600, 600, 'noise')), x: 5, y: 3, w: 3, h: 3, altText: 'Static' });

  const media = deck.addSlide({ masterName: 'CONTENT' });
  media.addText('Falls this year', { placeholder: 'title' });
  media.addText('Two falls from ladders, both from the top rungs.', { placeholder: 'body' });
  media.addMedia({ type: 'video', data: dataUrl('video/mp4', Buffer.alloc(300_000, 9)), x: 0.5, y: 3, w: 4, h: 2.5 });
  media.addChart(deck.ChartType.bar, [{ name: 'Falls', labels: ['2025', '2026'], values: [3, 2] }], { x: 5, y: 3, w: 4, h: 2.5 });

  const hidden = deck.addSlide({ masterName: 'CONTENT' });
  hidden.addText('Trainer only', { placeholder: 'title' });
  hidden.addText('Answers to the quiz.', { placeholder: 'body' });
  hidden.hidden = true;

  const boxes = deck.addSlide();
  boxes.addText('Carrying a ladder', { x: 0.5, y: 0.3, w: 9, h: 1, fontSize: 32 });
  boxes.addText('Carry it level, front end low, and look where the back end goes.', { x: 0.5, y: 1.5, w: 9, h: 1, fontSize: 18 });

  const end = deck.addSlide({ masterName: 'CONTENT' });
  end.addText('Questions?', { placeholder: 'title' });

  return Buffer.from(await deck.write({ outputType: 'nodebuffer' }) as ArrayBuffer);
}
