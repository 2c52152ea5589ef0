import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/publisher/compile-module.ts';
import { importFile, type ImportResult } from '../../src/publisher/import-file.ts';
import type { ImportNote } from '../../src/shared/console/import-report.ts';
import { alteredScormPackage, cmi5Package, scormPackage } from '../../harness/import-files/scorm.ts';
import { lieAboutSize } from '../../harness/hostile-zip.ts';

const said = (notes: ImportNote[]) => notes.map((n) => `${n.at} | ${n.outcome} | ${n.text}`);
const importZip = (data: Uint8Array, fileName = 'Safe lifting.zip'): Promise<ImportResult> =>
  importFile({ format: 'zip', fileName, data, draft: { name: 'safe-lifting.md', id: 'safe-lifting' }, lang: 'en', imageLimit: 12 * 1024, speakerNotes: false });
const bodyOf = (source: string) => source.split(/^---$/m)[2]!.trim();
const diagnostics = (source: string) => compileModule('safe-lifting.md', source, (src) => ({ url: `/content/media/${src}` })).diagnostics.map((d) => d.message);

describe('importing a SCORM package', () => {
  it('takes the items in the organisation\'s order, each SCO\'s words, list, table and fitted picture, the QTI question as the quiz and the mastery score as its pass mark (SCORM 1.2)', async () => {
    const { drafts, images, notes, costs } = await importZip(scormPackage('1.2'));
    const [draft] = drafts;
    expect(draft!.source).toMatch(/^---\nid: safe-lifting\ntitle: "Safe lifting at the warehouse"\nlanguage: en\n[\s\S]*\nquiz:\n {2}passMark: 80\n {2}questions:\n {4}- question: "What bends when you lift a box from the floor\?"\n {6}choices: \["Your knees", "Your back"\]\n {6}answer: "Your knees"\n {6}explanation: "Your legs lift; your back stays straight."\n/);
    expect(bodyOf(draft!.source)).toBe([
      '## Why backs get hurt',
      'Most back injuries at work come from **lifting with a bent back**, not from heavy loads.',
      '![A spine bending under a load](media/safe-lifting-1.webp)',
      'Twisting while you hold a load is worse still.',
      '## Lifting step by step',
      '1. Stand close to the load.\n2. Bend your knees, not your back.\n3. Lift with your legs.',
      '| Load | Who lifts |\n| --- | --- |\n| Up to 25 kg | One person |\n| Over 25 kg | Two people or a hoist |',
      'Watch the video at your desk.',
      '## Check yourself',
      'What bends when you lift?',
      '- Your knees\n- Your back',
      'How heavy may one person lift?',
      '- 25 kg\n- 50 kg',
    ].join('\n\n'));
    expect(images.map((i) => i.path)).toEqual(['media/safe-lifting-1.webp']);
    expect(said(notes)).toEqual([
      ' | kept | A SCORM 1.2 package: 3 items in the order its organisation gives.',
      expect.stringMatching(/^Why backs get hurt \| changed \| A picture of 40\d KiB \(sco1\/images\/spine\.png\) was scaled to 800 px and saved as WebP: \d\.\d KiB\.$/),
      'Why backs get hurt | kept | 1 page: 25 words.',
      'Lifting step by step | left-out | 1 player (video, sound or a frame) on sco2/index.html: kiosks on the line get text, not video.',
      'Lifting step by step | kept | 1 page: 41 words.',
      'Check yourself | to-do | A quiz of 2 questions on sco3/quiz.html, whose right answers are in the package\'s scripts, not its page: its questions and choices are in the text; put them in the form\'s quiz.',
      'Check yourself | kept | 1 page: 19 words.',
      'quiz/knees.xml | kept | The question "What bends when you lift a box from the floor?", with its 2 choices and the right one ticked.',
      ' | kept | Its mastery score, 80%, is the quiz\'s pass mark.',
      'Lifting step by step | left-out | 1 video file (media/lift.mp4, 2.0 MiB): kiosks on the line get text, not video.',
      ' | left-out | 1 script (22 KiB), never run by an import: a package\'s navigation and scoring live there.',
      ' | left-out | 1 other file (33 bytes): styles, fonts, pages no item lists, and the like.',
      ' | to-do | Add the roles the module is for, and check the quiz it brought (each question needs its "why"), before it can be published: the form marks what is missing.',
    ]);
    expect(costs).toEqual([{ name: 'safe-lifting.md', title: 'Safe lifting at the warehouse', textBytes: expect.any(Number), imageBytes: images[0]!.data.length }]);
    // Roles are all an import cannot know.
    expect(diagnostics(draft!.source)).toEqual([expect.stringMatching(/roles/)]);
  });

  it('lists a 38 MiB video with its size and never inflates it: the module is a few KiB (SCORM 2004)', async () => {
    const big = scormPackage('2004', 38 * 1024 * 1024);
    const { drafts, notes, costs } = await importZip(big);
    expect(said(notes)).toContain('Lifting step by step | left-out | 1 video file (media/lift.mp4, 38.0 MiB): kiosks on the line get text, not video.');
    expect(notes.find((n) => n.text.startsWith('1 video file'))?.bytes).toBe(38 * 1024 * 1024);
    expect(said(notes)[0]).toBe(' | kept | A SCORM 2004 package (4th edition): 3 items in the order its organisation gives.');
    expect(drafts[0]!.source).toMatch(/\n {2}passMark: 80\n/);
    expect(costs[0]!.textBytes + costs[0]!.imageBytes).toBeLessThan(big.length / 5000);
  });

  it('leaves out an item hosted elsewhere or pointing outside the package, and a page nested past reason, each with the reason', async () => {
    const hostile = alteredScormPackage('1.2', (files) => {
      const manifest = new TextDecoder().decode(files['imsmanifest.xml'] as Uint8Array)
        .replace('<file href="sco1/index.html"/>', '<file href="sco1/index.html"/><file href="sco1/deep.html"/>')
        .replace('href="sco2/index.html"', 'href="../../../etc/passwd"')
        .replace('href="sco3/quiz.html"', 'href="https://attacker.example/track"');
      files['imsmanifest.xml'] = strToU8(manifest);
      files['sco1/deep.html'] = strToU8(`<p>Deep</p>${'<div>'.repeat(500)}deep${'</div>'.repeat(500)}`);
    });
    const { notes } = await importZip(hostile);
    expect(said(notes).filter((n) => / \| left-out \| /.test(n) && !n.startsWith(' '))).toEqual([
      'Why backs get hurt | left-out | The page sco1/deep.html: its elements nest 500 levels deep, and no page a person reads goes past 100.',
      'Lifting step by step | left-out | Its page (../../../etc/passwd) points outside the package.',
      'Check yourself | left-out | Its page is hosted elsewhere (https://attacker.example/track): an import never fetches it.',
      // Its manifest still lists the video under the item, whose page could not be read.
      'Lifting step by step | left-out | 1 video file (media/lift.mp4, 64 KiB): kiosks on the line get text, not video.',
    ]);
  });

  it('leaves out pictures from outside the package, never fetched, and escapes what a page says', async () => {
    const hostile = alteredScormPackage('1.2', (files) => {
      files['sco1/index.html'] = strToU8('<h1>Why backs get hurt</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(1)) 5 * 3</p><img src="../../../../etc/passwd.png" alt="x"><img src="http://attacker.example/pixel.png" alt="y">');
    });
    const { drafts, notes } = await importZip(hostile);
    expect(bodyOf(drafts[0]!.source)).toMatch(/^## Why backs get hurt\n\n\\<script\\>alert\(1\)\\<\/script\\> \\\[click\\\]\(javascript:alert\(1\)\) 5 \\\* 3\n\n## Lifting/);
    expect(said(notes).filter((n) => n.startsWith('Why backs get hurt | left-out'))).toEqual([
      'Why backs get hurt | left-out | A picture from ../../../../etc/passwd.png: outside the package, so an import never fetches it.',
      'Why backs get hurt | left-out | A picture from http://attacker.example/pixel.png: outside the package, so an import never fetches it.',
    ]);
  });

  it('refuses a manifest that declares entities, and an archive that lies about its sizes', async () => {
    const entities = alteredScormPackage('1.2', (files) => {
      const manifest = new TextDecoder().decode(files['imsmanifest.xml'] as Uint8Array);
      files['imsmanifest.xml'] = strToU8(manifest.replace('?>', '?><!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>').replace('Safe lifting at the warehouse', '&x;'));
    });
    await expect(importZip(entities, 'entities.zip')).rejects.toThrow('entities.zip: imsmanifest.xml declares a DOCTYPE or entities');
    // Every entry declares 100 bytes; the manifest, read first, holds more.
    const honest = zipSync({ 'imsmanifest.xml': minimalManifest(), 'sco1/index.html': new Uint8Array(1024 * 1024).fill(32) }, { level: 9 });
    await expect(importZip(lieAboutSize(honest, 100), 'liar.zip')).rejects.toThrow(/liar\.zip: imsmanifest\.xml holds more or less than the 100 bytes it declares/);
  });

  it('says when the words are all in scripts', async () => {
    const scripted = alteredScormPackage('1.2', (files) => {
      for (const page of ['sco1/index.html', 'sco2/index.html', 'sco3/quiz.html']) files[page] = strToU8('<html><body><div id="app"></div><script src="story.js"></script></body></html>');
    });
    await expect(importZip(scripted, 'storyline.zip')).rejects.toThrow('storyline.zip has no text in any of its pages: its words are in scripts or pictures, which an import does not read');
  });
});

describe('importing a cmi5 course', () => {
  it('takes its title and description in the author\'s language, its block and AUs in order, the mastery score as the pass mark, and leaves out an AU hosted elsewhere', async () => {
    const { drafts, notes } = await importZip(cmi5Package(), 'Forklift cmi5.zip');
    const source = drafts[0]!.source;
    expect(source).toMatch(/^---\nid: safe-lifting\ntitle: "Forklift basics"\nsummary: "Before you drive, and when you park."\nlanguage: en\n[\s\S]*\nquiz:\n {2}passMark: 75\n {2}questions: \[\]\n/);
    expect(bodyOf(source)).toBe('## Driving\n\n### Before you drive\n\nWalk around the truck and check the forks, the tyres and the horn.\n\n### Parking\n\n- Forks down\n- Brake on\n- Key out');
    expect(said(notes)).toEqual([
      ' | kept | A cmi5 course: 3 items in the order its course structure gives.',
      'Before you drive | kept | 1 page: 13 words.',
      'Parking | kept | 1 page: 6 words.',
      'Simulator | left-out | It is hosted elsewhere (https://lms.example/forklift-simulator): an import never fetches it.',
      ' | kept | Its mastery score, 75%, is the quiz\'s pass mark.',
      ' | left-out | 1 script (20 bytes), never run by an import: a package\'s navigation and scoring live there.',
      ' | to-do | Add the roles the module is for and a quiz before it can be published: the form marks both.',
    ]);
  });
});

describe('a hostile cmi5 course', () => {
  it('leaves out an AU whose address climbs out of the package, and refuses a structure that declares entities', async () => {
    const withStructure = (edit: (xml: string) => string) => {
      const files = unzipSync(cmi5Package());
      files['cmi5.xml'] = strToU8(edit(strFromU8(files['cmi5.xml']!)));
      return zipSync(files);
    };
    const { notes } = await importZip(withStructure((xml) => xml.replace('au2/index.html?mode=normal', '../../../../etc/passwd')), 'climb.zip');
    expect(said(notes)).toContain('Parking | left-out | Its page (../../../../etc/passwd) points outside the package.');
    await expect(importZip(withStructure((xml) => xml.replace('?>', '?><!DOCTYPE c [<!ENTITY e "e">]>')), 'entities.zip')).rejects.toThrow('entities.zip: cmi5.xml declares a DOCTYPE or entities');
  });
});

function minimalManifest(): Uint8Array {
  return strToU8(`<?xml version="1.0"?><manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"><metadata><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>Page</title></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" href="sco1/index.html"/></resources></manifest>`);
}
