import type { ConsoleStrings } from '../i18n/en.ts';

/**
 * An inline confirmation in place of the button that asked for it: the
 * question says what will happen, then the one button that does it and the
 * one that keeps things as they are.
 */
export function Confirm({ t, question, yes, onYes, onNo }: { t: ConsoleStrings; question: string; yes: string; onYes: () => void; onNo: () => void }) {
  return (
    <span class="row" role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" class="button" onClick={onYes}>{yes}</button>
      <button type="button" class="button secondary" onClick={onNo}>{t.keep}</button>
    </span>
  );
}
