import { note, type ImportNote } from '../shared/console/import-report.ts';
import { englishCount } from '../shared/plural.ts';
import { draftSource, escapeMarkdown, markdownTable, wordCount, type ImportedModule } from './draft-source.ts';
import { ImportError } from './import-limits.ts';

/**
 * A PDF's text layer as a draft module, read by PDF.js (the trimmed
 * serverless build `unpdf` ships; it runs only here, in the compile worker,
 * with eval off and nothing fetched). A PDF has no structure to read, only
 * words at places in some type size, so the structure is inferred the way a
 * reader sees it: the largest line on the first page is the title, larger
 * type than the body is a heading (its size sets its level), lines that
 * start with a bullet or a number are list items, lines split into the same
 * aligned columns are a table, and lines repeated on most pages (a running
 * footer with the page number) are dropped. A page with no text is a scan:
 * said, not read (no OCR). Pictures are not taken from a PDF.
 */
export interface PdfOptions {
  id: string;
  lang: string;
}

export const PDF_LIMITS = {
  /** A module is minutes of reading: a PDF longer than this is a manual to split, not a module. */
  maxPages: 200,
} as const;

interface Item { str: string; x: number; y: number; size: number; width: number; eol: boolean }
interface Line { y: number; x: number; size: number; cells: string[]; text: string }
interface Page { number: number; lines: Line[]; pictures: number }

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string; size: number; y: number }
  | { kind: 'item'; list: 'bullet' | 'number'; text: string; size: number; y: number }
  | { kind: 'table'; rows: string[][] };

const BULLET = /^[•◦▪▫●○■□‣⁃–*-]\s+/;
const NUMBERED = /^(\d{1,2})[.)]\s+/;
/** A heading is this much larger than the body's type, and a short line. */
const HEADING_RATIO = 1.15;
const HEADING_MAX_WORDS = 15;

export async function importPdf(data: Uint8Array, fileName: string, options: PdfOptions): Promise<ImportedModule> {
  const { getDocumentProxy, getResolvedPDFJS } = await import('unpdf');
  const { OPS } = await getResolvedPDFJS();
  const pdf = await getDocumentProxy(data, { isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0, stopAtErrors: true }).catch((err: Error) => {
    if (err.name === 'PasswordException') throw new ImportError(`${fileName} is protected by a password: save it again without one`);
    throw new ImportError(`${fileName} is not a readable PDF (${err.message})`);
  });
  try {
    if (pdf.numPages > PDF_LIMITS.maxPages) throw new ImportError(`${fileName} has ${pdf.numPages} pages; an import reads at most ${PDF_LIMITS.maxPages}: split it into the parts people need at one time`);
    const pages: Page[] = [];
    const pictureOps = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const items = (content.items as { str?: string; transform: number[]; width: number; hasEOL: boolean }[])
        .filter((i) => typeof i.str === 'string')
        .map((i) => ({ str: i.str!, x: i.transform[4]!, y: i.transform[5]!, size: Math.hypot(i.transform[0]!, i.transform[1]!) || Math.abs(i.transform[3]!), width: i.width, eol: i.hasEOL }));
      const ops = await page.getOperatorList();
      pages.push({ number: n, lines: linesOf(items), pictures: ops.fnArray.filter((fn) => pictureOps.has(fn)).length });
      page.cleanup();
    }
    const title = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    return build(pages, fileName, options, typeof title?.Title === 'string' ? title.Title : null);
  } finally {
    await pdf.destroy();
  }
}

/** Items into lines: a new line where PDF.js says one ends or the baseline moves; cells where a gap wider than a word space opens. */
function linesOf(items: Item[]): Line[] {
  const lines: Line[] = [];
  let current: Item[] = [];
  const flush = () => {
    const words = current.filter((i) => i.str.trim());
    if (words.length) {
      const cells: string[] = [];
      let cell = '';
      let end = -Infinity;
      const size = Math.max(...words.map((i) => i.size));
      for (const item of words) {
        if (cell && item.x - end > size * 1.5) {
          cells.push(cell.trim());
          cell = '';
        }
        cell += (cell && !cell.endsWith(' ') && item.x - end > size * 0.15 ? ' ' : '') + item.str;
        end = item.x + item.width;
      }
      cells.push(cell.trim());
      lines.push({ y: words[0]!.y, x: words[0]!.x, size, cells, text: cells.join(' ').replace(/\s+/g, ' ').trim() });
    }
    current = [];
  };
  for (const item of items) {
    const last = current.at(-1);
    if (last && Math.abs(item.y - last.y) > Math.max(item.size, last.size) * 0.3) flush();
    current.push(item);
    if (item.eol) flush();
  }
  flush();
  return lines;
}

