import limits from '../../module-limits.json' with { type: 'json' };
import type { DocNode } from './doc-tree.ts';
import type { Section } from './module.ts';

/**
 * Structure limits of a module, beside its brotli budget in budgets.json: a
 * few hundred bytes of nesting compress to nothing, yet can take a kiosk's
 * reader and search down. The publisher refuses a module beyond them; the
 * kiosk checks them again before it renders one, so a module published by
 * an older publisher, or damaged on the way, fails alone.
 */
export interface ModuleLimits {
  /** Elements inside elements, counted from a section's body. */
  maxDepth: number;
  /** Elements and text nodes in the whole module. */
  maxNodes: number;
  /** Uncompressed JSON of the published module. */
  maxModuleBytes: number;
  /** A Markdown source file. */
  maxSourceBytes: number;
  /** An image file, before its budget is checked. */
  maxImageSourceBytes: number;
}

export const MODULE_LIMITS: ModuleLimits = limits;

/** Depth and node count of a module's sections, walked without recursion so no input can exhaust the stack. */
export function measureSections(sections: readonly Section[]): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  const stack: [DocNode, number][] = sections.flatMap((s) => s.body.map((n): [DocNode, number] => [n, 1]));
  while (stack.length) {
    const [node, level] = stack.pop()!;
    nodes++;
    if (typeof node === 'string') continue;
    depth = Math.max(depth, level);
    const kids = node[0] === 'a' ? node.slice(2) : node[0] === 'img' ? [] : node.slice(1);
    for (const kid of kids as DocNode[]) stack.push([kid, level + 1]);
  }
  return { depth, nodes };
}

/** Why a module's structure is over the limits, or null when it is within them. */
export function structureProblem(sections: readonly Section[], max: Pick<ModuleLimits, 'maxDepth' | 'maxNodes'> = MODULE_LIMITS): string | null {
  let measured: { depth: number; nodes: number };
  try {
    measured = measureSections(sections);
  } catch {
    return 'is not shaped like a module: its sections or their parts are not lists';
  }
  const { depth, nodes } = measured;
  if (depth > max.maxDepth) return `is nested ${depth} levels deep; the limit is ${max.maxDepth}: flatten its lists and notes`;
  if (nodes > max.maxNodes) return `has ${nodes} parts; the limit is ${max.maxNodes}: split it into two modules`;
  return null;
}
