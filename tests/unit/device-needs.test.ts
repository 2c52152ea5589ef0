import { describe, expect, it } from 'vitest';
import { deviceNeeds, groupNeeded, parseLangs, sameNeeds, wantedModules } from '../../src/shared/device-needs.ts';
import type { Catalog, CatalogEntry } from '../../src/shared/module.ts';

const entry = (id: string, lang: string): CatalogEntry => ({ id, lang, url: `/content/modules/${id}.${lang}.json` }) as CatalogEntry;
const catalog = { format: 1, version: '000000000000', modules: [entry('a', 'en'), entry('a', 'nl'), entry('b', 'en'), entry('c', 'pl'), entry('c', 'nl')] } as Catalog;
const urls = (entries: CatalogEntry[]) => entries.map((e) => `${e.id}.${e.lang}`);

describe('what a device keeps', () => {
  it('a kiosk: its UI language, its site\'s and every one its people read, once each; a learner\'s own device: theirs', () => {
    expect(deviceNeeds('nl', true, ['en', 'nl', undefined, 'pl', 'en'])).toEqual({ langs: ['en', 'nl', 'pl'], kiosk: true });
    expect(deviceNeeds('en', false)).toEqual({ langs: ['en'], kiosk: false });
    expect(sameNeeds(deviceNeeds('nl', true, ['en']), deviceNeeds('en', true, ['nl']))).toBe(true);
    expect(sameNeeds(deviceNeeds('en', true), deviceNeeds('en', false))).toBe(false);
  });

  it('keeps each module in the languages it has of those read, and its first variant where it has none of them', () => {
    expect(urls(wantedModules(catalog, ['en']))).toEqual(['a.en', 'b.en', 'c.pl']);
    expect(urls(wantedModules(catalog, ['nl']))).toEqual(['a.nl', 'b.en', 'c.nl']);
    // What each reader is shown: an English reader is shown c in its first language, Polish.
    expect(urls(wantedModules(catalog, ['en', 'nl']))).toEqual(['a.en', 'a.nl', 'b.en', 'c.pl', 'c.nl']);
    expect(wantedModules(catalog, [])).toEqual([]);
  });

  it('needs a file when every word of its group holds', () => {
    const kioskNl = deviceNeeds('nl', true);
    const phoneEn = deviceNeeds('en', false);
    expect(groupNeeded(undefined, phoneEn)).toBe(true);
    expect(groupNeeded('kiosk', kioskNl)).toBe(true);
    expect(groupNeeded('kiosk', phoneEn)).toBe(false);
    expect(groupNeeded('nl', kioskNl)).toBe(true);
    expect(groupNeeded('nl', phoneEn)).toBe(false);
    expect(groupNeeded('kiosk nl', kioskNl)).toBe(true);
    expect(groupNeeded('kiosk nl', deviceNeeds('nl', false))).toBe(false);
    expect(groupNeeded('kiosk pl', kioskNl)).toBe(false);
  });

  it('reads a language list from a query parameter, or refuses it', () => {
    expect(parseLangs('en,nl,pt-BR')).toEqual(['en', 'nl', 'pt-BR']);
    for (const bad of ['', 'en,', 'EN', 'e n', '../x', Array.from({ length: 21 }, () => 'en').join()]) expect(parseLangs(bad)).toBeNull();
  });
});
