/**
 * How long a person spends on a kiosk task, from the steps it takes rather
 * than from a stopwatch: the Keystroke-Level Model (Card, Moran and Newell,
 * 1980), with its published operator times. The e2e test that performs a
 * task counts its steps as it goes, so the figure follows the UI: a step
 * added to the form adds its seconds, whatever the machine's speed.
 */
export const OPERATOR_SECONDS = {
  /** One key, an average non-secretarial typist (about 40 words a minute). */
  keystroke: 0.28,
  /** Reaching a target on the screen and tapping it. */
  tap: 1.1 + 0.2,
  /** Reading the next name or number off the sheet, or deciding what to mark. */
  think: 1.35,
  /** A badge held to a keyboard-wedge reader, which types its code and Enter itself. */
  scan: 1.0,
} as const;

export type Operator = keyof typeof OPERATOR_SECONDS;
export type Steps = Record<Operator, number>;

export const noSteps = (): Steps => ({ keystroke: 0, tap: 0, think: 0, scan: 0 });

export function secondsFor(steps: Steps): number {
  return (Object.keys(OPERATOR_SECONDS) as Operator[]).reduce((sum, op) => sum + steps[op] * OPERATOR_SECONDS[op], 0);
}

/** A 30-person sign-off's modelled seconds, each way the e2e test performs it. */
export interface SignoffEffort {
  byRole: number;
  typed: number;
  scanned: number;
}
