import { zipSync } from 'fflate';

/** Rewrites every size an archive declares for its entries, in the directory and the local headers alike: what a hostile tool writes. */
export function lieAboutSize(zip: Uint8Array, declared: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, declared, true);
    if (signature === 0x02014b50) view.setUint32(i + 24, declared, true);
  }
  return out;
}

/** A zip of one entry of `bytes` of repetitive Word-like XML (it deflates a thousandfold), declaring `declared` bytes if given. */
export function lyingZip(name: string, bytes: number, declared?: number): Uint8Array {
  const paragraph = '<w:p><w:r><w:t>Lock it out, tag it, try it.</w:t></w:r></w:p>';
  const xml = new TextEncoder().encode(paragraph.repeat(Math.ceil(bytes / paragraph.length)).slice(0, bytes));
  const zip = zipSync({ [name]: xml }, { level: 9 });
  return declared === undefined ? zip : lieAboutSize(zip, declared);
}
