import { textOfAll } from '../shared/doc-tree.ts';
import type { TrainingModule } from '../shared/module.ts';
import type { SearchHit } from '../shared/search.ts';

const STOP_WORDS = new Set([
  // English
  'a', 'an', 'and', 'are', 'be', 'do', 'for', 'how', 'i', 'in', 'is', 'it', 'my', 'of', 'on', 'or', 'the', 'this', 'that', 'to', 'what', 'when', 'with', 'you',
  // Dutch
  'de', 'het', 'een', 'en', 'van', 'te', 'op', 'voor', 'zijn', 'dat', 'die', 'met', 'wat', 'hoe', 'ik', 'je', 'mijn', 'wanneer',
]);

/** Lower-case, without accents, so "één" finds "een" and "Lockout" finds "lockout". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A light stemmer for English and Dutch plurals: "steps" → "step", "stappen" → "stapp". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('en')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es') && !word.endsWith('ses')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function tokenize(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !STOP_WORDS.has(w)).map(stem);
}

interface Doc {
  id: string;
  lang: string;
  title: string;
  section: number;
  sectionTitle: string;
  jobAid: boolean;
  text: string;
  /** Term frequencies, with title terms counted more. */
  terms: Map<string, number>;
  length: number;
}

const TITLE_WEIGHT = 3;

/**
 * A small inverted index over module sections, kept in the search worker.
 * Every query word must match (the last one also as a prefix, for typing
 * in progress); sections score by TF-IDF with titles weighted up.
 */
export class SearchIndex {
  private docs: Doc[] = [];
  private postings = new Map<string, Set<number>>();

  get size(): number {
    return this.docs.length;
  }

  clear(): void {
    this.docs = [];
    this.postings.clear();
  }

  addModule(module: TrainingModule): void {
    module.sections.forEach((section, i) => {
      const text = textOfAll(section.body).replace(/\s+/g, ' ').trim();
      const terms = new Map<string, number>();
      const count = (words: string[], weight: number) => words.forEach((w) => terms.set(w, (terms.get(w) ?? 0) + weight));
      count(tokenize(`${module.title} ${section.title}`), TITLE_WEIGHT);
      count(tokenize(text), 1);
      const n = this.docs.push({ id: module.id, lang: module.lang, title: module.title, section: i, sectionTitle: section.title || module.title, jobAid: section.jobAid === true, text, terms, length: text.length }) - 1;
      for (const term of terms.keys()) {
        let set = this.postings.get(term);
        if (!set) this.postings.set(term, (set = new Set()));
        set.add(n);
      }
    });
  }

  search(query: string, limit = 10, accept: (hit: { id: string; lang: string }) => boolean = () => true): SearchHit[] {
    const words = tokenize(query);
    if (words.length === 0) return [];
    const scores = new Map<number, number>();
    words.forEach((word, w) => {
      const isLast = w === words.length - 1;
      const matching = [...this.postings.keys()].filter((t) => t === word || (isLast && word.length >= 3 && t.startsWith(word)));
      const hitsForWord = new Map<number, number>();
      for (const term of matching) {
        const docs = this.postings.get(term)!;
        const idf = Math.log(1 + this.docs.length / docs.size);
        for (const d of docs) hitsForWord.set(d, (hitsForWord.get(d) ?? 0) + this.docs[d]!.terms.get(term)! * idf);
      }
      // Every word must match: drop sections that missed this one.
      if (w === 0) hitsForWord.forEach((s, d) => scores.set(d, s));
      else for (const d of [...scores.keys()]) {
        const s = hitsForWord.get(d);
        if (s === undefined) scores.delete(d);
        else scores.set(d, scores.get(d)! + s);
      }
    });
    return [...scores.entries()]
      .map(([d, score]) => ({ doc: this.docs[d]!, score }))
      .filter(({ doc }) => accept(doc))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ doc, score }) => ({
        id: doc.id, lang: doc.lang, title: doc.title, section: doc.section, sectionTitle: doc.sectionTitle, jobAid: doc.jobAid,
        snippet: snippet(doc.text, words), score,
      }));
  }
}

/** About 160 characters of the section around the first query word found. */
export function snippet(text: string, words: readonly string[], width = 160): string {
  const folded = fold(text);
  const at = Math.min(...words.map((w) => folded.indexOf(w)).filter((i) => i >= 0), Infinity);
  if (!Number.isFinite(at)) return text.slice(0, width) + (text.length > width ? '…' : '');
  const start = Math.max(0, at - width / 3);
  const end = Math.min(text.length, start + width);
  return (start > 0 ? '…' : '') + text.slice(start, end).trim() + (end < text.length ? '…' : '');
}
