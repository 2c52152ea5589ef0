import { standingFailure, type ForwardingStatus } from '../../shared/console/lrs.ts';

const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The LRS forwarding's state in words, for /healthz and the logs: what waits,
 * what the LRS last took, why it last failed (while it still fails), and
 * what it will not take as it is, with its reason. A refusal is never retried
 * forever and never hidden.
 */
export function forwardingSummary(s: ForwardingStatus): string[] {
  const lines = [`LRS: ${s.waiting} record(s) waiting to be sent${s.lastSent ? `; last batch taken ${when(s.lastSent.at)} (${s.lastSent.statements} statements)` : '; nothing taken yet'}.`];
  const failure = standingFailure(s);
  if (failure) lines.push(`LRS: failing since ${when(failure.at)}: ${failure.reason}`);
  const latest = s.latest[0];
  if (latest) {
    lines.push(`LRS: would not take ${s.refused + s.conflicts} record(s) as they are (${s.refused} refused, ${s.conflicts} in conflict) since ${when(s.settledSince ?? latest.at)}; latest: ${latest.recordId}: ${latest.reason}`);
  }
  return lines;
}