function build(pages: Page[], fileName: string, options: PdfOptions, metaTitle: string | null): ImportedModule {
  const notes: ImportNote[] = [];
  // A line on most pages (digits aside) is a running header or footer: the page number, the document's name.
  const shape = (text: string) => text.replace(/\d+/g, '#');
  const onPages = new Map<string, { first: string; pages: Set<number> }>();
  for (const page of pages) {
    for (const line of page.lines) {
      const seen = onPages.get(shape(line.text)) ?? { first: line.text, pages: new Set<number>() };
      onPages.set(shape(line.text), { ...seen, pages: seen.pages.add(page.number) });
    }
  }
  const running = new Set([...onPages].filter(([, on]) => on.pages.size >= 3 && on.pages.size >= pages.length / 2).map(([text]) => text));
  for (const text of running) notes.push(note('', 'changed', `A line on ${onPages.get(text)!.pages.size} pages, like "${onPages.get(text)!.first}", is taken for a running header or footer and left out.`));
  for (const page of pages) page.lines = page.lines.filter((l) => !running.has(shape(l.text)));

  const sizes = new Map<number, number>();
  for (const line of pages.flatMap((p) => p.lines)) sizes.set(round(line.size), (sizes.get(round(line.size)) ?? 0) + line.text.length);
  const body = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (body === undefined) throw new ImportError(`${fileName} has no text layer on any page: it is scanned pictures of pages, and an import does not read text from pictures (no OCR)`);
  const isHeadingLine = (l: Line) => round(l.size) >= body * HEADING_RATIO && wordCount(l.text) <= HEADING_MAX_WORDS && l.cells.length === 1;

  // The title: the first page's largest line, when nothing in the document is larger.
  const first = pages[0]!.lines;
  const largest = Math.max(...pages.flatMap((p) => p.lines.map((l) => round(l.size))));
  const titleLine = first.find((l) => round(l.size) === largest && isHeadingLine(l));
  const headingSizes = [...new Set(pages.flatMap((p) => p.lines.filter((l) => l !== titleLine && isHeadingLine(l)).map((l) => round(l.size))))].sort((a, b) => b - a);
  const levelOf = (size: number) => Math.min(4, 2 + headingSizes.indexOf(round(size)));

  const out: string[] = [];
  let previous: Block | null = null;
  for (const page of pages) {
    const at = `Page ${page.number}`;
    const lines = page.lines.filter((l) => l !== titleLine);
    if (!lines.length) {
      notes.push(note(at, 'left-out', page.pictures ? 'It has no text layer, only a picture (a scanned page?): an import does not read text from pictures (no OCR); type what it says in the form.' : 'It is empty.'));
      continue;
    }
    const blocks = blocksOf(lines, isHeadingLine, levelOf);
    // A paragraph that runs on over the page break is one paragraph.
    const opening = blocks[0];
    if (previous?.kind === 'paragraph' && opening?.kind === 'paragraph' && !/[.!?:]$/.test(previous.text)) {
      blocks.shift();
      out[out.length - 1] += ` ${escapeMarkdown(opening.text)}`;
      notes.push(note(at, 'changed', 'Its first paragraph runs on from the page before and joins it.'));
    }
    out.push(...markdownOf(blocks));
    if (page.pictures) notes.push(note(at, 'left-out', `${englishCount(page.pictures, 'picture')}: pictures are not taken from a PDF; add the ones that matter in the form.`));
    notes.push(note(at, 'kept', `${describe(blocks)}; ${englishCount(lines.reduce((n, l) => n + wordCount(l.text), 0), 'word')}.`));
    previous = blocks.at(-1) ?? previous;
  }
  if (!out.length) throw new ImportError(`${fileName} has no text to import beside its title`);
  let title = titleLine?.text ?? metaTitle?.trim();
  if (!title) {
    title = fileName.replace(/\.pdf$/i, '').replace(/[-_]+/g, ' ');
    notes.push(note('', 'to-do', `Nothing in the PDF reads as its title: the title is "${title}"; change it in the form.`));
  } else if (!titleLine) {
    notes.push(note('', 'to-do', `No line on the first page stands out as the title: the title is the PDF's own, "${title}"; change it in the form if it says less than it should.`));
  }
  const source = draftSource({ id: options.id, lang: options.lang, title, body: out.join('\n\n'), fileName }, notes);
  return { source, images: [], notes };
}

