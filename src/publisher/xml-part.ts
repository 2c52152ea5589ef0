import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { ImportError, IMPORT_LIMITS, type Archive } from './import-limits.ts';

/**
 * One XML part of an imported file (a slide, a manifest), parsed with the
 * limits every import has: no DTD (so no entity can expand into a bomb or
 * fetch a file), no larger than a part may be, and nested no deeper than a
 * real document ever is. Each refusal names the part and why.
 */
export const XML_LIMITS = {
  /** Slides, manifests and their like are a few levels deep; a tree this deep is made to exhaust a recursive reader. */
  maxDepth: 64,
} as const;

export function parseXmlPart(bytes: Uint8Array, where: string): Element {
  if (bytes.length > IMPORT_LIMITS.maxDocumentXmlBytes) {
    throw new ImportError(`${where} is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB of XML; the most one part may have is ${IMPORT_LIMITS.maxDocumentXmlBytes / 1024 / 1024} MiB`);
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new ImportError(`${where} declares a DOCTYPE or entities, which an import does not read (they can expand without end or fetch other files)`);
  let problem: string | null = null;
  const parser = new DOMParser({ onError: (level, message) => { if (level !== 'warning') problem ??= message.split('\n')[0]!; } });
  let root: Element | null = null;
  try {
    root = parser.parseFromString(text, 'text/xml').documentElement;
  } catch (err) {
    problem ??= (err as Error).message.split('\n')[0]!;
  }
  if (problem || !root) throw new ImportError(`${where} is not well-formed XML: ${problem ?? 'it has no root element'}`);
  checkDepth(root, where);
  return root;
}

/** A part of an archive, its declared size checked before it is inflated; null when the archive has no such part. */
export function readXmlPart(archive: Archive, name: string, where: string): Element | null {
  const size = archive.size(name);
  if (size === undefined) return null;
  if (size > IMPORT_LIMITS.maxDocumentXmlBytes) {
    throw new ImportError(`${where} is ${(size / 1024 / 1024).toFixed(1)} MiB of XML; the most one part may have is ${IMPORT_LIMITS.maxDocumentXmlBytes / 1024 / 1024} MiB`);
  }
  return parseXmlPart(archive.read(name)!, where);
}

/** Walks the tree without recursion, so the check itself cannot run out of stack. */
function checkDepth(root: Element, where: string): void {
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > XML_LIMITS.maxDepth) throw new ImportError(`${where} nests elements more than ${XML_LIMITS.maxDepth} levels deep`);
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) stack.push([c, depth + 1]);
  }
}

/** Element children of `el` with this local name (any namespace prefix). */
export function kids(el: Element | null | undefined, local: string): Element[] {
  const found: Element[] = [];
  for (let c = el?.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && (c as Element).localName === local) found.push(c as Element);
  return found;
}

export const kid = (el: Element | null | undefined, local: string): Element | null => kids(el, local)[0] ?? null;

/** Elements below `el` with this local name, in document order. */
export function below(el: Element | null | undefined, local: string): Element[] {
  if (!el) return [];
  return Array.from(el.getElementsByTagNameNS('*', local));
}

/** Child elements, whatever their names. */
export function elements(el: Element | null | undefined): Element[] {
  const found: Element[] = [];
  for (let c = el?.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) found.push(c as Element);
  return found;
}

/** An attribute by local name, whatever its prefix (r:id, r:embed), or null. */
export function attr(el: Element | null | undefined, local: string): string | null {
  if (!el) return null;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if ((a.localName ?? a.name) === local) return a.value;
  }
  return null;
}

/** A relationship attribute (r:id, r:embed, r:link): by namespace, since a slide id's plain `id` sits beside its `r:id`. */
export function relAttr(el: Element | null | undefined, local: string): string | null {
  if (!el) return null;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.localName === local && a.namespaceURI?.endsWith('relationships')) return a.value;
  }
  return null;
}
