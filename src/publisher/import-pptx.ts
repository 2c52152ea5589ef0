import { posix } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import { note, type ImportNote } from '../shared/console/import-report.ts';
import { englishCount } from '../shared/plural.ts';
import { ImportError, openArchive, type Archive } from './import-limits.ts';
import { attr, below, elements, kid, kids, readXmlPart, relAttr } from './xml-part.ts';
import { draftSource, escapeMarkdown, kib, markdownTable, wordCount, type ImportedImage, type ImportedModule } from './draft-source.ts';
import { fitImage } from './image-fit.ts';

/**
 * A PowerPoint deck (.pptx) as a draft module, read straight from its XML
 * (PresentationML) with the same capped unzip and parser every import has:
 * the npm parsers for decks either inflate the whole archive without a cap,
 * need Node 22, or flatten the structure kept here. Slide order is the
 * deck's; each slide's title becomes a ## section; text boxes keep their
 * paragraphs, bullets (with their levels) and numbering, bold and italics;
 * tables stay tables; pictures are fitted to the image budget; speaker notes
 * come along when asked for. The notes say, slide by slide, what came across
 * and what did not.
 */
export interface PptxOptions {
  /** The module id and the images' name stem. */
  id: string;
  lang: string;
  /** The image budget in bytes: a larger picture is scaled down to fit, or left out. */
  imageLimit: number;
  /** Whether speaker notes become text under their slide's section. */
  notes: boolean;
}

interface Rel { type: string; target: string | null; external: boolean }

interface Para { md: string; plain: string; level: number; list: 'bullet' | 'number' | null; size: number | null }

type Block = { y: number; x: number } & (
  | { kind: 'text'; paras: Para[]; placeholder: string | null }
  | { kind: 'table'; rows: string[][]; merged: boolean }
  | { kind: 'picture'; target: string | null; alt: string }
  | { kind: 'left-out'; what: string; bytes?: number }
);

const TITLE_TYPES = new Set(['title', 'ctrTitle']);
/** Placeholders that repeat on every slide and say nothing about it. */
const CHROME_TYPES = new Set(['dt', 'ftr', 'sldNum', 'hdr']);
/** A title found without a title box: one short line, large, alone at the size. */
const MIN_TITLE_SIZE = 2400;

