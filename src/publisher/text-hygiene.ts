/**
 * Checks on the text an author writes, before it reaches a learner. Pure, so
 * the publisher's rules can be tested without files.
 */

/**
 * Characters a reader cannot see but a string comparison can: direction
 * overrides and isolates (they reorder what is shown), zero-width characters
 * and other format controls. "Yes" and "Yes" plus U+200B look alike and are
 * two different quiz choices. Control characters other than tab and newline too.
 */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
/** In running text only what can reorder or hide it is refused; joiners are part of some scripts and emoji. */
const REORDERING = /[\u202A-\u202E\u2066-\u2069\u061C\u200E\u200F\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a short text (id, title, choice, answer) is refused, or null. */
export function invisibleIn(text: string): string | null {
  const found = INVISIBLE.exec(text);
  return found ? `contains an invisible or direction-changing character (${codePoint(found[0])}): retype it without one` : null;
}

/** Why body text is refused, or null. */
export function reorderingIn(text: string): string | null {
  const found = REORDERING.exec(text);
  return found ? `contains a direction-changing or control character (${codePoint(found[0])}): remove it` : null;
}

/**
 * Decodes UTF-8 strictly. On bad bytes, says on which line (1-based) the
 * first one is, counting the newlines before it, so the author can find it.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { badLine: number } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { badLine: lineOfFirstBadByte(bytes) };
  }
}

function lineOfFirstBadByte(bytes: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const whole = length > 0 && i + length <= bytes.length && [...bytes.subarray(i + 1, i + length)].every((c) => (c & 0xc0) === 0x80);
    if (!whole) return line;
    // Overlong forms and surrogates are the rest of what a fatal decoder refuses.
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(i, i + length));
    if (text.includes('\uFFFD')) return line;
    if (b === 0x0a) line++;
    i += length;
  }
  return line;
}
