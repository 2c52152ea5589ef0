/**
 * Short codes: what a QR poster at a machine holds. A code is four characters
 * from an alphabet without look-alikes (no 0/O, 1/I/L, U), read
 * case-insensitively, and the poster's QR holds the whole address in upper
 * case (`HTTPS://HOST/Q/7K3F`): QR's alphanumeric mode packs upper-case
 * letters, digits and `:/.` 5.5 bits a character instead of 8, so the symbol
 * has fewer, larger modules and scans from further away.
 */
/** Letters and digits without look-alikes: every code a person reads, types or scans (poster codes, kiosk enrollment codes, phone links). */
export const READABLE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const SHORT_CODE_LENGTH = 4;
/** The path a code's address starts with; the server and the app read it in any case. */
export const SHORT_CODE_PATH = '/Q/';
/** The alphabet and length above, as a literal: a module-level `new RegExp` would ride into the first render's script with the router. */
const CODE = /^[ABCDEFGHJKMNPQRSTVWXYZ23456789]{4}$/;

/** A code as typed or scanned (any case, spaces or dashes), or null when it cannot be one. */
export function normaliseShortCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  return CODE.test(code) ? code : null;
}

/** The code in an address's path (`/Q/7k3f`, `/q/7K3F/`), or null. */
export function shortCodeInPath(pathname: string): string | null {
  const m = /^\/q\/([^/]+)\/?$/i.exec(pathname);
  return m ? normaliseShortCode(m[1]!) : null;
}

/** The address a poster's QR holds, upper case so it fits QR's alphanumeric mode. */
export function shortUrl(origin: string, code: string): string {
  return `${origin}${SHORT_CODE_PATH}${code}`.toUpperCase();
}

/** Where a code opens: a module, from its start (section null) or at one section (a job aid). */
export interface CodeTarget {
  moduleId: string;
  section: number | null;
}

/** Where a code opens: the module from its start, or one section on its own as a job aid (the app's router reads these addresses). */
export const codePath = ({ moduleId, section }: CodeTarget): string => (section === null ? `/m/${moduleId}` : `/m/${moduleId}/aid/${section}`);

/** A site's code as its kiosks receive it with the roster: [code, module id, section or -1]. */
export type WireCode = [code: string, moduleId: string, section: number];

export const codeToWire = (code: string, t: CodeTarget): WireCode => [code, t.moduleId, t.section ?? -1];
export const codeFromWire = ([code, moduleId, section]: WireCode): CodeTarget & { code: string } => ({ code, moduleId, section: section < 0 ? null : section });

/** The public lookup of one code, for a device that has not saved its site's codes. */
export const CODES_URL = '/api/v1/codes/';