export async function importPptx(data: Uint8Array, fileName: string, options: PptxOptions): Promise<ImportedModule> {
  const archive = openArchive(data, fileName);
  const notes: ImportNote[] = archive.refused.map((r) => note(r.name, 'left-out', `${r.why}.`));
  const part = (name: string): Element => {
    const root = readXmlPart(archive, name, `${fileName}: ${name}`);
    if (!root) throw new ImportError(`${fileName} is not a PowerPoint deck: it has no ${name}`);
    return root;
  };
  const presentation = part('ppt/presentation.xml');
  const presentationRels = relsOf(archive, 'ppt/presentation.xml', fileName);
  const slides = below(kid(presentation, 'sldIdLst'), 'sldId').map((s) => presentationRels.get(relAttr(s, 'id') ?? '')?.target ?? null);
  if (!slides.length) throw new ImportError(`${fileName} has no slides`);

  const images: ImportedImage[] = [];
  const imagePaths = new Map<string, string | null>();
  const sections: string[] = [];
  let title: string | null = null;
  let summary: string | undefined;

  for (const [index, slidePath] of slides.entries()) {
    const at = `Slide ${index + 1}`;
    if (!slidePath || archive.size(slidePath) === undefined) {
      notes.push(note(at, 'left-out', 'The deck lists it, but its file is missing.'));
      continue;
    }
    const slide = part(slidePath);
    if (attr(slide, 'show') === '0') {
      notes.push(note(at, 'left-out', 'It is hidden in the deck.'));
      continue;
    }
    const rels = relsOf(archive, slidePath, fileName);
    const blocks = shapesOf(kid(kid(slide, 'cSld'), 'spTree'), rels, archive);
    const titleBlock = blocks.find((b) => b.kind === 'text' && b.placeholder !== null && TITLE_TYPES.has(b.placeholder)) ?? guessTitle(blocks);
    const slideTitle = titleBlock && titleBlock.kind === 'text' ? titleBlock.paras.map((p) => p.plain).join(' ').replace(/\s+/g, ' ').trim() : '';
    const rest = blocks.filter((b) => b !== titleBlock);
    const speakerNotes = notesOf(archive, rels, fileName);

    // The deck's title slide names the module; its subtitle is the summary.
    const subtitle = rest.find((b) => b.kind === 'text' && b.placeholder === 'subTitle');
    const isTitleSlide = index === 0 && slideTitle && (titleBlock?.kind === 'text' && titleBlock.placeholder === 'ctrTitle' || rest.every((b) => b === subtitle));
    if (isTitleSlide) {
      title = slideTitle;
      if (subtitle?.kind === 'text') summary = subtitle.paras.map((p) => p.plain).join(' ');
      notes.push(note(at, 'kept', `The title slide: "${slideTitle}" is the module's title${summary ? ', its subtitle the summary' : ''}.`));
      continue;
    }
    if (titleBlock && !(titleBlock.kind === 'text' && titleBlock.placeholder)) notes.push(note(at, 'changed', `It has no title box: its largest text, "${slideTitle}", is the section's title.`));

    const lines: string[] = [];
    const kept: string[] = [];
    let words = 0;
    for (const block of rest) {
      if (block.kind === 'text') {
        lines.push(textMarkdown(block.paras));
        const bullets = block.paras.filter((p) => p.list).length;
        words += block.paras.reduce((n, p) => n + wordCount(p.plain), 0);
        if (bullets) kept.push(englishCount(bullets, 'list item'));
        if (block.paras.length > bullets) kept.push(englishCount(block.paras.length - bullets, 'paragraph'));
      } else if (block.kind === 'table') {
        lines.push(markdownTable(block.rows));
        kept.push(`a table of ${englishCount(block.rows.length, 'row')}`);
        words += block.rows.flat().reduce((n, c) => n + wordCount(c), 0);
        if (block.merged) notes.push(note(at, 'changed', 'A table had merged cells: each now stands alone, the merged text in the first of them.'));
      } else if (block.kind === 'picture') {
        const path = await picture(block, at);
        if (path) {
          lines.push(`![${escapeMarkdown(block.alt)}](${path})`);
          kept.push('a picture');
        }
      } else {
        notes.push(note(at, 'left-out', `${block.what}.`, block.bytes));
      }
    }
    if (speakerNotes) {
      const noteWords = wordCount(speakerNotes.join(' '));
      if (options.notes) {
        lines.push(speakerNotes.map(escapeMarkdown).join('\n\n'));
        kept.push('the speaker notes');
        words += noteWords;
      } else {
        notes.push(note(at, 'left-out', `Speaker notes (${englishCount(noteWords, 'word')}); import again with speaker notes to keep them.`));
      }
    }
    const body = lines.filter(Boolean).join('\n\n');
    if (!body) {
      notes.push(note(at, 'left-out', slideTitle ? `Only a title ("${slideTitle}"), and a section needs text.` : 'It has no text.'));
      continue;
    }
    if (slideTitle) sections.push(`## ${escapeMarkdown(slideTitle)}\n\n${body}`);
    else if (sections.length) {
      sections[sections.length - 1] += `\n\n${body}`;
      notes.push(note(at, 'changed', 'It has no title: its text joins the section before.'));
    } else sections.push(`## ${at}\n\n${body}`);
    notes.push(note(at, 'kept', `${slideTitle ? `"${slideTitle}": ` : ''}${kept.join(', ')}; ${englishCount(words, 'word')}.`));
  }

  if (!sections.length) throw new ImportError(`${fileName} has no slide with text to import`);
  if (!title) {
    title = deckTitle(archive, fileName) ?? /^## (.+)$/m.exec(sections[0]!)?.[1]?.replace(/\\(.)/g, '$1') ?? fileName.replace(/\.pptx$/i, '').replace(/[-_]+/g, ' ');
    notes.push(note('', 'to-do', `The deck has no title slide: the title is "${title}"; change it in the form if it says less than it should.`));
  }
  const source = draftSource({ id: options.id, lang: options.lang, title, summary, body: sections.join('\n\n'), fileName }, notes);
  return { source, images, notes };

  /** A picture fitted to the budget, saved once however many slides show it; its path, or null when it was left out. */
  async function picture(block: Extract<Block, { kind: 'picture' }>, at: string): Promise<string | null> {
    if (!block.target) {
      notes.push(note(at, 'left-out', 'A picture linked from outside the deck; an import never fetches it.'));
      return null;
    }
    if (imagePaths.has(block.target)) return imagePaths.get(block.target)!;
    const size = archive.size(block.target) ?? 0;
    const bytes = archive.fits(block.target) ? archive.read(block.target) : null;
    if (!bytes) {
      notes.push(note(at, 'left-out', `A picture of ${kib(size)} KiB, past the most an import reads of one file.`, size));
      imagePaths.set(block.target, null);
      return null;
    }
    const fitted = await fitImage(block.target, bytes, options.imageLimit);
    if ('error' in fitted) {
      notes.push(note(at, 'left-out', `A picture (${posix.basename(block.target)}): ${fitted.error}.`, bytes.length));
      imagePaths.set(block.target, null);
      return null;
    }
    const path = `media/${options.id}-${images.length + 1}.${fitted.ext}`;
    images.push({ path, data: fitted.data });
    imagePaths.set(block.target, path);
    if (fitted.resized) notes.push(note(at, 'changed', `A picture of ${kib(fitted.resized.from)} KiB was scaled to ${fitted.resized.width} px and saved as WebP: ${kib(fitted.data.length)} KiB.`));
    if (!block.alt) notes.push(note(at, 'to-do', 'A picture has no description: write what it shows (the form marks it).'));
    return path;
  }
}

