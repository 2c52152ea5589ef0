import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prng } from '../harness/records.ts';

/**
 * A course of `count` modules made at bench time from the demo course: each
 * copy gets its own id and title, and its paragraphs and list items in
 * another order, so no two modules compress alike. Each module is in English
 * and in every language of `translations`, whose text comes from the demo's
 * modules in that language (real Dutch or Polish, of real size). Sizes and
 * structure stay those of real modules; nothing generated is committed.
 */
export async function generateCourse(demoDir: string, outDir: string, count: number, translations: readonly string[] = [], seed = 60): Promise<void> {
  const random = prng(seed);
  const files = (await readdir(demoDir)).sort();
  const textsIn = (lang: string) => Promise.all(files.filter((f) => (lang === 'en' ? /^\d\d-[a-z-]+\.md$/ : new RegExp(`^\\d\\d-[a-z-]+\\.${lang}\\.md$`)).test(f)).map((f) => readFile(join(demoDir, f), 'utf8')));
  const english = await textsIn('en');
  const translated = await Promise.all(translations.map(async (lang) => ({ lang, texts: await textsIn(lang) })));
  await mkdir(outDir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const number = String(i + 1).padStart(2, '0');
    const id = `${/^id: (.+)$/m.exec(english[i % english.length]!)![1]}-${number}`;
    await writeFile(join(outDir, `${number}-generated.md`), variant(english[i % english.length]!, id, i, random));
    for (const { lang, texts } of translated) {
      if (texts.length === 0) throw new Error(`generateCourse: the demo course has no module in ${lang}`);
      await writeFile(join(outDir, `${number}-generated.${lang}.md`), variant(texts[i % texts.length]!, id, i, random));
    }
  }
}

/** `text` under module id `id`, titled as part `i + 1`, its blocks shuffled within each section. */
function variant(text: string, id: string, i: number, random: () => number): string {
  const end = text.indexOf('\n---', 3);
  const front = text.slice(0, end)
    .replace(/^id: (.+)$/m, `id: ${id}`)
    // Within the 90 characters a title may have.
    .replace(/^title: "(.+)"$/m, (_, title: string) => `title: "${title.slice(0, 80)} (${i + 1})"`);
  const body = text.slice(end).split('\n## ').map((section, s) => {
    if (s === 0) return section;
    const [heading, ...blocks] = section.split('\n\n');
    // Paragraphs and whole lists change places within a section; headings stay, so sections read as before.
    const shuffled = blocks.map((b) => ({ b, k: random() })).sort((x, y) => x.k - y.k).map(({ b }) => b);
    return [heading, ...shuffled].join('\n\n');
  }).join('\n## ');
  return `${front}${body}`;
}
