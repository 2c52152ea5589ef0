import { Inflate } from 'fflate';

/** What an uploaded .docx or .zip may unpack to: a hostile archive stops here, not in the memory. */
export const IMPORT_LIMITS = {
  /** What an archive may inflate to, all told: a .docx or .zip whole, or the parts of a package an import reads. */
  maxUnpackedBytes: 20 * 1024 * 1024,
  maxEntries: 500,
  /** A SCORM package or a deck holds many small files; only those an import reads are inflated, under maxUnpackedBytes. */
  maxPackageEntries: 10_000,
  /** Word's main part: a text-first module is tens of KiB of XML; mammoth needs about a hundred times a part's size in memory. */
  maxDocumentXmlBytes: 2 * 1024 * 1024,
} as const;

export class ImportError extends Error {}

/** An entry left out for its name, with why: the import report says so. */
export interface RefusedEntry { name: string; why: string }

export interface Unpacked {
  files: Map<string, Uint8Array>;
  refused: RefusedEntry[];
}

interface DirectoryEntry { name: string; method: number; flags: number; compressedSize: number; declaredSize: number; localOffset: number }

/** Bytes of compressed input handed to the inflater at a time: deflate expands 1 KiB to at most about 1 MiB, so the cap is checked that often. */
const INFLATE_STEP = 1024;

/**
 * The archive's files, each inflated here with a hard cap: the directory's
 * declared sizes are checked against the limits before anything is inflated,
 * then every entry is inflated in small steps and stopped the moment it
 * produces more than it declared, so a file that lies about its sizes costs
 * at most its declared size plus one step. A size that differs from the
 * declared one refuses the whole archive. Entries whose names climb out of
 * the folder (`..`, absolute paths, drive letters) are left out and listed.
 */
export function unpack(data: Uint8Array, what: string): Unpacked {
  const entries = readDirectory(data, what, IMPORT_LIMITS.maxEntries);
  const declared = entries.reduce((n, e) => n + e.declaredSize, 0);
  if (declared > IMPORT_LIMITS.maxUnpackedBytes) throw new ImportError(`${what} unpacks to more than ${IMPORT_LIMITS.maxUnpackedBytes / 1024 / 1024} MiB`);
  const files = new Map<string, Uint8Array>();
  const refused: RefusedEntry[] = [];
  let total = 0;
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const why = unsafeName(entry.name);
    if (why) {
      refused.push({ name: entry.name, why });
      continue;
    }
    if (entry.flags & 1) throw new ImportError(`${what}: ${entry.name} is encrypted; save the file again without a password`);
    const bytes = inflateEntry(data, entry, what);
    total += bytes.length;
    if (total > IMPORT_LIMITS.maxUnpackedBytes) throw new ImportError(`${what} unpacks to more than ${IMPORT_LIMITS.maxUnpackedBytes / 1024 / 1024} MiB`);
    if (files.has(entry.name)) throw new ImportError(`${what} holds ${entry.name} twice: the archive is damaged`);
    files.set(entry.name, bytes);
  }
  return { files, refused };
}

/** A file in an archive opened with `openArchive`: its name and the size its directory declares. */
export interface ArchiveEntry { name: string; size: number }

export interface Archive {
  /** Its files (not folders), with names safe to use; none inflated yet. */
  entries: ArchiveEntry[];
  refused: RefusedEntry[];
  /** One entry's bytes, inflated now under the running cap of IMPORT_LIMITS.maxUnpackedBytes; null when there is no such file. */
  read(name: string): Uint8Array | null;
  /** Whether reading this entry stays under the cap: an optional part (a picture) is left out instead of refusing the file. */
  fits(name: string): boolean;
  /** The size the directory declares for a file; undefined when there is no such file. */
  size(name: string): number | undefined;
}

/**
 * An archive read lazily: the directory at once, each file only when asked
 * for. A package's videos are then listed with their sizes and never
 * inflated, and what is read (manifests, pages, slides, small images) is
 * counted against the same cap `unpack` has, checked before each entry is inflated.
 */
