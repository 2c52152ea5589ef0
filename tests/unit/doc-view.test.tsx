import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { DocView } from '../../src/ui/doc-view.tsx';
import { textOfAll, type DocNode } from '../../src/shared/doc-tree.ts';

describe('DocView', () => {
  it('renders the document tree as elements', () => {
    const nodes: DocNode[] = [
      ['p', 'Lock ', ['b', 'every'], ' source', ['br'], ['i', 'then'], ' ', ['code', 'try']],
      ['ul', ['li', 'one'], ['li', 'two']],
      ['note', ['p', 'Never skip.']],
      ['table', ['tr', ['th', 'A']], ['tr', ['td', '1']]],
      ['p', ['a', { href: 'https://example.org' }, 'rules'], ['img', { src: '/content/media/a.0123456789ab.png', alt: 'A lock' }]],
    ];
    expect(render(<DocView nodes={nodes} />)).toBe(
      '<p>Lock <strong>every</strong> source<br/><em>then</em> <code>try</code></p>'
      + '<ul><li>one</li><li>two</li></ul>'
      + '<aside class="note"><p>Never skip.</p></aside>'
      + '<div class="table-wrap" tabindex="0"><table><tbody><tr><th>A</th></tr><tr><td>1</td></tr></tbody></table></div>'
      + '<p><a href="https://example.org" target="_blank" rel="noopener noreferrer">rules</a><img src="/content/media/a.0123456789ab.png" alt="A lock" loading="lazy" decoding="async"/></p>',
    );
  });

  it('renders markup inside text as text, and drops tags it does not know', () => {
    const nodes = [['p', '<script>alert(1)</script>'], ['script', 'alert(2)'], ['p', ['iframe', 'x']]] as unknown as DocNode[];
    expect(render(<DocView nodes={nodes} />)).toBe('<p>&lt;script>alert(1)&lt;/script></p><p></p>');
  });

  it('gives plain text for search and read-aloud', () => {
    expect(textOfAll([['p', 'A ', ['b', 'b']], ['ul', ['li', 'x'], ['li', 'y']], ['table', ['tr', ['td', '1'], ['td', '2']]]])).toBe('A b\nx\ny\n\n1\n 2\n\n\n');
  });
});
