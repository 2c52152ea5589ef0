import { describe, expect, it } from 'vitest';
import { deviceNeeds, groupNeeded, parseLangs, parseModuleIds, sameNeeds, wantedModules } from '../../src/shared/device-needs.ts';
import type { Catalog, CatalogEntry } from '../../src/shared/module.ts';

const entry = (id: string, lang: string): CatalogEntry => ({ id, lang, url: `/content/modules/${id}.${lang}.json` }) as CatalogEntry;
const catalog = { format: 1, version: '000000000000', modules: [entry('a', 'en'), entry('a', 'nl'), entry('b', 'en'), entry('c', 'pl'), entry('c', 'nl')] } as Catalog;
const urls = (entries: CatalogEntry[]) => entries.map((e) => `${e.id}.${e.lang}`);

describe('what a device keeps', () => {
  it('a kiosk: its UI language, its site\'s and every one its people read, once each; a learner\'s own device: theirs', () => {
    expect(deviceNeeds('nl', true, ['en', 'nl', undefined, 'pl', 'en'])).toEqual({ langs: ['en', 'nl', 'pl'], kiosk: true, only: null });
    expect(deviceNeeds('en', false)).toEqual({ langs: ['en'], kiosk: false, only: null });
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

  it("a worker's linked phone: its learner's language and assigned modules, nothing else", () => {
    const phone = deviceNeeds('en', false, [], ['c', 'a', 'c']);
    expect(phone).toEqual({ langs: ['en'], kiosk: false, only: ['a', 'c'] });
    expect(urls(wantedModules(catalog, phone.langs, phone.only))).toEqual(['a.en', 'c.pl']);
    expect(wantedModules(catalog, ['en'], [])).toEqual([]);
    // Saved for other assignments is not saved for these: the count waits for the new set.
    expect(sameNeeds(phone, deviceNeeds('en', false, [], ['a']))).toBe(false);
    expect(sameNeeds(phone, deviceNeeds('en', false))).toBe(false);
    expect(parseModuleIds('lockout-tagout,ppe-basics')).toEqual(['lockout-tagout', 'ppe-basics']);
    expect(parseModuleIds('')).toEqual([]);
    for (const bad of ['A', 'a,,b', '../x', Array.from({ length: 201 }, () => 'a').join()]) expect(parseModuleIds(bad)).toBeNull();
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
    // The phone's screens: a linked phone keeps them, a kiosk and an unlinked device do not.
    expect(groupNeeded('phone', deviceNeeds('en', false, [], ['a']))).toBe(true);
    expect(groupNeeded('phone', phoneEn)).toBe(false);
    expect(groupNeeded('phone', kioskNl)).toBe(false);
    // Search: every device that keeps the whole library (a kiosk, an unlinked device, one whose needs predate phones), not a linked phone.
    expect(groupNeeded('library', kioskNl)).toBe(true);
    expect(groupNeeded('library', phoneEn)).toBe(true);
    expect(groupNeeded('library', { langs: ['en'], kiosk: false })).toBe(true);
    expect(groupNeeded('library', deviceNeeds('en', false, [], ['a']))).toBe(false);
  });

  it('reads a language list from a query parameter, or refuses it', () => {
    expect(parseLangs('en,nl,pt-BR')).toEqual(['en', 'nl', 'pt-BR']);
    for (const bad of ['', 'en,', 'EN', 'e n', '../x', Array.from({ length: 21 }, () => 'en').join()]) expect(parseLangs(bad)).toBeNull();
  });
});