function blocksOf(lines: Line[], isHeading: (l: Line) => boolean, levelOf: (size: number) => number): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = blocks.at(-1);
    if (isHeading(line)) {
      // A heading over two lines is one heading.
      if (last?.kind === 'heading' && last.level === levelOf(line.size) && lines[i - 1] && isHeading(lines[i - 1]!) && lines[i - 1]!.y - line.y < line.size * 1.6) last.text += ` ${line.text}`;
      else blocks.push({ kind: 'heading', level: levelOf(line.size), text: line.text });
      continue;
    }
    // Two or more lines split into the same aligned columns: a table.
    const run = tableRun(lines, i);
    if (run > 1) {
      blocks.push({ kind: 'table', rows: lines.slice(i, i + run).map((l) => l.cells) });
      i += run - 1;
      continue;
    }
    const bullet = BULLET.exec(line.text);
    const numbered = NUMBERED.exec(line.text);
    if (bullet || numbered) {
      blocks.push({ kind: 'item', list: bullet ? 'bullet' : 'number', text: line.text.slice((bullet ?? numbered)![0].length), size: line.size, y: line.y });
      continue;
    }
    // The next line of a paragraph or a list item: the same type, one line below.
    if ((last?.kind === 'paragraph' || last?.kind === 'item') && round(last.size) === round(line.size) && last.y - line.y < line.size * 1.6) {
      last.text = last.text.endsWith('-') ? last.text + line.text : `${last.text} ${line.text}`;
      last.y = line.y;
      continue;
    }
    blocks.push({ kind: 'paragraph', text: line.text, size: line.size, y: line.y });
  }
  return blocks;
}

/** How many lines from `i` on form a table: each with the same two or more columns, starting where the first line's do. */
function tableRun(lines: Line[], i: number): number {
  const first = lines[i]!;
  if (first.cells.length < 2) return 0;
  let n = 1;
  while (lines[i + n] && lines[i + n]!.cells.length === first.cells.length && Math.abs(lines[i + n]!.x - first.x) < first.size && first.y - lines[i + n]!.y < first.size * 3 * n) n++;
  return n;
}

function markdownOf(blocks: Block[]): string[] {
  const out: string[] = [];
  let index = 0;
  for (const [i, block] of blocks.entries()) {
    const before = blocks[i - 1];
    switch (block.kind) {
      case 'heading': out.push(`${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`); break;
      case 'paragraph': out.push(escapeMarkdown(block.text)); break;
      case 'table': out.push(markdownTable(block.rows.map((r) => r.map(escapeMarkdown)))); break;
      case 'item': {
        // Items of one list sit on consecutive lines, numbered from 1.
        const continues = before?.kind === 'item' && before.list === block.list;
        index = continues ? index + 1 : 1;
        const line = `${block.list === 'number' ? `${index}.` : '-'} ${escapeMarkdown(block.text)}`;
        if (continues) out[out.length - 1] += `\n${line}`;
        else out.push(line);
        break;
      }
    }
  }
  return out;
}

function describe(blocks: Block[]): string {
  const count = (kind: Block['kind']) => blocks.filter((b) => b.kind === kind).length;
  const lists = blocks.filter((b, i) => b.kind === 'item' && blocks[i - 1]?.kind !== 'item').length;
  const tables = blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
  return [
    count('heading') && englishCount(count('heading'), 'heading'),
    count('paragraph') && englishCount(count('paragraph'), 'paragraph'),
    lists && `${englishCount(lists, 'list')} of ${englishCount(count('item'), 'item')}`,
    ...tables.map((t) => `a table of ${englishCount(t.rows.length, 'row')}`),
  ].filter(Boolean).join(', ');
}

const round = (size: number) => Math.round(size * 2) / 2;
