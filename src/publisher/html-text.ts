import TurndownService from 'turndown';
import { tables } from '@joplin/turndown-plugin-gfm';
import { escapeMarkdown } from './draft-source.ts';

/**
 * A web page's words as module Markdown: what a SCORM or cmi5 package's
 * pages say, without what they run or play. Scripts, styles, frames,
 * embedded players, video and sound go (and are counted, for the report);
 * links keep their words; headings sit under the section the page becomes;
 * text is escaped, never read as Markdown or HTML. Pictures come back as
 * tokens with their sources, for the caller to fit and place.
 */
export interface PageText {
  markdown: string;
  /** The page's own <h1> or <title>, when it has one. */
  title: string | null;
  pictures: { token: string; src: string; alt: string }[];
  /** Players and frames dropped: <video>, <audio>, <iframe>, <object>, <embed>. */
  players: number;
  /** Radio buttons or check boxes in groups: a quiz whose answers are not in the page. */
  choiceGroups: number;
}

/** "- item", not turndown's "-   item": what an author would type, and what the editor shows (Word's lists too). */
export const LIST_ITEM_RULE: TurndownService.Rule = {
  filter: 'li',
  replacement: (content, node) => {
    const parent = node.parentNode as { nodeName: string; children: ArrayLike<unknown> } | null;
    const marker = parent?.nodeName === 'OL' ? `${Array.prototype.indexOf.call(parent.children, node) + 1}. ` : '- ';
    const text = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${' '.repeat(marker.length)}`);
    return marker + text + (node.nextSibling && !text.endsWith('\n') ? '\n' : '');
  },
};

/** Deeper than any page a person reads; turndown walks the tree recursively. */
export const MAX_HTML_DEPTH = 100;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const PLAYERS = new Set(['VIDEO', 'AUDIO', 'IFRAME', 'OBJECT', 'EMBED']);

/** How deep the page's elements nest, from its tags alone, before anything parses it. */
export function nestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const m of html.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const name = m[2]!.toLowerCase();
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID.has(name)) deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

export function pageText(html: string): PageText {
  const pictures: PageText['pictures'] = [];
  let players = 0;
  const radios = new Set<string>();
  const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', emDelimiter: '*', strongDelimiter: '**' });
  turndown.use(tables);
  turndown.escape = escapeMarkdown;
  turndown.remove((node) => {
    if (PLAYERS.has(node.nodeName)) players++;
    if (node.nodeName === 'INPUT' && /^(radio|checkbox)$/i.test(node.getAttribute('type') ?? '')) radios.add(node.getAttribute('name') ?? `#${radios.size}`);
    return ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'CANVAS', 'SELECT', 'TEXTAREA', 'BUTTON', 'INPUT', 'HEAD', 'TITLE', 'META', 'LINK', ...PLAYERS].includes(node.nodeName);
  });
  turndown.addRule('headings', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    // The page is a section (##): its headings go under it.
    replacement: (content, node) => `\n\n${node.nodeName === 'H1' || node.nodeName === 'H2' || node.nodeName === 'H3' ? '###' : '####'} ${content.replace(/\s+/g, ' ').trim()}\n\n`,
  });
  turndown.addRule('links', { filter: 'a', replacement: (content) => content });
  // A choice's label on a line of its own, so a quiz page's choices read as a list the author can copy into the quiz.
  turndown.addRule('labels', { filter: 'label', replacement: (content) => `\n- ${content.replace(/\s+/g, ' ').trim()}\n` });
  turndown.addRule('pictures', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = node.getAttribute('src') ?? '';
      if (!src) return '';
      const token = `@@picture-${pictures.length}@@`;
      pictures.push({ token, src, alt: (node.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim() });
      return `\n\n${token}\n\n`;
    },
  });
  turndown.addRule('list-item', LIST_ITEM_RULE);
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const title = h1 ? decodeEntities(h1.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim() || null : null;
  const markdown = turndown.turndown(html)
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    // Labels made list items one at a time: one list, not items apart.
    .replace(/^(- .*)\n\n(?=- )/gm, '$1\n')
    .trim();
  return { markdown, title, pictures, players, choiceGroups: radios.size };
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, code: string) =>
    code[0] === '#' ? String.fromCodePoint(Number.parseInt(code.slice(code[1] === 'x' || code[1] === 'X' ? 2 : 1), code[1] === 'x' || code[1] === 'X' ? 16 : 10) || 32) : named[code.toLowerCase()] ?? all);
}
