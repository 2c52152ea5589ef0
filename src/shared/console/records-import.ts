import type { RecordsSummary } from '../sync/records-file.ts';

/** The console's answer to a records file from a kiosk with no line: what it held, what was kept, and the file to carry back. */
export interface RecordsImportResult {
  device: { id: string; label: string; siteId: string };
  /** The kiosk's clock when it saved the file. */
  savedAt: number;
  summary: RecordsSummary;
  records: number;
  /** New to the server now. */
  stored: number;
  /** Here already, from sync or an earlier import of the same records: kept once. */
  already: number;
  /** Refused as sync would refuse them: `record` is the 1-based position in the file. */
  rejected: { record: number; id: string | null; reason: string }[];
  /** The acknowledgement file's text and a name to save it under. */
  ack: string;
  ackName: string;
}
