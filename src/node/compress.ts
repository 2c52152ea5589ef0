import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Highest brotli quality: we compress once at publish or build time and serve the result many times. */
export function brotli(data: Buffer | string): Buffer {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
}

export function gzip(data: Buffer | string): Buffer {
  return gzipSync(data, { level: 9 });
}

/** File types worth compressing; images and fonts already are. */
export const COMPRESSIBLE = /\.(html|js|mjs|css|json|webmanifest|svg|txt|xml|map)$/;
