import { unzipSync } from 'fflate';

/** What an uploaded .docx or .zip may unpack to: a hostile archive stops here, not in the memory. */
export const IMPORT_LIMITS = { maxUnpackedBytes: 20 * 1024 * 1024, maxEntries: 500 } as const;

export class ImportError extends Error {}

/**
 * The archive's files, read only after its directory says they fit the
 * limits. Entry names are kept as written; callers use their base names only.
 */
export function unpack(data: Uint8Array, what: string): Record<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  try {
    return unzipSync(data, {
      filter: (file) => {
        entries++;
        total += file.originalSize;
        if (entries > IMPORT_LIMITS.maxEntries) throw new ImportError(`${what} holds more than ${IMPORT_LIMITS.maxEntries} files`);
        if (total > IMPORT_LIMITS.maxUnpackedBytes) throw new ImportError(`${what} unpacks to more than ${IMPORT_LIMITS.maxUnpackedBytes / 1024 / 1024} MiB`);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${what} is not a readable zip archive (${(err as Error).message})`);
  }
}
