/**
 * The compact document tree that published modules carry instead of HTML.
 * A node is either text or `[tag, ...children]`; `a` and `img` carry one
 * attribute object right after the tag. The app renders this with Preact
 * components from a closed list of tags, so a module can never inject markup.
 */
export type BlockTag = 'p' | 'h3' | 'h4' | 'ul' | 'ol' | 'li' | 'note' | 'hr' | 'pre' | 'table' | 'tr' | 'th' | 'td';
export type InlineTag = 'b' | 'i' | 'code' | 'br';

export interface LinkAttrs { href: string }
export interface ImageAttrs { src: string; alt: string }

export type DocElement =
  | [BlockTag | InlineTag, ...DocNode[]]
  | ['a', LinkAttrs, ...DocNode[]]
  | ['img', ImageAttrs];

export type DocNode = string | DocElement;

export const BLOCK_TAGS: readonly BlockTag[] = ['p', 'h3', 'h4', 'ul', 'ol', 'li', 'note', 'hr', 'pre', 'table', 'tr', 'th', 'td'];

const BLOCKS = new Set<string>(BLOCK_TAGS);

/** Plain text of a node: for search, read-aloud and snippets. Blocks end in a newline. */
export function textOf(node: DocNode): string {
  if (typeof node === 'string') return node;
  const tag = node[0];
  if (tag === 'img') return node[1].alt;
  if (tag === 'br') return '\n';
  const kids = (tag === 'a' ? node.slice(2) : node.slice(1)) as DocNode[];
  const inner = kids.map(textOf).join(tag === 'tr' ? ' ' : '');
  return BLOCKS.has(tag) ? inner + '\n' : inner;
}

export function textOfAll(nodes: readonly DocNode[]): string {
  return nodes.map(textOf).join('');
}
