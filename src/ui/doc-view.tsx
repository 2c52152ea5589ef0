import { h, type ComponentChildren, type VNode } from 'preact';
import type { DocNode } from '../shared/doc-tree.ts';

/** Document-tree tags and the HTML element each one becomes. Anything else is not rendered. */
const ELEMENTS: Record<string, string> = {
  p: 'p', h3: 'h3', h4: 'h4', ul: 'ul', ol: 'ol', li: 'li', hr: 'hr', pre: 'pre',
  tr: 'tr', th: 'th', td: 'td', b: 'strong', i: 'em', code: 'code', br: 'br',
};

function renderNodes(nodes: readonly DocNode[]): ComponentChildren[] {
  return nodes.map(renderNode);
}

function renderNode(node: DocNode, key: number): ComponentChildren {
  if (typeof node === 'string') return node;
  switch (node[0]) {
    case 'a':
      return <a key={key} href={node[1].href} target="_blank" rel="noopener noreferrer">{renderNodes(node.slice(2) as DocNode[])}</a>;
    case 'img':
      return <img key={key} src={node[1].src} alt={node[1].alt} loading="lazy" decoding="async" />;
    case 'note':
      return <aside key={key} class="note">{renderNodes(node.slice(1) as DocNode[])}</aside>;
    case 'table':
      return <div key={key} class="table-wrap" tabIndex={0}><table><tbody>{renderNodes(node.slice(1) as DocNode[])}</tbody></table></div>;
    default: {
      const tag = ELEMENTS[node[0]];
      return tag ? h(tag, { key }, ...renderNodes(node.slice(1) as DocNode[])) : null;
    }
  }
}

/** Renders a module's document tree as Preact elements: never HTML strings. */
export function DocView({ nodes }: { nodes: readonly DocNode[] }): VNode {
  return <>{renderNodes(nodes)}</>;
}