/** A part's relationships: where each id points, resolved inside the package, or marked external. */
function relsOf(archive: Archive, partName: string, fileName: string): Map<string, Rel> {
  const dir = posix.dirname(partName);
  const relsName = `${dir}/_rels/${posix.basename(partName)}.rels`;
  const rels = new Map<string, Rel>();
  for (const r of kids(readXmlPart(archive, relsName, `${fileName}: ${relsName}`), 'Relationship')) {
    const target = attr(r, 'Target') ?? '';
    const external = attr(r, 'TargetMode') === 'External';
    rels.set(attr(r, 'Id') ?? '', { type: (attr(r, 'Type') ?? '').split('/').pop()!, target: external ? null : insidePackage(dir, target), external });
  }
  return rels;
}

/** A relationship's target as a path in the package; null for one that climbs out of it. */
function insidePackage(dir: string, target: string): string | null {
  const path = target.startsWith('/') ? posix.normalize(target.slice(1)) : posix.normalize(posix.join(dir, target));
  return path.startsWith('../') || path === '..' ? null : path;
}

/** The shapes of a slide (and of the groups in it) in reading order: top to bottom, then left to right. */
function shapesOf(tree: Element | null, rels: Map<string, Rel>, archive: Archive): Block[] {
  const blocks: Block[] = [];
  const walk = (parent: Element | null) => {
    for (const el of elements(parent)) {
      const off = kid(kid(kid(el, 'spPr') ?? kid(el, 'grpSpPr'), 'xfrm'), 'off') ?? kid(kid(el, 'xfrm'), 'off');
      const y = Number(attr(off, 'y') ?? blocks.at(-1)?.y ?? 0);
      const x = Number(attr(off, 'x') ?? 0);
      switch (el.localName) {
        case 'grpSp': walk(el); break;
        case 'sp': {
          const ph = kid(kid(kid(el, 'nvSpPr'), 'nvPr'), 'ph');
          const placeholder = ph ? attr(ph, 'type') ?? 'body' : null;
          if (placeholder && CHROME_TYPES.has(placeholder)) break;
          const paras = paragraphs(kid(el, 'txBody'), placeholder === 'body' || placeholder === 'obj');
          if (paras.length) blocks.push({ kind: 'text', paras, placeholder, y, x });
          break;
        }
        case 'graphicFrame': {
          const data = kid(kid(el, 'graphic'), 'graphicData');
          const table = kid(data, 'tbl');
          const uri = attr(data, 'uri') ?? '';
          if (table) blocks.push({ kind: 'table', ...tableOf(table), y, x });
          else if (uri.endsWith('/chart')) blocks.push({ kind: 'left-out', what: 'a chart (its numbers are not text: say in a sentence what it shows)', y, x });
          else if (uri.endsWith('/diagram')) blocks.push({ kind: 'left-out', what: 'a SmartArt diagram (write its words as a list)', y, x });
          else blocks.push({ kind: 'left-out', what: 'an embedded object', y, x });
          break;
        }
        case 'pic': {
          const nv = kid(el, 'nvPicPr');
          const media = mediaOf(kid(nv, 'nvPr'), rels, archive);
          if (media) {
            blocks.push({ kind: 'left-out', ...media, y, x });
            break;
          }
          const rel = rels.get(relAttr(kid(kid(el, 'blipFill'), 'blip'), 'embed') ?? '');
          blocks.push({ kind: 'picture', target: rel?.target ?? null, alt: (attr(kid(nv, 'cNvPr'), 'descr') ?? '').replace(/\s+/g, ' ').trim(), y, x });
          break;
        }
        default: break;
      }
    }
  };
  walk(tree);
  return blocks.map((b, i) => ({ b, i })).sort((p, q) => p.b.y - q.b.y || p.b.x - q.b.x || p.i - q.i).map((p) => p.b);
}

