/**
 * The few Markdown constructs modules use, applied to a text and its
 * selection as the editor's toolbar buttons do: pure, so each is tested
 * without a browser. Each returns the new text and what to select after.
 */
export type Tool = 'heading' | 'bold' | 'bullets' | 'numbers' | 'table';
export const TOOLS: readonly Tool[] = ['heading', 'bold', 'bullets', 'numbers', 'table'];

export interface Edit {
  text: string;
  start: number;
  end: number;
}

/** The whole lines the selection touches. */
function lineSpan(text: string, start: number, end: number): [number, number] {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const next = text.indexOf('\n', Math.max(end - (end > start && text[end - 1] === '\n' ? 1 : 0), start));
  return [from, next === -1 ? text.length : next];
}

function prefixLines(text: string, start: number, end: number, prefix: (i: number) => string): Edit {
  const [from, to] = lineSpan(text, start, end);
  const lines = text.slice(from, to).split('\n').map((line, i) => `${prefix(i)}${line.replace(/^(#{1,6} |- |\d+\. )/, '')}`);
  const replaced = lines.join('\n');
  return { text: text.slice(0, from) + replaced + text.slice(to), start: from, end: from + replaced.length };
}

/** A paragraph of its own: blank lines around what is inserted, so Markdown reads it as a block. */
function block(text: string, at: number, insert: string): Edit {
  const before = text.slice(0, at);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const after = text.slice(at);
  const trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const start = at + lead.length;
  return { text: before + lead + insert + trail + after, start, end: start + insert.length };
}

export function applyTool(tool: Tool, text: string, start: number, end: number, words: { heading: string; bold: string; tableHeading: string; tableCell: string }): Edit {
  switch (tool) {
    case 'heading':
      if (start === end && (text[start - 1] ?? '\n') === '\n' && (text[start] ?? '\n') === '\n') {
        const inserted = block(text, start, `## ${words.heading}`);
        return { ...inserted, start: inserted.start + 3 };
      }
      return prefixLines(text, start, end, () => '## ');
    case 'bold': {
      const chosen = text.slice(start, end) || words.bold;
      const next = `${text.slice(0, start)}**${chosen}**${text.slice(end)}`;
      return { text: next, start: start + 2, end: start + 2 + chosen.length };
    }
    case 'bullets':
      return prefixLines(text, start, end, () => '- ');
    case 'numbers':
      return prefixLines(text, start, end, (i) => `${i + 1}. `);
    case 'table': {
      const { tableHeading: h, tableCell: c } = words;
      return block(text, end, `| ${h} | ${h} |\n| --- | --- |\n| ${c} | ${c} |`);
    }
  }
}
