import { basename, extname } from 'node:path';
import { ImportError, unpack } from './import-limits.ts';
import { acceptImage, IMAGE_EXTENSIONS } from './image-check.ts';
import { decodeUtf8 } from './text-hygiene.ts';
import type { ImportedImage } from './draft-source.ts';
import { note, type ImportNote } from '../shared/console/import-report.ts';

export interface ImportedFile {
  /** The draft's file name: the Markdown file's base name, lower-cased and made safe. */
  name: string;
  source: string;
}

export interface ZipImport {
  modules: ImportedFile[];
  images: ImportedImage[];
  notes: ImportNote[];
}

/** A safe module file name from whatever a zip entry was called: no folders, no dots in front, .md at the end. */
export function draftName(entry: string): string | null {
  const stem = basename(entry).replace(/\.md$/i, '').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '').slice(0, 80);
  return stem ? `${stem}.md` : null;
}

/** An entry's path made safe: lower-case segments of letters, digits, dots and dashes; null for anything that climbs out. */
function safePath(segments: string[]): string | null {
  const clean = segments.map((seg) => seg.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'));
  return clean.some((seg) => !/^[a-z0-9]/.test(seg)) ? null : clean.join('/');
}

/**
 * A folder of Markdown modules, zipped: each .md at the top becomes a draft,
 * each image within budget is kept at its path (SVGs sanitized, as the
 * publisher does), and the report names every file left out. A folder that
 * holds everything (a zipped "course/") is looked into; no entry can name a
 * path outside the sources.
 */
export function importMarkdownZip(data: Uint8Array, fileName: string, imageLimit: number): ZipImport {
  const unpacked = unpack(data, fileName);
  // A Mac's and an editor's own files (.DS_Store, __MACOSX/) are nobody's content: left out without a word.
  const files = [...unpacked.files]
    .filter(([entry]) => !entry.split('/').some((seg) => seg.startsWith('.') || seg === '__MACOSX'))
    .sort(([a], [b]) => a.localeCompare(b));
  const tops = new Set(files.map(([entry]) => entry.split('/')[0]));
  const strip = tops.size === 1 && files.every(([entry]) => entry.includes('/')) ? 1 : 0;
  const modules: ImportedFile[] = [];
  const images: ImportedImage[] = [];
  const notes = unpacked.refused.map((r) => note(r.name, 'left-out', `${r.why}.`));
  const leftOut = (entry: string, why: string) => notes.push(note(entry, 'left-out', `${why}.`));
  for (const [entry, bytes] of files) {
    const segments = entry.split('/').slice(strip);
    const ext = extname(entry).toLowerCase();
    if (ext === '.md') {
      const name = draftName(entry);
      const text = decodeUtf8(Buffer.from(bytes));
      if (segments.length > 1) leftOut(entry, 'modules are imported from the top folder only');
      else if (!name) leftOut(entry, 'its name has no letters or digits');
      else if ('badLine' in text) leftOut(entry, `line ${text.badLine} is not UTF-8 text`);
      else if (modules.some((m) => m.name === name)) leftOut(entry, `another file is also called ${name}`);
      else {
        modules.push({ name, source: text.text });
        notes.push(note(entry, 'kept', `The module ${name}.`));
      }
    } else if (IMAGE_EXTENSIONS.has(ext)) {
      const path = safePath(segments);
      const image = acceptImage(entry, bytes, imageLimit);
      if (!path) leftOut(entry, 'its path cannot be a file name here');
      else if ('error' in image) leftOut(entry, image.error);
      else images.push({ path, data: image.data });
    } else {
      leftOut(entry, 'only .md modules and images are imported');
    }
  }
  if (!modules.length) throw new ImportError(`${fileName} holds no .md module files at its top.`);
  return { modules, images, notes };
}
