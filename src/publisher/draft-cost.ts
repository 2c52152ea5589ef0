import { brotli } from '../node/compress.ts';
import type { ImportedDraftCost } from '../shared/console/import-report.ts';
import { MEDIA_PREFIX } from '../shared/module.ts';
import { compileModule } from './compile-module.ts';
import type { ImportedImage } from './draft-source.ts';

/**
 * What kiosks would download for an imported draft: its text compiled as the
 * publisher compiles it and brotli-compressed as it is served, and the images
 * it shows. The quiz the author adds later is a few hundred bytes more; the
 * publish plan then says the exact figure.
 */
export function draftCost(name: string, source: string, images: readonly ImportedImage[]): ImportedDraftCost {
  const shown = images.filter((image) => source.includes(`](${image.path})`));
  const compiled = compileModule(name, source, (src) => ({ url: `${MEDIA_PREFIX}${src}` }));
  const front = (compiled.parts.frontMatter ?? {}) as Record<string, unknown>;
  const title = typeof front.title === 'string' ? front.title : '';
  const module = { id: front.id, lang: front.language, title, summary: front.summary ?? '', version: String(front.version ?? ''), minutes: front.minutes, roles: front.roles, sections: compiled.parts.sections };
  return {
    name,
    title,
    textBytes: brotli(JSON.stringify(module)).length,
    imageBytes: shown.reduce((n, image) => n + (image.path.endsWith('.svg') ? brotli(Buffer.from(image.data)).length : image.data.length), 0),
  };
}
