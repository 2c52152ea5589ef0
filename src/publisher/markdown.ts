import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Nodes, Parents, PhrasingContent, RootContent } from 'mdast';
import type { DocElement, DocNode } from '../shared/doc-tree.ts';
import type { Section } from '../shared/module.ts';
import type { Diagnostic } from './diagnostics.ts';
import { reorderingIn } from '../shared/text-hygiene.ts';

/** Turns an image path written in the Markdown into its published URL, or says why it can't. */
export type ImageResolver = (src: string) => { url: string } | { error: string };

export interface CompiledBody {
  sections: Section[];
  diagnostics: Diagnostic[];
}

/** No http: links: on a kiosk they would leave the secure context for a page anyone on the line can rewrite. */
const SAFE_LINK = /^(https:|mailto:|tel:)/i;

/**
 * Compiles a module's Markdown body into sections of document-tree nodes.
 * Every `##` heading starts a section; text before the first one becomes an
 * introduction titled after the module. Anything the app cannot render
 * safely (raw HTML, scripts, unknown constructs) is reported, not dropped.
 */
/** What marks a section a job aid, at the end of its ## heading. */
export const JOB_AID_MARK = /\s*\{job-aid\}\s*$/;

export function compileBody(file: string, body: string, bodyLine: number, resolveImage: ImageResolver): CompiledBody {
  const diagnostics: Diagnostic[] = [];
  const lineOf = (n: Nodes) => (n.position?.start.line ?? 1) + bodyLine - 1;
  const report = (n: Nodes, message: string) => diagnostics.push({ file, line: lineOf(n), message });

  const tree = fromMarkdown(body, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
  const sections: Section[] = [];
  let current: Section | null = null;

  /** Raw HTML and constructs the app has no component for are reported, never passed through. */
  const refuse = (n: Nodes): [] => {
    report(n, n.type === 'html'
      ? `raw HTML is not allowed in a module (found ${JSON.stringify(n.value.slice(0, 40))})`
      : unsupported(n.type));
    return [];
  };

  const inline = (nodes: PhrasingContent[]): DocNode[] => mergeText(nodes.flatMap((n) => phrasing(n)));

  const checkText = (n: Nodes, text: string) => {
    const problem = reorderingIn(text);
    if (problem) report(n, `text ${problem}`);
  };

  /** A heading is a title in the reader and in search: a link, an image or raw HTML in it would be lost or shown as text there, so it is refused. */
  const plainHeading = (n: Extract<Nodes, { type: 'heading' }>): boolean => {
    const inner = findInline(n, (c) => c.type === 'link' || c.type === 'image' || c.type === 'html');
    if (inner?.type === 'html') report(inner, `raw HTML is not allowed in a heading (found ${JSON.stringify(inner.value.slice(0, 40))}): write the heading as plain text`);
    else if (inner) report(inner, `${inner.type === 'link' ? 'a link' : 'an image'} is not allowed in a heading: put it in the text below the heading`);
    return !inner;
  };

  function phrasing(n: PhrasingContent): DocNode[] {
    switch (n.type) {
      case 'text':
        checkText(n, n.value);
        return [n.value.replace(/\s+/g, ' ')];
      case 'emphasis':
        return [['i', ...inline(n.children)]];
      case 'strong':
        return [['b', ...inline(n.children)]];
      case 'inlineCode':
        checkText(n, n.value);
        return [['code', n.value]];
      case 'break':
        return [['br']];
      case 'link':
        if (!SAFE_LINK.test(n.url)) {
          report(n, `link to "${n.url}" is not allowed: use an https:, mailto: or tel: address`);
          return inline(n.children);
        }
        return [['a', { href: n.url }, ...inline(n.children)]];
      case 'image': {
        if (!n.alt?.trim()) report(n, `image "${n.url}" needs alt text: ![what it shows](${n.url})`);
        const resolved = resolveImage(n.url);
        if ('error' in resolved) {
          report(n, resolved.error);
          return [];
        }
        return [['img', { src: resolved.url, alt: n.alt ?? '' }]];
      }
      default:
        return refuse(n);
    }
  }

  function block(n: RootContent): DocElement[] {
    switch (n.type) {
      case 'paragraph':
        return [['p', ...inline(n.children)]];
      case 'heading':
        if (!plainHeading(n)) return [];
        if (n.depth === 3 || n.depth === 4) return [[n.depth === 3 ? 'h3' : 'h4', ...inline(n.children)]];
        report(n, n.depth === 1
          ? 'a # heading is not allowed: the title comes from the front matter; start sections with ##'
          : `heading level ${n.depth} is not supported: use ## for sections and ### or #### inside them`);
        return [];
      case 'list':
        return [[n.ordered ? 'ol' : 'ul', ...n.children.flatMap(block)]];
      case 'listItem': {
        const [only] = n.children;
        // A tight list item is one paragraph: store its text directly to save bytes.
        if (n.children.length === 1 && only?.type === 'paragraph') return [['li', ...inline(only.children)]];
        return [['li', ...n.children.flatMap(block)]];
      }
      case 'blockquote':
        return [['note', ...n.children.flatMap(block)]];
      case 'code':
        checkText(n, n.value);
        return [['pre', n.value]];
      case 'thematicBreak':
        return [['hr']];
      case 'table':
        return [['table', ...n.children.map((row, i): DocElement =>
          ['tr', ...row.children.map((cell): DocElement => [i === 0 ? 'th' : 'td', ...inline(cell.children)])])]];
      default:
        return refuse(n);
    }
  }

  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) {
      plainHeading(node);
      const heading = textContent(node);
      checkText(node, heading);
      // "{job-aid}" after a heading marks the section a job aid; the marker is not part of the title.
      const title = heading.replace(JOB_AID_MARK, '').trim();
      current = { title, body: [], ...(title !== heading ? { jobAid: true as const } : {}) };
      sections.push(current);
      continue;
    }
    if (node.type === 'definition') {
      report(node, 'reference-style links are not supported: write [text](https://…) inline');
      continue;
    }
    const blocks = block(node);
    if (blocks.length === 0) continue;
    if (!current) {
      current = { title: '', body: [] };
      sections.push(current);
    }
    current.body.push(...blocks);
  }

  if (sections.length === 0) diagnostics.push({ file, line: bodyLine, message: 'module has no content: write at least one ## section' });
  for (const s of sections) {
    if (s.body.length === 0) diagnostics.push({ file, line: bodyLine, message: `section "${s.title || 'introduction'}" is empty` });
  }
  return { sections, diagnostics };
}

function unsupported(type: string): string {
  const hint: Record<string, string> = {
    linkReference: 'write links inline as [text](https://…)',
    imageReference: 'write images inline as ![alt](file.png)',
    footnoteReference: 'put the note in the text',
  };
  return `unsupported Markdown construct "${type}"${hint[type] ? `: ${hint[type]}` : ''}`;
}

function findInline(n: Nodes, match: (n: Nodes) => boolean): Nodes | null {
  if (match(n)) return n;
  for (const child of 'children' in n ? (n as Parents).children : []) {
    const found = findInline(child, match);
    if (found) return found;
  }
  return null;
}

function textContent(n: Nodes): string {
  if ('value' in n && typeof n.value === 'string') return n.value;
  return 'children' in n ? (n as Parents).children.map(textContent).join('') : '';
}

/** Joins neighbouring strings, which the parser splits at escapes and soft breaks. */
function mergeText(nodes: DocNode[]): DocNode[] {
  const out: DocNode[] = [];
  for (const n of nodes) {
    const last = out.at(-1);
    if (typeof n === 'string' && typeof last === 'string') out[out.length - 1] = last + n;
    else out.push(n);
  }
  return out;
}
