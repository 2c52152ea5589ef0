import { constants } from 'node:crypto';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

/**
 * The server's TLS choices, each a setting because each is a trade a site
 * may weigh differently. Measured by `npm run bench` (the TLS table).
 */
export interface TlsChoices {
  /** Key-exchange groups in order of preference (OpenSSL names, colon-separated): TLS_GROUPS. */
  groups: string;
  /** How long a session ticket lets a device resume without a full handshake, in hours; 0: no tickets. TLS_SESSION_HOURS. */
  sessionHours: number;
}

/**
 * X25519 first: a 32-byte key share each way. A post-quantum hybrid
 * (X25519MLKEM768, which Node 22.20+/24 with OpenSSL 3.5 would otherwise pick
 * when Chromium offers it) adds about 1.1 KiB to every handshake the server
 * answers, resumed ones included: worth it where recorded traffic must stay
 * secret for decades, which training records at a plant need not. A site
 * that wants it names it first in TLS_GROUPS.
 */
export const DEFAULT_TLS_GROUPS = 'X25519:P-256:P-384';

/**
 * A day: a kiosk asks for updates every ten minutes and its connection closes
 * after two idle ones, so each check is a new connection; with a ticket it
 * resumes (0.24 KiB from the server instead of 1.64, no certificate: the bench's TLS table).
 * Node's own default, five minutes, let every ticket expire before it was used.
 */
export const DEFAULT_SESSION_HOURS = 24;
/** TLS 1.3 caps a ticket's life at seven days. */
export const MAX_SESSION_HOURS = 7 * 24;

/** Why `groups` cannot be used by this Node's OpenSSL, or null when it can. */
export function groupsProblem(groups: string): string | null {
  if (!/^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)*$/.test(groups)) return `"${groups}" is not a list of group names separated by colons, such as ${DEFAULT_TLS_GROUPS}.`;
  try {
    createSecureContext({ ecdhCurve: groups });
    return null;
  } catch {
    return `this Node (${process.version}, OpenSSL ${process.versions.openssl}) does not know every group in "${groups}"; post-quantum groups such as X25519MLKEM768 need OpenSSL 3.5 (Node 22.20 or later).`;
  }
}

/** The options that put `choices` into effect on a TLS server. */
export function tlsServerOptions(choices: TlsChoices): SecureContextOptions & { sessionTimeout: number } {
  return {
    ecdhCurve: choices.groups,
    // A ticket's lifetime hint follows the session timeout.
    sessionTimeout: choices.sessionHours * 3600,
    ...(choices.sessionHours === 0 ? { secureOptions: constants.SSL_OP_NO_TICKET } : {}),
  };
}
