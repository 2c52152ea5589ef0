import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';

/**
 * Rebuilds an author's SVG from an allowlist, with a real XML parser. A text
 * filter cannot tell `<s:script xmlns:s="http://www.w3.org/2000/svg">` from a
 * harmless prefix, nor see a script an entity spells out; a parsed tree with
 * resolved namespaces can. Only SVG-namespace drawing elements and their
 * presentation attributes survive, written out afresh as UTF-8, so what is
 * published is what was checked.
 *
 * Anything that could run, load or navigate refuses the file, with the reason:
 * an author should learn that their SVG carried a script rather than find it
 * silently gone. Editor metadata and other inert elements are dropped.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'marker',
]);

/** Element names that run code, embed documents or change attributes over time, in any namespace. */
const DANGEROUS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'animate', 'set', 'animatemotion', 'animatetransform', 'discard', 'a', 'image', 'feimage', 'style', 'link', 'meta', 'base']);

const ATTRIBUTES = new Set([
  'id', 'class', 'viewBox', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-miterlimit', 'opacity', 'transform', 'preserveAspectRatio',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing',
  'offset', 'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform', 'spreadMethod', 'fx', 'fy',
  'clip-path', 'clip-rule', 'clipPathUnits', 'mask', 'maskUnits', 'maskContentUnits', 'patternUnits', 'patternContentUnits', 'patternTransform',
  'marker-start', 'marker-mid', 'marker-end', 'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'visibility', 'display', 'role', 'aria-label', 'aria-hidden', 'lang',
  'version', 'href',
]);

/** References stay inside the image: `#id` or `url(#id)`, never an address. */
const LOCAL_REF = /^#[\w.-]+$/;
const URL_REF = /url\s*\(/i;
const LOCAL_URL_REF = /^url\(\s*#[\w.-]+\s*\)$/i;

export type SanitizedSvg = { svg: string } | { error: string };

export function sanitizeSvg(text: string): SanitizedSvg {
  // No DTD means no entity can spell out markup, and no external entity is ever fetched.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { error: 'declares a DOCTYPE or entities, which are not allowed in SVG' };
  if (/<\?xml-stylesheet/i.test(text)) return { error: 'links a stylesheet, which is not allowed in SVG' };
  let problem: string | null = null;
  const parser = new DOMParser({ onError: (level, message) => { if (level !== 'warning') problem ??= message.split('\n')[0]!; } });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'image/svg+xml');
  } catch (err) {
    return { error: `is not well-formed XML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (problem) return { error: `is not well-formed XML: ${problem}` };
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== 'svg') return { error: 'is not an SVG image: its root must be <svg xmlns="http://www.w3.org/2000/svg">' };

  const refused = findDangerous(root);
  if (refused) return { error: refused };
  return { svg: serialize(root, true) };
}

/** The first thing in the tree that could run, load or navigate, described for the author. */
function findDangerous(root: Element): string | null {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === 7) return 'contains a processing instruction, which is not allowed in SVG';
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const name = (el.localName ?? el.nodeName).toLowerCase();
    if (DANGEROUS.has(name)) return `contains a <${el.nodeName}> element, which is not allowed in SVG (it can run code, load or link)`;
    for (const attr of Array.from(el.attributes)) {
      const local = (attr.localName ?? attr.name).toLowerCase();
      if (local.startsWith('on')) return `has an event handler attribute "${attr.name}", which is not allowed in SVG`;
      if (local === 'href' && !LOCAL_REF.test(attr.value.trim())) return `links to "${attr.value.slice(0, 60)}": an SVG may only refer to its own parts (#id)`;
      if (URL_REF.test(attr.value) && !LOCAL_URL_REF.test(attr.value.trim())) return `attribute "${attr.name}" refers to "${attr.value.slice(0, 60)}": only url(#id) is allowed`;
      if (local === 'style') return `has a style attribute: use presentation attributes such as fill and stroke instead`;
    }
    for (const child of Array.from(el.childNodes)) stack.push(child);
  }
  return null;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** Writes allowed SVG elements and attributes only, without prefixes; everything else is dropped. */
function serialize(el: Element, isRoot: boolean): string {
  const name = el.localName!;
  const attrs: string[] = isRoot ? [`xmlns="${SVG_NS}"`] : [];
  for (const attr of Array.from(el.attributes)) {
    const local = attr.localName ?? attr.name;
    const inNoNamespace = attr.namespaceURI === null || attr.namespaceURI === '';
    if (local === 'href' && (inNoNamespace || attr.namespaceURI === XLINK_NS)) attrs.push(`href="${escapeAttr(attr.value.trim())}"`);
    else if (inNoNamespace && ATTRIBUTES.has(local) && local !== 'href') attrs.push(`${local}="${escapeAttr(attr.value)}"`);
  }
  let inner = '';
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === 3 || child.nodeType === 4) inner += escapeText(child.nodeValue ?? '');
    else if (child.nodeType === 1) {
      const c = child as Element;
      if (c.namespaceURI === SVG_NS && ELEMENTS.has(c.localName!)) inner += serialize(c, false);
    }
  }
  const open = `<${name}${attrs.length ? ` ${attrs.join(' ')}` : ''}`;
  return inner ? `${open}>${inner}</${name}>` : `${open}/>`;
}
