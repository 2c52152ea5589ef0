/**
 * Why a module title may not get opened. A worker at a kiosk picks what to
 * read from its title alone: "Module 3" or "Compliance 101" says where it
 * sits in a course, or that it is required, not what the worker gets out of
 * it. Pure and small on purpose: advice, never a refusal.
 */
export type TitleProblem = 'numbered' | 'course-code' | 'label-prefix' | 'obligation' | 'too-short';

const CHECKS: [TitleProblem, RegExp][] = [
  ['numbered', /^\s*(module|unit|lesson|chapter|part|session|week|step|moduul|les|hoofdstuk|deel)\s*[#.]?\s*\d+\b/i],
  ['course-code', /\b[1-9]0[1-9]\b/],
  ['label-prefix', /^\s*(training|course|e-?learning|compliance|mandatory|annual|cursus|opleiding|verplicht)\s*[:\-–—|]/i],
  ['obligation', /\b(compliance|mandatory|required|annual refresher|verplicht|jaarlijkse herhaling)\b/i],
];

export function titleProblems(title: string): TitleProblem[] {
  const found = CHECKS.filter(([, pattern]) => pattern.test(title)).map(([problem]) => problem);
  if (title.trim().split(/\s+/).filter(Boolean).length < 3) found.push('too-short');
  return found;
}

/** The title from a module source's front matter, as the publisher reads it (quoted or not). */
export function titleOf(source: string): string | null {
  const head = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1];
  const line = head && /^title:\s*(.+)$/m.exec(head)?.[1]?.trim();
  if (!line) return null;
  return line.replace(/^(["'])(.*)\1$/, '$2');
}
