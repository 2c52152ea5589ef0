import { unzipSync } from 'fflate';

/** What an uploaded .docx or .zip may unpack to: a hostile archive stops here, not in the memory. */
export const IMPORT_LIMITS = { maxUnpackedBytes: 20 * 1024 * 1024, maxEntries: 500 } as const;

export class ImportError extends Error {}

/**
 * The archive's files, each inflated only after the directory says it still
 * fits the limits. Entry names are kept as written; callers use their base names only.
 */
export function unpack(data: Uint8Array, what: string): Record<string, Uint8Array> {
  return read(data, what, true);
}

/** Checks an archive's directory against the limits without inflating anything (for readers that unzip it themselves). */
export function checkArchive(data: Uint8Array, what: string): void {
  read(data, what, false);
}

function read(data: Uint8Array, what: string, inflate: boolean): Record<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  try {
    return unzipSync(data, {
      filter: (file) => {
        entries++;
        total += file.originalSize;
        if (entries > IMPORT_LIMITS.maxEntries) throw new ImportError(`${what} holds more than ${IMPORT_LIMITS.maxEntries} files`);
        if (total > IMPORT_LIMITS.maxUnpackedBytes) throw new ImportError(`${what} unpacks to more than ${IMPORT_LIMITS.maxUnpackedBytes / 1024 / 1024} MiB`);
        return inflate;
      },
    });
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${what} is not a readable zip archive (${(err as Error).message})`);
  }
}
