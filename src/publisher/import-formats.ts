/** The kinds of file an author can import, by what their names end in; apart from the importers so the server can check a name without loading them. */
export const IMPORT_FORMATS = { docx: 'a Word document', pptx: 'a PowerPoint deck', pdf: 'a PDF', zip: 'a SCORM or cmi5 package, or a zip of Markdown files' } as const;
export type ImportFormat = keyof typeof IMPORT_FORMATS;

export function importFormat(fileName: string): ImportFormat | null {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext && ext in IMPORT_FORMATS ? (ext as ImportFormat) : null;
}
