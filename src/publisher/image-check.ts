import { extname } from 'node:path';
import { sanitizeSvg } from './svg-sanitize.ts';

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg']);

/**
 * An image an author brings (uploaded, or in an imported zip) as the
 * publisher will take it: a type kiosks show, an SVG rebuilt by the
 * sanitizer, and within the image budget. The reason when not, in words.
 */
export type AcceptedImage = { data: Uint8Array } | { error: string };

export function acceptImage(name: string, bytes: Uint8Array, limit: number): AcceptedImage {
  const ext = extname(name).toLowerCase();
  if (!IMAGE_EXTENSIONS.has(ext)) return { error: `kiosks show ${[...IMAGE_EXTENSIONS].join(', ')} images, not ${ext || 'a file without a type'}` };
  let data = Buffer.from(bytes);
  if (ext === '.svg') {
    const clean = sanitizeSvg(data.toString('utf8').replace(/^\uFEFF/, ''));
    if ('error' in clean) return { error: clean.error };
    data = Buffer.from(clean.svg);
  }
  if (data.length > limit) return { error: `${(data.length / 1024).toFixed(1)} KiB is over the ${(limit / 1024).toFixed(0)} KiB image budget` };
  return { data };
}
