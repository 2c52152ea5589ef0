import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prng } from '../harness/records.ts';

/**
 * A course of `count` modules made at bench time from the demo course's
 * English modules: each copy gets its own id and title, and its paragraphs
 * and list items in another order, so no two modules compress alike. Sizes
 * and structure stay those of real modules; nothing generated is committed.
 */
export async function generateCourse(demoDir: string, outDir: string, count: number, seed = 60): Promise<void> {
  const random = prng(seed);
  const sources = (await readdir(demoDir)).filter((f) => /^\d\d-[a-z-]+\.md$/.test(f)).sort();
  const texts = await Promise.all(sources.map((f) => readFile(join(demoDir, f), 'utf8')));
  await mkdir(outDir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const text = texts[i % texts.length]!;
    const end = text.indexOf('\n---', 3);
    const front = text.slice(0, end)
      .replace(/^id: (.+)$/m, (_, id: string) => `id: ${id}-${String(i + 1).padStart(2, '0')}`)
      .replace(/^title: "(.+)"$/m, (_, title: string) => `title: "${title} (part ${i + 1})"`);
    const body = text.slice(end).split('\n## ').map((section, s) => {
      if (s === 0) return section;
      const [heading, ...blocks] = section.split('\n\n');
      // Paragraphs and whole lists change places within a section; headings stay, so sections read as before.
      const shuffled = blocks.map((b) => ({ b, k: random() })).sort((x, y) => x.k - y.k).map(({ b }) => b);
      return [heading, ...shuffled].join('\n\n');
    }).join('\n## ');
    await writeFile(join(outDir, `${String(i + 1).padStart(2, '0')}-generated.md`), `${front}${body}`);
  }
}
