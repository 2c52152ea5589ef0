import { encode } from 'uqr';
import type { PosterSize } from '../../shared/console/posters.ts';
import type { PosterStrings } from './i18n/en.ts';

/** What a poster says, in one language. */
export interface PosterWords {
  lang: string;
  strings: PosterStrings;
  title: string;
  /** The module's one-line summary: why scan it. */
  hook: string;
  minutes: number;
  /** A job aid's section title; null for the whole module. */
  section: string | null;
}

export interface Poster {
  size: PosterSize;
  /** The short address the QR holds, upper case (shared/short-code.ts). */
  url: string;
  code: string;
  /** The site's language first; a second one when the site's people read one. */
  words: [PosterWords] | [PosterWords, PosterWords];
}

/** Millimetres: a sheet, and the type sizes that read at arm's length (A4 on a wall) or close up (A6 on a machine). */
const LAYOUT = {
  a4: { width: 210, height: 297, margin: 15, qr: 120, title: 13, text: 6, small: 4.5 },
  a6: { width: 105, height: 148, margin: 7, qr: 58, title: 6.5, text: 3.4, small: 2.6 },
} as const;

/** A glyph is about 0.55 em wide on average in the sans-serif faces a printer has: enough to break lines without measuring. */
const charsPerLine = (width: number, size: number) => Math.floor(width / (size * 0.55));

/** Greedy word wrap to at most `maxLines`, the last line cut with an ellipsis when the words do not fit. */
export function wrap(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= perLine || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.map((l) => (l.length > perLine ? `${l.slice(0, perLine - 1)}…` : l));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, perLine - 1)}…`;
  return kept;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The QR's dark modules as one path, runs along each row merged: a version 3
 * symbol is about 300 runs, a few kilobytes of SVG where a rect per module
 * would be tens. Error correction M: a poster gets scuffed.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  const runs: string[] = [];
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < size && row[x + 1]) x++;
      runs.push(`M${start} ${y}h${x - start + 1}v1h${-(x - start + 1)}z`);
    }
  });
  return { size, d: runs.join('') };
}

/** A poster as an SVG file, sized in millimetres so it prints at its size from any browser or viewer. */
export function posterSvg(poster: Poster): string {
  const l = LAYOUT[poster.size];
  const inner = l.width - 2 * l.margin;
  const qr = qrPath(poster.url);
  const out: string[] = [];
  let y: number = l.margin;
  const text = (words: PosterWords, line: string, size: number, weight: 'bold' | 'normal' = 'normal') => {
    y += size * 1.25;
    out.push(`<text x="${l.width / 2}" y="${y.toFixed(1)}" font-size="${size}" font-weight="${weight}" text-anchor="middle" xml:lang="${escape(words.lang)}">${escape(line)}</text>`);
  };
  const [first] = poster.words;
  text(first, first.strings.scan, l.text, 'bold');
  y += l.text * 0.3;
  // The quiet zone (four modules of white) is the sheet around it: nothing is drawn within it.
  const module = l.qr / (qr.size + 8);
  const side = module * qr.size;
  out.push(`<path transform="translate(${((l.width - side) / 2).toFixed(2)} ${(y + 4 * module).toFixed(2)}) scale(${module.toFixed(4)})" d="${qr.d}"/>`);
  y += l.qr;
  for (const [i, words] of poster.words.entries()) {
    const scale = i === 0 ? 1 : 0.7;
    if (i > 0) y += l.text * 0.8;
    for (const line of wrap(words.title, charsPerLine(inner, l.title * scale), i === 0 ? 3 : 2)) text(words, line, l.title * scale, 'bold');
    y += l.text * scale * 0.3;
    if (words.section) for (const line of wrap(words.strings.jobAid(words.section), charsPerLine(inner, l.text * scale), 2)) text(words, line, l.text * scale, 'bold');
    text(words, words.strings.minutes(words.minutes), l.text * scale);
    for (const line of wrap(words.hook, charsPerLine(inner, l.text * scale), i === 0 ? 3 : 1)) text(words, line, l.text * scale);
  }
  y = Math.max(y, l.height - l.margin - l.small * 2.5);
  text(first, first.strings.orType(poster.url), l.small);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}mm" height="${l.height}mm" viewBox="0 0 ${l.width} ${l.height}" xml:lang="${escape(first.lang)}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" fill="#000">
<title>${escape(`${first.title} · ${poster.code}`)}</title>
<rect width="${l.width}" height="${l.height}" fill="#fff"/>
${out.join('\n')}
</svg>
`;
}
