import type { ImportedDraftCost, ImportNote } from '../shared/console/import-report.ts';
import { draftCost } from './draft-cost.ts';
import type { ImportedImage } from './draft-source.ts';
import type { ImportFormat } from './import-formats.ts';


export interface ImportJob {
  format: ImportFormat;
  fileName: string;
  data: Uint8Array;
  /** The draft's file name and module id, for a file that makes one module. */
  draft: { name: string; id: string };
  lang: string;
  imageLimit: number;
  /** Whether a deck's speaker notes become text. */
  speakerNotes: boolean;
}

export interface ImportResult {
  drafts: { name: string; source: string }[];
  images: ImportedImage[];
  notes: ImportNote[];
  costs: ImportedDraftCost[];
}

/** Any import, loaded only for its kind, with what each draft would cost kiosks. Runs in the compile worker. */
export async function importFile(job: ImportJob): Promise<ImportResult> {
  const one = { id: job.draft.id, lang: job.lang, imageLimit: job.imageLimit };
  let result: Omit<ImportResult, 'costs'>;
  switch (job.format) {
    case 'docx': {
      const { importDocx } = await import('./import-docx.ts');
      const module = await importDocx(Buffer.from(job.data), job.fileName, one);
      result = { ...module, drafts: [{ name: job.draft.name, source: module.source }] };
      break;
    }
    case 'pptx': {
      const { importPptx } = await import('./import-pptx.ts');
      const module = await importPptx(job.data, job.fileName, { ...one, notes: job.speakerNotes });
      result = { ...module, drafts: [{ name: job.draft.name, source: module.source }] };
      break;
    }
    case 'pdf': {
      const { importPdf } = await import('./import-pdf.ts');
      const module = await importPdf(job.data, job.fileName, one);
      result = { ...module, drafts: [{ name: job.draft.name, source: module.source }] };
      break;
    }
    case 'zip': {
      // A SCORM or cmi5 package is a zip too: its manifest says so, read from the directory before anything is inflated.
      const { openArchive } = await import('./import-limits.ts');
      const { packageManifest, importPackage } = await import('./import-package.ts');
      const archive = openArchive(job.data, job.fileName);
      const manifest = packageManifest(archive);
      if (manifest) {
        const module = await importPackage(archive, manifest, job.fileName, one);
        result = { ...module, drafts: [{ name: job.draft.name, source: module.source }] };
        break;
      }
      const { importMarkdownZip } = await import('./import-markdown-zip.ts');
      const zip = importMarkdownZip(job.data, job.fileName, job.imageLimit);
      result = { drafts: zip.modules, images: zip.images, notes: zip.notes };
      break;
    }
  }
  return { drafts: result.drafts, images: result.images, notes: result.notes, costs: result.drafts.map((d) => draftCost(d.name, d.source, result.images)) };
}
