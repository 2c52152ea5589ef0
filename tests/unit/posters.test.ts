import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { placementReport, weekOf } from '../../src/server/console/placement-report.ts';
import { en } from '../../src/server/posters/i18n/en.ts';
import { secondLanguage } from '../../src/server/posters/poster-for.ts';
import { posterSvg, wrap } from '../../src/server/posters/poster-svg.ts';
import { qrPath, qrSvg } from '../../src/server/qr.ts';
import { posterPdf } from '../../src/server/posters/poster-pdf.ts';
import { pl } from '../../src/server/posters/i18n/pl.ts';
import type { ShortCode } from '../../src/shared/console/posters.ts';
import { codeFromWire, codePath, codeToWire, normaliseShortCode, shortCodeInPath, shortUrl } from '../../src/shared/short-code.ts';
import { hrefFor, parseRoute } from '../../src/app/router.ts';

/** The dark modules a path of `M x y h w v1 h-w z` runs draws, as a grid. */
function modulesOf(d: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) for (let i = 0; i < Number(w); i++) grid[Number(y)]![Number(x) + i] = true;
  return grid;
}

/** The grid as RGBA pixels, 4 pixels a module, with a 4-module quiet zone: what jsQR reads. */
function pixels(grid: boolean[][]): { data: Uint8ClampedArray; width: number } {
  const scale = 4;
  const width = (grid.length + 8) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  grid.forEach((row, y) => row.forEach((dark, x) => {
    if (!dark) return;
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
      const at = (((y + 4) * scale + dy) * width + (x + 4) * scale + dx) * 4;
      data[at] = data[at + 1] = data[at + 2] = 0;
    }
  }));
  return { data, width };
}

describe('short codes', () => {
  it('reads a code in any case, with spaces or dashes, and refuses look-alikes and other lengths', () => {
    expect(normaliseShortCode('7k3f')).toBe('7K3F');
    expect(normaliseShortCode(' 7K-3F ')).toBe('7K3F');
    for (const bad of ['7K3', '7K3FF', '0K3F', 'OK3F', '1K3F', 'IK3F', 'LK3F', 'UK3F', '7K3/', '']) expect(normaliseShortCode(bad)).toBeNull();
    expect(shortCodeInPath('/q/7k3f')).toBe('7K3F');
    expect(shortCodeInPath('/Q/7K3F/')).toBe('7K3F');
    expect(shortCodeInPath('/Q/7K3F/more')).toBeNull();
    expect(shortCodeInPath('/Q/%zz')).toBeNull();
  });

  it('puts the whole address in upper case, and sends a code to its module or its job-aid section', () => {
    expect(shortUrl('https://training.plant.example', '7K3F')).toBe('HTTPS://TRAINING.PLANT.EXAMPLE/Q/7K3F');
    expect(codePath({ moduleId: 'lockout-tagout', section: null })).toBe('/m/lockout-tagout');
    expect(codePath({ moduleId: 'lockout-tagout', section: 3 })).toBe('/m/lockout-tagout/aid/3');
    // The app reads those addresses as the module and its job aid, and writes them the same.
    for (const section of [null, 3]) expect(hrefFor(parseRoute(codePath({ moduleId: 'lockout-tagout', section })))).toBe(codePath({ moduleId: 'lockout-tagout', section }));
    expect(codeFromWire(codeToWire('7K3F', { moduleId: 'ppe-basics', section: null }))).toEqual({ code: '7K3F', moduleId: 'ppe-basics', section: null });
    expect(codeFromWire(codeToWire('7K3F', { moduleId: 'ppe-basics', section: 0 }))).toEqual({ code: '7K3F', moduleId: 'ppe-basics', section: 0 });
  });
});

