import mammoth from 'mammoth';
import TurndownService from 'turndown';
import { tables } from '@joplin/turndown-plugin-gfm';
import { zipSync } from 'fflate';
import { englishCount } from '../shared/plural.ts';
import { ImportError, IMPORT_LIMITS, unpack } from './import-limits.ts';
import { note, type ImportNote } from '../shared/console/import-report.ts';
import { draftSource, wordCount, type ImportedImage, type ImportedModule } from './draft-source.ts';
import { fitImage } from './image-fit.ts';
import { LIST_ITEM_RULE } from './html-text.ts';

export interface DocxOptions {
  /** The module id and the images' name stem. */
  id: string;
  lang: string;
  /** The image budget in bytes: a larger picture is scaled down to fit, or left out. */
  imageLimit: number;
}

/** Word's built-in styles, mapped to what a module has: one title, ## sections, ### and #### inside them. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Heading 1'] => h2:fresh",
  "p[style-name='Heading 2'] => h3:fresh",
  "p[style-name='Heading 3'] => h4:fresh",
  "p[style-name='Heading 4'] => h4:fresh",
  "p[style-name='Heading 5'] => h4:fresh",
  "p[style-name='Heading 6'] => h4:fresh",
];

const IMAGE_TYPES: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/tiff': 'tiff', 'image/bmp': 'bmp' };

/**
 * The document's parts, inflated under the caps (`unpack`), each XML part no
 * larger than mammoth can read in bounded memory, packed again without
 * compression: mammoth then only copies what was already inflated and checked.
 */
function checkedDocx(data: Uint8Array, fileName: string): Buffer {
  const { files } = unpack(data, fileName);
  for (const [name, bytes] of files) {
    if (/\.(xml|rels)$/i.test(name) && bytes.length > IMPORT_LIMITS.maxDocumentXmlBytes) {
      throw new ImportError(`${fileName}: ${name} is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB of XML; the most a document may have is ${IMPORT_LIMITS.maxDocumentXmlBytes / 1024 / 1024} MiB: split it into smaller documents`);
    }
  }
  return Buffer.from(zipSync(Object.fromEntries(files), { level: 0 }));
}

/**
 * A Word document as a draft module: headings become the title and
 * sections, lists, tables, bold and italics survive, images within budget are
 * kept beside the module, and the report lists everything left behind.
 * The draft still needs roles and a quiz: the editor says so beside the lines.
 */
export async function importDocx(data: Buffer, fileName: string, options: DocxOptions): Promise<ImportedModule> {
  const notes: ImportNote[] = [];
  const images: ImportedImage[] = [];
  let imageCount = 0;
  const result = await mammoth.convertToHtml({ buffer: checkedDocx(data, fileName) }, {
    styleMap: STYLE_MAP,
    convertImage: mammoth.images.imgElement(async (image) => {
      imageCount++;
      const at = `Image ${imageCount}`;
      const ext = IMAGE_TYPES[image.contentType];
      if (!ext) {
        notes.push(note(at, 'left-out', `It is ${image.contentType}, which no browser shows; save it as PNG or JPEG and add it in the form.`));
        return { src: '' };
      }
      const bytes = await image.readAsBuffer();
      const fitted = await fitImage(`image.${ext}`, bytes, options.imageLimit);
      if ('error' in fitted) {
        notes.push(note(at, 'left-out', `${fitted.error}.`, bytes.length));
        return { src: '' };
      }
      if (fitted.resized) notes.push(note(at, 'changed', `Scaled from ${kib(bytes.length)} KiB to ${fitted.resized.width} px and saved as WebP: ${kib(fitted.data.length)} KiB.`));
      const path = `media/${options.id}-${images.length + 1}.${fitted.ext}`;
      images.push({ path, data: fitted.data });
      // mammoth adds the image's alt text from Word itself.
      return { src: path };
    }),
  }).catch((err: Error) => {
    throw new ImportError(`${fileName} could not be read as a Word document: ${err.message}`);
  });
  for (const m of result.messages) notes.push(note('', 'changed', `Word: ${m.message}`));

  const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', emDelimiter: '*', strongDelimiter: '**', codeBlockStyle: 'fenced' });
  turndown.use(tables);
  turndown.addRule('no-empty-images', { filter: (node) => node.nodeName === 'IMG' && !node.getAttribute('src'), replacement: () => '' });
  // Word's footnote and comment anchors have nowhere to go in a module.
  turndown.addRule('no-anchors', { filter: (node) => node.nodeName === 'A' && !node.getAttribute('href'), replacement: (content) => content });
  turndown.addRule('list-item', LIST_ITEM_RULE);
  let body = turndown.turndown(firstRowAsHeader(result.value)).trim();

  const titleLine = /^# (.+)$/m.exec(body);
  const firstSection = /^## (.+)$/m.exec(body);
  const title = titleLine?.[1]?.trim() ?? firstSection?.[1]?.trim() ?? fileName.replace(/\.docx$/i, '').replace(/[-_]+/g, ' ');
  if (titleLine) body = body.replace(titleLine[0], '').trim();
  else notes.push(note('', 'to-do', `No paragraph in Word's "Title" style: the title is "${title}"; change it in the form if it says less than it should.`));
  if (/<\/?[a-z][^>]*>/i.test(body)) notes.push(note('', 'to-do', 'Some tables had merged cells and stayed as HTML, which modules do not allow: the form marks them; rebuild them as simple tables.'));
  const sections = body.match(/^## .+$/gm) ?? [];
  notes.unshift(note('', 'kept', `${englishCount(sections.length, 'section')} from its headings, with ${englishCount(wordCount(body), 'word')}${images.length ? ` and ${englishCount(images.length, 'picture')}` : ''}.`));
  const source = draftSource({ id: options.id, lang: options.lang, title, body, fileName }, notes);
  return { source, images, notes };
}

const kib = (n: number) => (n / 1024).toFixed(1);

/**
 * Word marks no header row unless asked to repeat it on each page, and a
 * Markdown table must have one: without this the table would arrive under an
 * empty header. The first row is what a reader takes as the header anyway.
 */
export function firstRowAsHeader(html: string): string {
  return html.replace(/<table>(\s*(?:<tbody>)?\s*)<tr>([\s\S]*?)<\/tr>/g, (_all, open: string, row: string) =>
    `<table>${open}<tr>${row.replace(/<td(?=[\s>])/g, '<th').replace(/<\/td>/g, '</th>')}</tr>`);
}
