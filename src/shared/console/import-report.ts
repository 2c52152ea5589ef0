/**
 * What an import (Word, a zip of Markdown, PowerPoint, PDF, a SCORM or cmi5
 * package) says it did with the file: one shape for every kind, so the
 * console shows one report, and an author sees by slide, page or item what
 * came across, what was changed on the way and what was left out.
 */

export type ImportOutcome = 'kept' | 'changed' | 'left-out' | 'to-do';

export interface ImportNote {
  /** Where in the file: "Slide 3", "Page 2", a package item's title, a file in an archive; '' for the whole file. */
  at: string;
  outcome: ImportOutcome;
  /** In words for the author. */
  text: string;
  /** The size of what was left out (a video, say), when it has one: what the module no longer costs. */
  bytes?: number;
}

/** One draft the import made, with what kiosks would download for it. */
export interface ImportedDraftCost {
  name: string;
  title: string;
  /** The module's text as kiosks get it: the compiled JSON, brotli-compressed. */
  textBytes: number;
  /** The images it shows, as published (already compressed). */
  imageBytes: number;
}

export interface ImportReport {
  fileName: string;
  /** The file as the author sent it. */
  fileBytes: number;
  notes: ImportNote[];
  drafts: ImportedDraftCost[];
}

/** A note for what an import did, in one call; its text starts as a sentence does, whatever reason it was built from. */
export function note(at: string, outcome: ImportOutcome, text: string, bytes?: number): ImportNote {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return bytes === undefined ? { at, outcome, text: sentence } : { at, outcome, text: sentence, bytes };
}

/**
 * The largest file an import takes: a SCORM package of tens of MiB, most of
 * it video an import lists and never inflates. The server reads one such
 * upload at a time.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