describe('posters', () => {
  it('draws the QR as merged runs that an independent decoder reads back, in alphanumeric mode', () => {
    const url = shortUrl('https://training.plant.example', '7K3F');
    const { size, d } = qrPath(url);
    const { data, width } = pixels(modulesOf(d, size));
    const found = jsQR(data, width, width);
    expect(found?.data).toBe(url);
    expect(found?.chunks.map((c) => c.type)).toEqual(['alphanumeric']);
    // Runs, not a square per module: a version-3 symbol is a few hundred.
    expect(d.match(/M/g)!.length).toBeLessThan(size * size / 3);
    // The console's image of a link is the same path, on white, two modules of it around.
    expect(qrSvg({ size, d })).toContain(`viewBox="-2 -2 ${size + 4} ${size + 4}"><rect x="-2" y="-2" width="${size + 4}" height="${size + 4}" fill="#fff"/><path d="${d}"/>`);
  });

  it('wraps words into lines and cuts what does not fit with an ellipsis', () => {
    expect(wrap('one two three four', 9, 3)).toEqual(['one two', 'three', 'four']);
    expect(wrap('one two three four', 9, 2)).toEqual(['one two', 'three…']);
    expect(wrap('Unbreakablewordthatislong', 10, 2)).toEqual(['Unbreakab…']);
  });

  it('writes the words as text, escaped, in the language each is in, on a sheet of its size', () => {
    const words = { lang: 'en', strings: en, title: 'Lock <it> & tag "it"', hook: 'Why it matters.', minutes: 1, section: null };
    const svg = posterSvg({ size: 'a6', url: 'HTTP://X/Q/7K3F', code: '7K3F', words: [words, { ...words, lang: 'nl', title: 'Vergrendel' }] });
    expect(svg).toContain('width="105mm" height="148mm"');
    expect(svg).toContain('Lock &#60;it&#62; &#38; tag &#34;it&#34;');
    expect(svg).not.toContain('<it>');
    expect(svg).toContain('About 1 minute');
    expect(svg).toMatch(/xml:lang="nl">Vergrendel</);
    expect(posterSvg({ size: 'a4', url: 'HTTP://X/Q/7K3F', code: '7K3F', words: [words] })).toContain('width="210mm" height="297mm"');
  });

  it('writes the same PDF for the same poster, with the Polish letters the standard fonts lack', async () => {
    const words = { lang: 'pl', strings: pl, title: 'Zero energii, zanim dotkniesz', hook: 'Łańcuch, żółć, ść.', minutes: 5, section: null };
    const poster = { size: 'a6' as const, url: 'HTTP://X/Q/7K3F', code: '7K3F', words: [words] as [typeof words] };
    const [a, b] = [await posterPdf(poster), await posterPdf(poster)];
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    // The font is embedded (a subset of DejaVu Sans), not a standard font that has no "ł".
    expect(a.toString('latin1')).toMatch(/\/FontFile2/);
    expect(a.toString('latin1')).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it("picks the second language most of the site's other people read", () => {
    expect(secondLanguage([{ lang: 'en' }, { lang: 'pl' }, { lang: 'nl' }, { lang: 'pl' }], 'en')).toBe('pl');
    expect(secondLanguage([{ lang: 'nl' }, { lang: 'pl' }], 'en')).toBe('nl');
    expect(secondLanguage([{ lang: 'en' }], 'en')).toBeNull();
  });
});

describe('the placement report', () => {
  const code = (c: string, placement: string): ShortCode => ({ code: c, siteId: 's', moduleId: 'm', section: null, placement, createdAt: 0, createdBy: 'x', retired: false });
  const roster = Array.from({ length: 12 }, (_, i) => `p${i}`);
  const now = Date.UTC(2026, 11, 3, 12); // a Thursday
  const at = (day: string) => Date.parse(`${day}T10:00:00Z`);

  it('weeks start on Monday', () => {
    expect(weekOf('2026-12-03')).toBe('2026-11-30');
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
    expect(weekOf('2026-12-06')).toBe('2026-11-30');
  });

  it('counts people per placement and week only where the rule shows them, with opens beside a shown count only', () => {
    const scans = [
      ...['p0', 'p1', 'p2', 'p3', 'p4', 'p4'].map((learnerId) => ({ learnerId, subject: 'AAAA', at: at('2026-12-01') })),
      ...['p0', 'p1'].map((learnerId) => ({ learnerId, subject: 'BBBB', at: at('2026-11-24') })),
      // Not on this site's roster, or outside the report's weeks: not counted.
      { learnerId: 'stranger', subject: 'AAAA', at: at('2026-12-01') },
      { learnerId: 'p5', subject: 'AAAA', at: at('2026-09-01') },
    ];
    const report = placementReport('s', [code('AAAA', 'Press 4'), code('BBBB', 'Canteen')], scans, roster, 'UTC', now);
    expect(report.weeks).toHaveLength(8);
    expect(report.weeks.at(-1)).toBe('2026-11-30');
    const [press, canteen] = report.placements;
    expect(press!.weeks.at(-1)).toEqual({ people: { people: 5 }, opens: 6 });
    expect(press!.total).toEqual({ people: { people: 5 }, opens: 6 });
    expect(canteen!.weeks.at(-2)).toEqual({ people: { hidden: true }, opens: null });
    expect(canteen!.total).toEqual({ people: { hidden: true }, opens: null });
    // Eleven of twelve: fewer than 5 did not, so it is not shown either.
    const nearlyAll = roster.slice(0, 11).map((learnerId) => ({ learnerId, subject: 'AAAA', at: at('2026-12-01') }));
    expect(placementReport('s', [code('AAAA', 'Press 4')], nearlyAll, roster, 'UTC', now).placements[0]!.total).toEqual({ people: { hidden: true }, opens: null });
  });

  it("puts a scan in the week of the site's own calendar", () => {
    // Sunday 23:30 in UTC is Monday 00:30 in Amsterdam: the next week there.
    const late = Date.parse('2026-11-29T23:30:00Z');
    const scans = roster.slice(0, 5).map((learnerId) => ({ learnerId, subject: 'AAAA', at: late }));
    const amsterdam = placementReport('s', [code('AAAA', 'x')], scans, roster, 'Europe/Amsterdam', now).placements[0]!;
    expect(amsterdam.weeks.at(-1)!.people).toEqual({ people: 5 });
    const utc = placementReport('s', [code('AAAA', 'x')], scans, roster, 'UTC', now).placements[0]!;
    expect(utc.weeks.at(-2)!.people).toEqual({ people: 5 });
  });
});
