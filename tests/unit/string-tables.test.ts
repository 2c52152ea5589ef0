import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage, MessageError } from '../../build/i18n/compile-message.ts';
import { describeProblem, generateStringTables } from '../../build/i18n/generate.ts';
import { ROOT } from '../../src/node/paths.ts';
import { AUDIT_ACTIONS } from '../../src/shared/console/access.ts';
import { OUTCOMES } from '../../src/shared/sync/records.ts';
import { CONSOLE_LANGUAGES } from '../../src/console/strings.ts';

/** A compiled message as the UI calls it. */
function run(message: string, lang: string, ...args: unknown[]): string {
  const compiled = compileMessage(message, lang);
  if (compiled.text !== undefined) return compiled.text;
  const params = [...compiled.args.keys()];
  const count = (n: number, forms: Record<string, string>) => forms[new Intl.PluralRules(lang).select(n)] ?? forms.other!;
  return new Function('count', ...params, `return \`${compiled.template}\`;`)(count, ...args) as string;
}

describe('an ICU message compiled to what the UI calls', () => {
  it('counts by each language\'s plural rules', () => {
    const pl = '{n, plural, one {# wynik} few {# wyniki} other {# wyników}}';
    expect([1, 2, 5, 22, 25].map((n) => run(pl, 'pl', n))).toEqual(['1 wynik', '2 wyniki', '5 wyników', '22 wyniki', '25 wyników']);
    // English and Dutch need no plural rules: the same "n === 1" a person would write.
    const en = compileMessage('{n, plural, one {# result} other {# results}}', 'en');
    expect([en.expression, en.usesPluralRules]).toEqual(['n === 1 ? `${n} result` : `${n} results`', false]);
    expect(run('{n, plural, =0 {none} one {# left} other {# left}}', 'en', 0)).toBe('none');
  });

  it('picks a true/false branch by a boolean, and keeps text as written', () => {
    const seconds = compileMessage('{under, select, true {under 1 s} other {about {s} s}}', 'en');
    expect(Object.fromEntries(seconds.args)).toEqual({ under: 'boolean', s: 'text' });
    expect(run('{under, select, true {under 1 s} other {about {s} s}}', 'en', true, 4)).toBe('under 1 s');
    expect(run('{under, select, true {under 1 s} other {about {s} s}}', 'en', false, 4)).toBe('about 4 s');
    // Backticks, backslashes, a quoted "${" and apostrophes are text, never code.
    expect(run("It's `{name}` \\ $'{'x'}'", 'en', 'a')).toBe("It's `a` \\ ${x}");
    expect(compileMessage("Use '{'braces'}' and <b>tags</b>", 'en').text).toBe('Use {braces} and <b>tags</b>');
  });

  it('refuses what it cannot compile, saying what', () => {
    expect(() => compileMessage('{n, plural, one {#}}', 'en')).toThrow(MessageError);
    expect(() => compileMessage('{n, plural, one {#} other {#}', 'en')).toThrow(/not a valid ICU message/);
    expect(() => compileMessage('{d, date}', 'en')).toThrow(/dates, times and tags are not supported/);
    expect(() => compileMessage('{n, plural, other {#}} {n, select, true {a} other {b}}', 'en')).toThrow(/used both as a number and as a boolean/);
  });
});

describe('the string tables', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lowband-strings-'));
    for (const dir of ['src/app/i18n/languages', 'src/console/i18n', 'src/server/posters/i18n']) await cp(join(ROOT, dir), join(root, dir), { recursive: true, filter: (f) => !f.endsWith('.ts') });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('as committed: every translation has English\'s keys and arguments, and nothing else', async () => {
    expect((await generateStringTables(ROOT, { write: false })).map(describeProblem)).toEqual([]);
  });

  it('reports a missing key, an extra one, a wrong argument and a broken message, each at its file and line, and writes nothing', async () => {
    const file = 'src/app/i18n/languages/nl/kiosk.json';
    const kiosk = JSON.parse(await readFile(join(root, file), 'utf8')) as Record<string, string>;
    delete kiosk.signIn;
    kiosk.signInTypo = 'Inloggen';
    kiosk.addRole = '+ {rol} ({n, plural, one {# persoon} other {# personen}})';
    kiosk.wrongPin = '{left, plural, one {Onjuiste pincode.}';
    await writeFile(join(root, file), JSON.stringify(kiosk, null, 2));
    const text = await readFile(join(root, file), 'utf8');
    const lineOf = (key: string) => text.split('\n').findIndex((l) => l.includes(`"${key}":`)) + 1;
    const problems = (await generateStringTables(root)).map(describeProblem);
    expect(problems).toEqual(expect.arrayContaining([
      `${file}:1: signIn: missing: English has this message, this language does not`,
      `${file}:${lineOf('signInTypo')}: signInTypo: extra: English has no such message`,
      `${file}:${lineOf('addRole')}: addRole: {rol}: English's message has no such argument (it has {role}, {n})`,
      expect.stringMatching(new RegExp(`^${file}:${lineOf('wrongPin')}: wrongPin: not a valid ICU message`)),
    ]));
    expect(problems).toHaveLength(4);
    await expect(readFile(join(root, 'src/app/i18n/languages/en/kiosk.ts'))).rejects.toThrow(/ENOENT/);
  });

  it('asks for the order of a new message\'s arguments, and for a number where a translation counts', async () => {
    const file = 'src/console/i18n/en.json';
    const en = JSON.parse(await readFile(join(ROOT, file), 'utf8')) as { reports: Record<string, string> };
    en.reports.lastSeen = 'Seen on {kiosk} {when} by {who}';
    en.reports.summary = '{done} of {assigned} done ({percent}%)';
    await writeFile(join(root, file), JSON.stringify(en, null, 2));
    const pl = JSON.parse(await readFile(join(ROOT, 'src/console/i18n/pl.json'), 'utf8')) as { reports: Record<string, string> };
    pl.reports.summary = '{done, plural, one {# z {assigned}} other {# z {assigned}}} ({percent}%)';
    await writeFile(join(root, 'src/console/i18n/pl.json'), JSON.stringify(pl, null, 2));
    const problems = (await generateStringTables(root)).map(describeProblem);
    expect(problems).toContainEqual(expect.stringMatching(/^src\/console\/i18n\/en\.params\.json:\d+: reports\.lastSeen: lists kiosk, when, but the message uses kiosk, when, who$/));
    expect(problems).toContainEqual(expect.stringMatching(/^src\/console\/i18n\/pl\.json:\d+: reports\.summary: \{done\} is used as a number here but as text in English/));
  });

  it('name every audit action and every sign-off outcome the code has, in every console language', () => {
    for (const { code, strings } of CONSOLE_LANGUAGES) {
      expect(Object.keys(strings.audit.actions).sort(), code).toEqual([...AUDIT_ACTIONS].sort());
      expect(Object.keys(strings.reports.outcomes).sort(), code).toEqual([...OUTCOMES].sort());
    }
  });
});
