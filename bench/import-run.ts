/**
 * npm run bench:imports — what an import makes of the files L&D already has:
 * each fixture the tests import (made by harness/import-files/), as sent,
 * against the draft it becomes (its text compiled and brotli-compressed as
 * kiosks get it, and its pictures), the time that takes on the plant's line,
 * and how long the import takes in the compile worker.
 */
import { secondsOnLine } from '../src/shared/line-cost.ts';
import { compileRunner } from '../src/server/console/compile-jobs.ts';
import type { ImportFormat } from '../src/publisher/import-formats.ts';
import { spillProcedureDocx } from '../harness/import-files/docx.ts';
import { ladderDeck } from '../harness/import-files/pptx.ts';
import { forkliftProcedurePdf } from '../harness/import-files/pdf.ts';
import { cmi5Package, scormPackage } from '../harness/import-files/scorm.ts';
import { summarize, type Summary } from './stats.ts';

export interface ImportFigures {
  label: string;
  fileBytes: number;
  textBytes: number;
  imageBytes: number;
  lineSeconds: number;
  importMs: Summary;
}

const FIXTURES: { label: string; fileName: string; format: ImportFormat; make: () => Promise<Buffer> }[] = [
  { label: 'Word document', fileName: 'Spill procedure.docx', format: 'docx', make: spillProcedureDocx },
  { label: 'PowerPoint deck', fileName: 'Ladder talk.pptx', format: 'pptx', make: ladderDeck },
  { label: 'PDF', fileName: 'P-12 forklift.pdf', format: 'pdf', make: forkliftProcedurePdf },
  { label: 'SCORM 1.2', fileName: 'Safe lifting.zip', format: 'zip', make: async () => Buffer.from(scormPackage('1.2')) },
  // The size of package the issue names: most of it one video, listed and never inflated.
  { label: 'SCORM 2004, 38 MiB', fileName: 'Safe lifting 2004.zip', format: 'zip', make: async () => Buffer.from(scormPackage('2004', 38 * 1024 * 1024)) },
  { label: 'cmi5', fileName: 'Forklift.zip', format: 'zip', make: async () => Buffer.from(cmi5Package()) },
];

/** Each fixture imported `rounds` times in a fresh compile worker, as the console does. */
export async function measureImports(rounds = 3): Promise<ImportFigures[]> {
  const runner = compileRunner();
  const figures: ImportFigures[] = [];
  for (const fixture of FIXTURES) {
    const file = await fixture.make();
    const times: number[] = [];
    let cost = { textBytes: 0, imageBytes: 0 };
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const result = await runner.run({ kind: 'import', job: { format: fixture.format, fileName: fixture.fileName, data: new Uint8Array(file), draft: { name: 'bench.md', id: 'bench' }, lang: 'en', imageLimit: 12 * 1024, speakerNotes: true } });
      times.push(performance.now() - started);
      cost = result.costs[0]!;
    }
    figures.push({ label: fixture.label, fileBytes: file.length, ...cost, lineSeconds: secondsOnLine(cost.textBytes + cost.imageBytes), importMs: summarize(times) });
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB`;
  for (const f of await measureImports()) {
    console.log(`${f.label}: ${kib(f.fileBytes)} as sent; the module ${kib(f.textBytes)} of text (brotli) and ${kib(f.imageBytes)} of pictures, ${f.lineSeconds.toFixed(1)} s on the 64 kbit/s line; import ${(f.importMs.median / 1000).toFixed(2)} s (${(f.importMs.min / 1000).toFixed(2)}–${(f.importMs.max / 1000).toFixed(2)})`);
  }
}