/** A picture that stands for a video or a sound: what it is and how large, to leave it out by name. */
function mediaOf(nvPr: Element | null, rels: Map<string, Rel>, archive: Archive): { what: string; bytes?: number } | null {
  const link = kid(nvPr, 'videoFile') ?? kid(nvPr, 'audioFile') ?? kid(nvPr, 'quickTimeFile') ?? below(nvPr, 'media')[0];
  if (!link) return null;
  const kind = link.localName === 'audioFile' ? 'a sound' : 'a video';
  const rel = rels.get(relAttr(link, 'link') ?? relAttr(link, 'embed') ?? '');
  const size = rel?.target ? archive.size(rel.target) : undefined;
  return size === undefined
    ? { what: `${kind}${rel?.external ? ' linked from outside the deck' : ''}` }
    : { what: `${kind} (${posix.basename(rel!.target!)}, ${kib(size)} KiB): kiosks on the line get text, not video`, bytes: size };
}

/** A text body's paragraphs: their words as Markdown and as plain text, list level and kind, largest font size. */
function paragraphs(body: Element | null, bulletsByDefault: boolean): Para[] {
  const paras: Para[] = [];
  for (const p of kids(body, 'p')) {
    const props = kid(p, 'pPr');
    let md = '';
    let plain = '';
    let size: number | null = null;
    for (const run of elements(p)) {
      if (run.localName === 'br') {
        md += ' ';
        plain += ' ';
        continue;
      }
      if (run.localName !== 'r' && run.localName !== 'fld') continue;
      const text = kids(run, 't').map((t) => t.textContent ?? '').join('');
      const rPr = kid(run, 'rPr');
      const sz = Number(attr(rPr, 'sz') ?? NaN);
      if (Number.isFinite(sz)) size = Math.max(size ?? 0, sz);
      plain += text;
      md += emphasised(text, attr(rPr, 'b') === '1', attr(rPr, 'i') === '1');
    }
    if (!plain.trim()) continue;
    const list = kid(props, 'buNone') ? null
      : kid(props, 'buAutoNum') ? 'number'
        : kid(props, 'buChar') || kid(props, 'buBlip') || bulletsByDefault ? 'bullet' : null;
    paras.push({ md: md.replace(/\s+/g, ' ').trim(), plain: plain.replace(/\s+/g, ' ').trim(), level: Math.min(8, Number(attr(props, 'lvl') ?? 0) || 0), list, size });
  }
  return paras;
}

