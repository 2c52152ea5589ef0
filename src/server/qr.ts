import { encode } from 'uqr';

/*
 * QR codes the server makes: posters, kiosk enrollment links, phone links.
 * Load it when one is made (the encoder is nothing a server that never
 * prints needs to hold).
 */

/**
 * The QR's dark modules as one path, runs along each row merged: a version 3
 * symbol is about 300 runs, a few kilobytes of SVG where a rect per module
 * would be tens. Error correction M: a poster gets scuffed.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  const runs: string[] = [];
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < size && row[x + 1]) x++;
      runs.push(`M${start} ${y}h${x - start + 1}v1h${-(x - start + 1)}z`);
    }
  });
  return { size, d: runs.join('') };
}

/** A QR code (qrPath) as a small SVG of its own, with two modules of white around it: what the console shows beside a link. */
export function qrSvg({ size, d }: { size: number; d: string }): string {
  const side = size + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 ${side} ${side}"><rect x="-2" y="-2" width="${side}" height="${side}" fill="#fff"/><path d="${d}"/></svg>`;
}
