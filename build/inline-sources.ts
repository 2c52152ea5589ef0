import { createHash } from 'node:crypto';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The CSP directives that allow a page's inline `<style>` and `<script>`
 * elements (those without attributes) by their SHA-256 and nothing else
 * inline: `style-src 'self' 'sha256-…'; script-src 'self' 'sha256-…'`. A
 * browser hashes the element's text exactly as written, so this reads the
 * final HTML, after every replacement the build makes.
 */
export function inlineSources(html: string): string {
  const directives: string[] = [];
  for (const tag of ['style', 'script']) {
    const texts = [...html.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
    if (texts.length) directives.push(`${tag}-src 'self' ${texts.map(hashOf).join(' ')}`);
  }
  return directives.join('; ');
}
