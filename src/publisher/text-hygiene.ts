/** Source files as text: strict UTF-8, or the line of the first bad byte. The character rules are shared/text-hygiene.ts. */

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
