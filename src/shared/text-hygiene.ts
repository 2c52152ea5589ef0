/**
 * Checks on the text an author writes (a module, a campaign), before it
 * reaches a learner. Pure and shared: the publisher and the console's
 * campaign checks apply the same rules.
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
