import { acceptImage } from './image-check.ts';
import { kib } from './draft-source.ts';

/**
 * An image from an imported deck, document or package, made to fit the
 * image budget the way a careful author would: kept as it is when it already
 * fits, otherwise decoded by sharp (libvips), scaled down to what a kiosk
 * screen shows and saved again as WebP, smaller steps until it fits. What
 * still does not fit is left out with its size, never published over budget.
 */
export type FittedImage =
  | { data: Uint8Array; ext: string; resized: { from: number; width: number } | null }
  | { error: string };

/** The steps tried, largest first: a kiosk's reading column is about 800 px wide. */
const STEPS = [
  { width: 800, quality: 60 },
  { width: 640, quality: 50 },
  { width: 480, quality: 40 },
] as const;

/** What sharp may decode: a 24-megapixel camera photo, not a bomb that declares a billion pixels (refused from its header). */
export const MAX_INPUT_PIXELS = 25_000_000;

const KEPT_AS_IS: Record<string, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp' };

export async function fitImage(name: string, bytes: Uint8Array, limit: number): Promise<FittedImage> {
  if (/\.svg$/i.test(name)) {
    const svg = acceptImage(name, bytes, limit);
    return 'error' in svg ? svg : { data: svg.data, ext: 'svg', resized: null };
  }
  if (/\.(emf|wmf)$/i.test(name)) return { error: 'it is a Windows drawing (EMF/WMF), which no browser shows: save it as PNG and add it in the editor' };
  const { default: sharp } = await import('sharp');
  // One thread and no cache: the compile worker's memory is what one image needs, and the thread ends after the job.
  sharp.concurrency(1);
  sharp.cache(false);
  const image = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false });
  let meta;
  try {
    meta = await image().metadata();
  } catch (err) {
    const message = (err as Error).message;
    return { error: /pixel limit/i.test(message) ? `it has more than ${MAX_INPUT_PIXELS / 1e6} million pixels` : `it cannot be read as an image (${message.split('\n')[0]})` };
  }
  const format = KEPT_AS_IS[meta.format ?? ''];
  if (format && bytes.length <= limit && (meta.pages ?? 1) === 1) return { data: bytes, ext: format, resized: null };
  for (const step of STEPS) {
    let data: Buffer;
    try {
      data = await image().rotate().resize({ width: step.width, height: step.width, fit: 'inside', withoutEnlargement: true }).webp({ quality: step.quality, effort: 4 }).toBuffer();
    } catch (err) {
      return { error: `it cannot be read as an image (${(err as Error).message.split('\n')[0]})` };
    }
    if (data.length <= limit) return { data, ext: 'webp', resized: { from: bytes.length, width: Math.min(step.width, Math.max(meta.width ?? 0, meta.height ?? 0)) } };
  }
  return { error: `${kib(bytes.length)} KiB, and still over the ${kib(limit)} KiB image budget at ${STEPS.at(-1)!.width} px` };
}
