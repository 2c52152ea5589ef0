import type { ImportOutcome, ImportReport } from '../../shared/console/import-report.ts';
import { secondsOnLine } from '../../shared/line-cost.ts';
import type { ConsoleStrings } from '../i18n/en.ts';
import { titleProblems } from '../title-check.ts';
import { fileSize, kib, lineTime } from '../line-figures.ts';

/** What needs the author first, then what is missing, then what moved, then what simply came across. */
const ORDER: ImportOutcome[] = ['to-do', 'left-out', 'changed', 'kept'];

/**
 * An import's report: the file as sent against what each draft costs kiosks
 * on the line, advice on each draft's title, and what was done by slide,
 * page or item, to-dos first. Lists, not a table: it reads at 360 px.
 */
export function ImportReportView({ t, report, level }: { t: ConsoleStrings; report: ImportReport; level: 2 | 3 }) {
  const c = t.content;
  // Its headings sit under the page's: a section of the editor (h2), or of the import card (h3).
  const Heading = `h${level}` as 'h2' | 'h3';
  const Sub = `h${level + 1}` as 'h3' | 'h4';
  const heading: Record<ImportOutcome, string> = { 'to-do': c.importToDo, 'left-out': c.importLeftOut, changed: c.importChanged, kept: c.importKept };
  return (
    <div data-testid="import-report">
      <Heading>{c.importReport}</Heading>
      <p>{c.importFileSize(report.fileName, fileSize(report.fileBytes))}</p>
      <ul data-testid="import-cost">
        {report.drafts.map((d) => (
          <li key={d.name}>
            {c.importCost(d.title || d.name, kib(d.textBytes), kib(d.imageBytes), lineTime(t, secondsOnLine(d.textBytes + d.imageBytes)))}
            {titleProblems(d.title).length > 0 && <ul class="note">{titleProblems(d.title).map((p) => <li key={p}>{t.editor.titleProblems[p]}</li>)}</ul>}
          </li>
        ))}
      </ul>
      {ORDER.map((outcome) => {
        const notes = report.notes.filter((n) => n.outcome === outcome);
        return notes.length > 0 && (
          <section key={outcome} data-outcome={outcome}>
            <Sub>{heading[outcome]}</Sub>
            <ul>{notes.map((n, i) => <li key={i}>{n.at ? `${n.at}: ` : `${c.importWholeFile}: `}{n.text}</li>)}</ul>
          </section>
        );
      })}
    </div>
  );
}
