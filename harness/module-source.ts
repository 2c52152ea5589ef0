/** Builds a module's Markdown source for tests, with overridable front matter lines. */
export function moduleSource(overrides: Partial<Record<'id' | 'title' | 'language' | 'version' | 'minutes' | 'roles' | 'quiz' | 'extra', string>> = {}, body = '## First steps\n\nDo the thing safely.\n'): string {
  const fm = {
    id: 'id: test-module',
    title: 'title: "Test module"',
    language: 'language: en',
    version: 'version: 1',
    minutes: 'minutes: 5',
    roles: 'roles: [operator]',
    quiz: [
      'quiz:',
      '  passMark: 50',
      '  questions:',
      '    - question: "Which is safe?"',
      '      choices: ["Safe", "Unsafe"]',
      '      answer: "Safe"',
      '      explanation: "Because."',
    ].join('\n'),
    ...overrides,
  };
  const lines = [fm.id, fm.title, fm.language, fm.version, fm.minutes, fm.roles, fm.extra, fm.quiz].filter((l) => l !== undefined && l !== '');
  return `---\n${lines.join('\n')}\n---\n${body}`;
}
