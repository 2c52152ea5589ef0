import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * What the publisher may read from a source folder: regular files whose real
 * path is inside the folder, no larger than their limit. A symlink, a FIFO, a
 * device or a file under a symlinked directory is refused, never followed,
 * because everything read here is published to every kiosk.
 */
export class SourceFileError extends Error {}

/** Real path of a source folder, so that "inside it" is judged on real paths. */
export function sourceRoot(dir: string): string {
  return realpathSync(dir);
}

/** The problem with reading `abs` as a source file, or null when it may be read. */
function refusal(root: string, abs: string): string | null {
  const rel = relative(root, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return 'is outside the content directory';
  // Every step of the path is checked with lstat: a symlinked directory is refused as well as a symlinked file.
  let at = root;
  for (const part of rel.split(sep)) {
    at = join(at, part);
    let s;
    try {
      s = lstatSync(at);
    } catch {
      return 'was not found';
    }
    if (s.isSymbolicLink()) return 'is a symbolic link (or sits under one): copy the file into the content directory instead';
    if (at !== abs && !s.isDirectory()) return 'was not found';
    if (at === abs && !s.isFile()) return 'is not a regular file';
  }
  return null;
}

/**
 * Reads a source file with its size checked before and during the read: a
 * file that grows while it is read, or lies about its size, stops at the limit.
 */
export function readSourceFile(root: string, abs: string, maxBytes: number): Buffer {
  const refused = refusal(root, abs);
  if (refused) throw new SourceFileError(refused);
  // O_NOFOLLOW and O_NONBLOCK: a path swapped for a link or a FIFO after the check neither follows nor hangs.
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw new SourceFileError('is not a regular file');
    if (s.size > maxBytes) throw new SourceFileError(`is ${s.size} bytes, over the limit of ${maxBytes} bytes for a source file`);
    const buffer = Buffer.alloc(s.size + 1);
    let filled = 0;
    for (;;) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
      if (filled > s.size) throw new SourceFileError('changed while it was read: publish again');
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** Module sources under `root`: regular .md files, not following symlinks (a symlinked one is reported, not skipped). */
export function listModuleSources(root: string): { files: string[]; refused: { file: string; reason: string }[] } {
  const entries = readdirSync(root, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const refused: { file: string; reason: string }[] = [];
  for (const e of entries) {
    if (!e.name.endsWith('.md') || e.name === 'README.md') continue;
    const abs = join(e.parentPath, e.name);
    const reason = refusal(root, abs);
    if (reason) refused.push({ file: abs, reason });
    else files.push(abs);
  }
  return { files: files.sort(), refused };
}