/** Bold and italic around the words, the spaces outside the markers (where Markdown needs them). */
function emphasised(text: string, bold: boolean, italic: boolean): string {
  const [, lead, words, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  if (!words || (!bold && !italic)) return escapeMarkdown(text);
  const mark = `${bold ? '**' : ''}${italic ? '*' : ''}`;
  return `${lead}${mark}${escapeMarkdown(words)}${[...mark].reverse().join('')}${trail}`;
}

/** Paragraphs as Markdown: list items under each other at their levels, other paragraphs apart. */
function textMarkdown(paras: Para[]): string {
  const out: string[] = [];
  let level = -1;
  const counters: number[] = [];
  for (const p of paras) {
    if (!p.list) {
      out.push(`${out.length ? '\n' : ''}${p.md}\n`);
      level = -1;
      continue;
    }
    // A level never jumps more than one deeper than the item above it: Markdown could not nest it.
    const depth = Math.min(p.level, level + 1);
    counters.length = depth + 1;
    counters[depth] = (counters[depth] ?? 0) + 1;
    const marker = p.list === 'number' ? `${counters[depth]}.` : '-';
    out.push(`${'   '.repeat(depth)}${marker} ${p.md}\n`);
    level = depth;
  }
  return out.join('').trim();
}

/** A table's rows as text; merged cells stand alone, the merged text in the first of them. */
function tableOf(table: Element): { rows: string[][]; merged: boolean } {
  let merged = false;
  const rows = kids(table, 'tr').map((tr) => kids(tr, 'tc').map((tc) => {
    if (attr(tc, 'hMerge') === '1' || attr(tc, 'vMerge') === '1' || Number(attr(tc, 'gridSpan') ?? 1) > 1 || Number(attr(tc, 'rowSpan') ?? 1) > 1) merged = true;
    return paragraphs(kid(tc, 'txBody'), false).map((p) => p.md).join(' ');
  }));
  return { rows: rows.filter((r) => r.length), merged };
}

/** The slide's speaker notes as paragraphs of plain text, or null when it has none. */
function notesOf(archive: Archive, rels: Map<string, Rel>, fileName: string): string[] | null {
  const target = [...rels.values()].find((r) => r.type === 'notesSlide')?.target;
  const root = target ? readXmlPart(archive, target, `${fileName}: ${target}`) : null;
  if (!root) return null;
  const body = below(root, 'sp').find((sp) => attr(kid(kid(kid(sp, 'nvSpPr'), 'nvPr'), 'ph'), 'type') === 'body');
  const text = paragraphs(kid(body ?? null, 'txBody'), false).map((p) => p.plain);
  return text.length ? text : null;
}

/** A title found without a title box: the one large short line, above any other at its size. */
function guessTitle(blocks: Block[]): Block | undefined {
  const sized = blocks.flatMap((b) => (b.kind === 'text' ? b.paras.map((p) => ({ b, p })) : []));
  const candidates = blocks.filter((b): b is Extract<Block, { kind: 'text' }> => b.kind === 'text' && b.placeholder === null && b.paras.length === 1 && !b.paras[0]!.list
    && wordCount(b.paras[0]!.plain) <= 15 && (b.paras[0]!.size ?? 0) >= MIN_TITLE_SIZE);
  return candidates.find((c) => sized.every(({ b, p }) => b === c || (p.size ?? 0) < c.paras[0]!.size!));
}

/** The title the deck's properties give, unless it is PowerPoint's own placeholder. */
function deckTitle(archive: Archive, fileName: string): string | null {
  const title = below(readXmlPart(archive, 'docProps/core.xml', `${fileName}: docProps/core.xml`), 'title')[0]?.textContent?.replace(/\s+/g, ' ').trim();
  return title && !/^PowerPoint Presentation$/i.test(title) ? title : null;
}
