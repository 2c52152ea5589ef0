import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileModule } from '../../src/publisher/compile-module.ts';
import { fieldsFrom, fileNameFor, idFromTitle, missingFields, newModuleFields, questionGaps, sourceFrom, splitFrontMatter, type ModuleFields } from '../../src/shared/console/module-form.ts';
import { applyTool } from '../../src/console/markdown-tools.ts';

const noImages = () => ({ error: 'no images here' });
const words = { heading: 'Heading', bold: 'bold', tableHeading: 'H', tableCell: 'C' };

const filled: ModuleFields = {
  id: 'lift-a-box', title: 'Lift a box: "knees", not back', summary: 'Bend the knees.\nKeep it close.', language: 'nl-BE', version: '2',
  minutes: 3, roles: ['warehouse', 'line-3'], passMark: 100,
  questions: [
    { question: 'What bends?', choices: ['Knees', 'Back'], answer: ['Knees'], explanation: 'Legs lift.' },
    { question: 'Which are safe? # not a comment', choices: ['Close', 'Straight back', 'Twist: yes'], answer: ['Close', 'Straight back'], explanation: 'Both.' },
  ],
  followUp: [{ question: 'Again: what bends?', choices: ['yes', 'no'], answer: ['yes'], explanation: '"yes" is text, not true.' }],
  body: '## Lift\n\nStand close.\n',
};

describe('the module form', () => {
  it('writes a source the publisher compiles into the same module, and reads its own front matter back unchanged', () => {
    const source = sourceFrom(filled);
    const compiled = compileModule('lift.md', source, noImages);
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.module).toMatchObject({ id: 'lift-a-box', lang: 'nl-BE', title: filled.title, summary: filled.summary, version: '2', minutes: 3, roles: ['warehouse', 'line-3'] });
    expect(compiled.module!.quiz.questions[1]!.correct).toEqual([0, 1]);
    expect(compiled.module!.followUp![0]!.choices).toEqual(['yes', 'no']);
    const split = splitFrontMatter(source)!;
    expect(fieldsFrom(parse(split.yaml), split.body)).toEqual(filled);
  });

  it('leaves what is empty for the publisher to name at its line, and marks it in the form', () => {
    const fresh = newModuleFields('en');
    const compiled = compileModule('new.md', sourceFrom(fresh), noImages);
    expect(compiled.module).toBeNull();
    expect(compiled.diagnostics.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^title must not be empty/), expect.stringMatching(/^roles must name at least one role/)]));
    expect(missingFields(fresh)).toEqual(['title', 'roles', 'body']);
    expect(questionGaps(fresh.questions[0]!)).toEqual(['question', 'choices', 'answer', 'explanation']);
    // The text of a draft with errors still comes back, for the preview.
    expect(compileModule('new.md', sourceFrom({ ...fresh, body: '## Lift\n\nStand close.' }), noImages).parts.sections.map((s) => s.title)).toEqual(['Lift']);
  });

  it('reads whatever shape front matter has without failing: wrong kinds come back empty', () => {
    expect(fieldsFrom({ title: 5, roles: 'warehouse', minutes: 'soon', quiz: { questions: [{ choices: 'one' }] } }, 'x')).toMatchObject({
      title: '5', roles: ['warehouse'], minutes: null, passMark: null, questions: [{ question: '', choices: ['one'], answer: [], explanation: '' }], body: 'x',
    });
    expect(fieldsFrom(null, '').questions).toEqual([]);
  });

  it('names a new module after its title and language', () => {
    expect(idFromTitle('Łódź: wózek widłowy — bezpiecznie!')).toBe('lodz-wozek-widlowy-bezpiecznie');
    expect(fileNameFor('lift-a-box', 'en')).toBe('lift-a-box.md');
    expect(fileNameFor('lift-a-box', 'nl')).toBe('lift-a-box.nl.md');
    expect(fileNameFor('', 'en')).toBe('new-module.md');
  });
});

describe('the editor toolbar', () => {
  it('starts a section with a heading on an empty line, as its own paragraph', () => {
    expect(applyTool('heading', '', 0, 0, words)).toEqual({ text: '## Heading', start: 3, end: 10 });
    expect(applyTool('heading', 'Text.\n', 6, 6, words).text).toBe('Text.\n\n## Heading');
  });

  it('turns the selected lines into a heading or a list, replacing the marker they had', () => {
    const text = 'one\ntwo\nthree';
    expect(applyTool('bullets', text, 0, 7, words).text).toBe('- one\n- two\nthree');
    expect(applyTool('numbers', '- one\n- two', 0, 11, words).text).toBe('1. one\n2. two');
    expect(applyTool('heading', text, 5, 5, words).text).toBe('one\n## two\nthree');
  });

  it('makes the selection bold, or inserts a bold word to type over', () => {
    expect(applyTool('bold', 'say stop now', 4, 8, words)).toEqual({ text: 'say **stop** now', start: 6, end: 10 });
    expect(applyTool('bold', 'x', 1, 1, words)).toEqual({ text: 'x**bold**', start: 3, end: 7 });
  });

  it('inserts a table the publisher accepts, with a blank line before it', () => {
    const edit = applyTool('table', 'Kits:', 5, 5, words);
    expect(edit.text).toBe('Kits:\n\n| H | H |\n| --- | --- |\n| C | C |');
    const compiled = compileModule('t.md', sourceFrom({ ...filled, body: `## Kits\n\n${edit.text}\n` }), noImages);
    expect(compiled.diagnostics).toEqual([]);
  });
});
