import jsQR, { type QRCode } from 'jsqr';
import type { Page } from 'playwright-core';

/**
 * What a camera would read from an SVG: Chromium draws it at its own size
 * (96 pixels to the inch) and jsQR, an independent decoder, reads the
 * pixels. `page` must allow data: images (the console's pages do; the app's
 * do not). Null when no QR code is found.
 */
export async function readSvgQr(page: Page, svg: string): Promise<QRCode | null> {
  const { width, height, data } = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
    await img.decode();
    const [w, h] = [img.naturalWidth, img.naturalHeight];
    const canvas = Object.assign(document.createElement('canvas'), { width: w, height: h });
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0, w, h);
    return { width: w, height: h, data: Array.from(context.getImageData(0, 0, w, h).data) };
  }, svg);
  return jsQR(Uint8ClampedArray.from(data), width, height);
}
