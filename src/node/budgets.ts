/**
 * budgets.json in Lighthouse's budget format (v11 and older; v12 stopped reading it).
 * We keep the file valid for Lighthouse and evaluate it ourselves, with
 * Lighthouse's own rules: sizes are KiB, a path matches as Lighthouse matches
 * page paths, and when several budgets match, the last one wins.
 *
 * How this project reads a budget: a path names a URL, and the budget limits what
 * loading that URL costs. For "/" that is the HTML plus the CSS and JS it pulls
 * in for the first render; for "/sw.js$" or "/content/modules/*.json" it is each
 * matching file on its own.
 */
export const RESOURCE_TYPES = ['document', 'script', 'stylesheet', 'image', 'media', 'font', 'other', 'third-party', 'total'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

const TIMING_METRICS = [
  'first-contentful-paint', 'interactive', 'first-meaningful-paint', 'max-potential-fid',
  'total-blocking-time', 'speed-index', 'largest-contentful-paint', 'cumulative-layout-shift',
];

export interface ResourceBudget { resourceType: ResourceType; budget: number }
export interface TimingBudget { metric: string; budget: number }
export interface Budget {
  path?: string;
  options?: { firstPartyHostnames?: string[] };
  resourceSizes?: ResourceBudget[];
  resourceCounts?: ResourceBudget[];
  timings?: TimingBudget[];
}

export class BudgetFormatError extends Error {}

function fail(where: string, message: string): never {
  throw new BudgetFormatError(`${where}: ${message}`);
}

function onlyKeys(obj: object, allowed: string[], where: string): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length) fail(where, `unknown ${extra.length === 1 ? 'key' : 'keys'} ${extra.map((k) => `"${k}"`).join(', ')} (Lighthouse accepts ${allowed.join(', ')})`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkPath(path: unknown, where: string): void {
  if (typeof path !== 'string' || !path.startsWith('/')) fail(where, `path must be a string starting with "/"`);
  if ((path.match(/\*/g) ?? []).length > 1) fail(where, `path may contain at most one "*"`);
  const dollar = path.indexOf('$');
  if (dollar !== -1 && dollar !== path.length - 1) fail(where, `"$" may only end a path`);
}

function checkResourceList(list: unknown, where: string): ResourceBudget[] {
  if (!Array.isArray(list)) fail(where, 'must be an array');
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(item)) fail(at, 'must be an object');
    onlyKeys(item, ['resourceType', 'budget'], at);
    if (!RESOURCE_TYPES.includes(item.resourceType as ResourceType)) {
      fail(at, `resourceType "${String(item.resourceType)}" is not one of ${RESOURCE_TYPES.join(', ')}`);
    }
    if (typeof item.budget !== 'number' || !(item.budget >= 0)) fail(at, 'budget must be a non-negative number');
    if (seen.has(item.resourceType as string)) fail(at, `duplicate resourceType "${String(item.resourceType)}"`);
    seen.add(item.resourceType as string);
    return item as unknown as ResourceBudget;
  });
}

/** Validates budgets.json the way Lighthouse 11 does, with the failing place in every message. */
export function parseBudgets(json: unknown, file = 'budgets.json'): Budget[] {
  if (!Array.isArray(json)) fail(file, 'must be an array of budgets');
  return json.map((b, i) => {
    const at = `${file}[${i}]`;
    if (!isObject(b)) fail(at, 'must be an object');
    onlyKeys(b, ['path', 'options', 'resourceSizes', 'resourceCounts', 'timings'], at);
    if (b.path !== undefined) checkPath(b.path, `${at}.path`);
    if (b.options !== undefined) {
      if (!isObject(b.options)) fail(`${at}.options`, 'must be an object');
      onlyKeys(b.options, ['firstPartyHostnames'], `${at}.options`);
    }
    if (b.resourceSizes !== undefined) checkResourceList(b.resourceSizes, `${at}.resourceSizes`);
    if (b.resourceCounts !== undefined) checkResourceList(b.resourceCounts, `${at}.resourceCounts`);
    if (b.timings !== undefined) {
      if (!Array.isArray(b.timings)) fail(`${at}.timings`, 'must be an array');
      b.timings.forEach((t, j) => {
        const tat = `${at}.timings[${j}]`;
        if (!isObject(t)) fail(tat, 'must be an object');
        onlyKeys(t, ['metric', 'budget'], tat);
        if (!TIMING_METRICS.includes(t.metric as string)) fail(tat, `unknown metric "${String(t.metric)}"`);
        if (typeof t.budget !== 'number') fail(tat, 'budget must be a number');
      });
    }
    return b as Budget;
  });
}

/** Lighthouse's URL pattern rule: prefix match, one "*" wildcard, "$" anchors the end. */
export function pathMatches(pattern: string, urlPath: string): boolean {
  const wildcard = pattern.includes('*');
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  if (!wildcard) return anchored ? urlPath === body : urlPath.startsWith(body);
  const [before = '', after = ''] = body.split('*');
  if (!urlPath.startsWith(before)) return false;
  const rest = urlPath.slice(before.length);
  return anchored ? rest.endsWith(after) : rest.includes(after);
}

export function budgetFor(budgets: readonly Budget[], urlPath: string): Budget | undefined {
  return budgets.findLast((b) => pathMatches(b.path ?? '/', urlPath));
}

/** The size limit in bytes for one resource type of a URL, or undefined when none is set. */
export function sizeLimit(budgets: readonly Budget[], urlPath: string, type: ResourceType): number | undefined {
  const kib = budgetFor(budgets, urlPath)?.resourceSizes?.find((r) => r.resourceType === type)?.budget;
  return kib === undefined ? undefined : Math.round(kib * 1024);
}

export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(2)} KiB`;
}
