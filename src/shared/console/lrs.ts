/** A record the LRS would not take as it is, kept aside with its reason until someone looks. */
export interface SettledRow {
  recordId: string;
  state: 'conflict' | 'refused';
  reason: string;
  at: number;
}

/** How forwarding to the LRS goes: what waits, what was last taken, why it last failed, what was kept aside. */
export interface ForwardingStatus {
  waiting: number;
  conflicts: number;
  refused: number;
  /** The latest few conflicts and refusals, newest first, and when the first of them all was kept aside. */
  latest: SettledRow[];
  settledSince: number | null;
  lastSent: { at: number; statements: number } | null;
  lastFailure: { at: number; reason: string } | null;
}

/** The failure still standing: one after the last batch the LRS took (none once a batch went through after it). */
export const standingFailure = (s: Pick<ForwardingStatus, 'lastSent' | 'lastFailure'>): ForwardingStatus['lastFailure'] =>
  (s.lastFailure && (!s.lastSent || s.lastFailure.at > s.lastSent.at) ? s.lastFailure : null);

/** The console's LRS page: what is set (never the secret, only whether one is) and how forwarding goes. */
export interface LrsView {
  /** Where the setting comes from: the server's environment (LRS_ENDPOINT), the console, or nowhere yet. */
  source: 'environment' | 'console' | null;
  endpoint: string | null;
  key: string | null;
  secretSet: boolean;
  /** The address statements name people and activities under. */
  homePage: string | null;
  changedAt: number | null;
  changedBy: string | null;
  status: ForwardingStatus;
}