export function openArchive(data: Uint8Array, what: string): Archive {
  const byName = new Map<string, DirectoryEntry>();
  const refused: RefusedEntry[] = [];
  for (const entry of readDirectory(data, what, IMPORT_LIMITS.maxPackageEntries)) {
    if (entry.name.endsWith('/')) continue;
    const why = unsafeName(entry.name);
    if (why) refused.push({ name: entry.name, why });
    else if (byName.has(entry.name)) throw new ImportError(`${what} holds ${entry.name} twice: the archive is damaged`);
    else byName.set(entry.name, entry);
  }
  let total = 0;
  return {
    entries: [...byName.values()].map((e) => ({ name: e.name, size: e.declaredSize })),
    refused,
    read(name) {
      const entry = byName.get(name);
      if (!entry) return null;
      if (entry.flags & 1) throw new ImportError(`${what}: ${entry.name} is encrypted; save the file again without a password`);
      if (total + entry.declaredSize > IMPORT_LIMITS.maxUnpackedBytes) throw new ImportError(`${what}: the parts an import reads unpack to more than ${IMPORT_LIMITS.maxUnpackedBytes / 1024 / 1024} MiB`);
      total += entry.declaredSize;
      return inflateEntry(data, entry, what);
    },
    fits(name) {
      const entry = byName.get(name);
      return !!entry && total + entry.declaredSize <= IMPORT_LIMITS.maxUnpackedBytes;
    },
    size: (name) => byName.get(name)?.declaredSize,
  };
}

/** Why an entry's name may not become a path, or null when it may. */
function unsafeName(name: string): string | null {
  if (name.includes('\\') || name.startsWith('/') || /^[a-z]:/i.test(name)) return 'its path is absolute or uses \\';
  if (name.split('/').some((seg) => seg === '..')) return 'its path leads out of the folder (..)';
  if (/[\u0000-\u001f]/.test(name)) return 'its name holds control characters';
  return null;
}

/** The central directory, read and checked against the entry limit; nothing is inflated yet. */
function readDirectory(data: Uint8Array, what: string, maxEntries: number): DirectoryEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const damaged = (why: string) => new ImportError(`${what} is not a readable zip archive (${why})`);
  // The end-of-directory record is in the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw damaged('no end of central directory');
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw damaged('ZIP64 archives are not accepted');
  if (count > maxEntries) throw new ImportError(`${what} holds more than ${maxEntries} files`);
  if (at + size > end) throw damaged('the directory points past its end');
  const entries: DirectoryEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) throw damaged('a directory entry is broken');
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const entry: DirectoryEntry = {
      flags,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      declaredSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(data.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.compressedSize === 0xffffffff || entry.declaredSize === 0xffffffff || entry.localOffset === 0xffffffff) throw damaged('ZIP64 entries are not accepted');
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** One entry's bytes, never more than it declared: inflation stops as soon as it would be. */
function inflateEntry(data: Uint8Array, entry: DirectoryEntry, what: string): Uint8Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const local = entry.localOffset;
  if (local + 30 > data.length || view.getUint32(local, true) !== 0x04034b50) throw new ImportError(`${what}: ${entry.name} is not where the directory says`);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  if (start + entry.compressedSize > data.length) throw new ImportError(`${what}: ${entry.name} runs past the end of the file`);
  const compressed = data.subarray(start, start + entry.compressedSize);
  const lied = () => new ImportError(`${what}: ${entry.name} holds more or less than the ${entry.declaredSize} bytes it declares; the archive is damaged or made to mislead`);
  if (entry.method === 0) {
    if (compressed.length !== entry.declaredSize) throw lied();
    return compressed.slice();
  }
  if (entry.method !== 8) throw new ImportError(`${what}: ${entry.name} is compressed with method ${entry.method}; only stored and deflated files are read`);
  const out = new Uint8Array(entry.declaredSize);
  let filled = 0;
  let over = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (over || filled + chunk.length > out.length) { over = true; return; }
    out.set(chunk, filled);
    filled += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < compressed.length && !over; i += INFLATE_STEP) {
      inflater.push(compressed.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= compressed.length);
    }
  } catch (err) {
    throw new ImportError(`${what}: ${entry.name} cannot be inflated (${(err as Error).message})`);
  }
  if (over || !ended || filled !== entry.declaredSize) throw lied();
  return out;
}
