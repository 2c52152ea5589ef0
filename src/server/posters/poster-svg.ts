import { qrPath } from '../qr.ts';
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


/** One line of a poster's text: centred on the sheet, its baseline at `y` (mm). */
export interface PosterLine {
  y: number;
  size: number;
  bold: boolean;
  lang: string;
  text: string;
}

/** Where everything on a poster goes, in millimetres: what the SVG and the PDF both draw. */
export interface PosterLayout {
  width: number;
  height: number;
  /** The QR's dark modules as a path in module units (qrPath), placed at x, y with each module `module` mm wide. */
  qr: { x: number; y: number; module: number; d: string };
  lines: PosterLine[];
  lang: string;
  title: string;
}

/** Lays a poster out on its sheet: the call to scan, the QR with its quiet zone, each language's words, the address to type. */
export function layoutPoster(poster: Poster): PosterLayout {
  const l = LAYOUT[poster.size];
  const inner = l.width - 2 * l.margin;
  const qr = qrPath(poster.url);
  const lines: PosterLine[] = [];
  let y: number = l.margin;
  const text = (words: PosterWords, line: string, size: number, bold = false) => {
    y += size * 1.25;
    lines.push({ y, size, bold, lang: words.lang, text: line });
  };
  const [first] = poster.words;
  text(first, first.strings.scan, l.text, true);
  y += l.text * 0.3;
  // The quiet zone (four modules of white) is the sheet around it: nothing is drawn within it.
  const module = l.qr / (qr.size + 8);
  const placed = { x: (l.width - module * qr.size) / 2, y: y + 4 * module, module, d: qr.d };
  y += l.qr;
  for (const [i, words] of poster.words.entries()) {
    const scale = i === 0 ? 1 : 0.7;
    if (i > 0) y += l.text * 0.8;
    for (const line of wrap(words.title, charsPerLine(inner, l.title * scale), i === 0 ? 3 : 2)) text(words, line, l.title * scale, true);
    y += l.text * scale * 0.3;
    if (words.section) for (const line of wrap(words.strings.jobAid(words.section), charsPerLine(inner, l.text * scale), 2)) text(words, line, l.text * scale, true);
    text(words, words.strings.minutes(words.minutes), l.text * scale);
    for (const line of wrap(words.hook, charsPerLine(inner, l.text * scale), i === 0 ? 3 : 1)) text(words, line, l.text * scale);
  }
  y = Math.max(y, l.height - l.margin - l.small * 2.5);
  text(first, first.strings.orType(poster.url), l.small);
  return { width: l.width, height: l.height, qr: placed, lines, lang: first.lang, title: `${first.title} · ${poster.code}` };
}

/** A poster as an SVG file, sized in millimetres so it prints at its size from any browser or viewer. */
export function posterSvg(poster: Poster): string {
  const p = layoutPoster(poster);
  const lines = p.lines.map((t) => `<text x="${p.width / 2}" y="${t.y.toFixed(1)}" font-size="${t.size}" font-weight="${t.bold ? 'bold' : 'normal'}" text-anchor="middle" xml:lang="${escape(t.lang)}">${escape(t.text)}</text>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}mm" height="${p.height}mm" viewBox="0 0 ${p.width} ${p.height}" xml:lang="${escape(p.lang)}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" fill="#000">
<title>${escape(p.title)}</title>
<rect width="${p.width}" height="${p.height}" fill="#fff"/>
<path transform="translate(${p.qr.x.toFixed(2)} ${p.qr.y.toFixed(2)}) scale(${p.qr.module.toFixed(4)})" d="${p.qr.d}"/>
${lines.join('\n')}
</svg>
`;
}
