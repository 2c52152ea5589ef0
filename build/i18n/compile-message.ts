import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/**
 * One ICU MessageFormat string (what translation tools read and write) made
 * into the JavaScript the UI calls: a string, or a function of the message's
 * arguments. Compiled at build time, so no message parser or formatter ever
 * reaches a device; a plural is the same `n === 1 ? … : …` a person would
 * write for English and Dutch, and Intl.PluralRules for other languages.
 */

/** How an argument is used: a plural or number needs a number, a true/false select a boolean. */
export type ArgumentKind = 'number' | 'boolean' | 'text';

export interface CompiledMessage {
  /** A message without arguments: its text. */
  text?: string;
  /** A message with arguments: the body of a template literal that uses them by name. */
  template?: string;
  /** A message that is one plural or select: the expression that picks its branch (`template` is that in `${}`). */
  expression?: string;
  /** The arguments the message uses, each with how it uses it. */
  args: Map<string, ArgumentKind>;
  /** Whether the code calls `count` (the language's plural rules, declared by the caller). */
  usesPluralRules: boolean;
}

export class MessageError extends Error {}

/** Languages whose cardinal plurals are "one" exactly for 1 and "other" for everything else. */
const ONE_IS_ONE = new Set(['en', 'nl', 'de', 'sv', 'da', 'nb', 'it', 'es']);

export function compileMessage(message: string, lang: string): CompiledMessage {
  let ast: MessageFormatElement[];
  try {
    ast = parse(message, { ignoreTag: true, requiresOtherClause: true });
  } catch (err) {
    throw new MessageError(`not a valid ICU message: ${(err as Error).message}`);
  }
  const args = new Map<string, ArgumentKind>();
  const use = (name: string, kind: ArgumentKind) => {
    const before = args.get(name);
    if (before && before !== 'text' && kind !== 'text' && before !== kind) throw new MessageError(`{${name}} is used both as a ${before} and as a ${kind}`);
    if (!before || before === 'text') args.set(name, kind);
  };
  let usesPluralRules = false;

  /** A template literal's body for these elements; `pound` is the enclosing plural's argument. */
  const template = (elements: MessageFormatElement[], pound: string | null): string => elements.map((el) => {
    switch (el.type) {
      case TYPE.literal:
        return el.value.replace(/[\\`]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${');
      case TYPE.argument:
        use(el.value, 'text');
        return `\${${el.value}}`;
      case TYPE.number:
        use(el.value, 'number');
        return `\${${el.value}}`;
      case TYPE.pound:
        if (pound === null) throw new MessageError('# outside a plural');
        return `\${${pound}}`;
      case TYPE.select: {
        const keys = Object.keys(el.options);
        const boolean = keys.every((k) => k === 'true' || k === 'false' || k === 'other');
        use(el.value, boolean ? 'boolean' : 'text');
        const branch = (k: string) => `\`${template(el.options[k]!.value, pound)}\``;
        const cases = keys.filter((k) => k !== 'other');
        if (boolean) return `\${${cases.reduceRight((rest, k) => `${k === 'true' ? '' : '!'}${el.value} ? ${branch(k)} : ${rest}`, branch('other'))}}`;
        return `\${${cases.reduceRight((rest, k) => `${el.value} === ${JSON.stringify(k)} ? ${branch(k)} : ${rest}`, branch('other'))}}`;
      }
      case TYPE.plural: {
        if (el.pluralType === 'ordinal') throw new MessageError(`{${el.value}, selectordinal} is not supported`);
        if (el.offset) throw new MessageError(`{${el.value}, plural, offset:…} is not supported`);
        use(el.value, 'number');
        const keys = Object.keys(el.options);
        const branch = (k: string) => `\`${template(el.options[k]!.value, el.value)}\``;
        const exact = keys.filter((k) => k.startsWith('='));
        const categories = keys.filter((k) => !k.startsWith('=') && k !== 'other');
        let rule: string;
        if (categories.length === 0) rule = branch('other');
        else if (ONE_IS_ONE.has(lang) && categories.every((k) => k === 'one')) rule = `${el.value} === 1 ? ${branch('one')} : ${branch('other')}`;
        else {
          usesPluralRules = true;
          rule = `count(${el.value}, { ${[...categories, 'other'].map((k) => `${k}: ${branch(k)}`).join(', ')} })`;
        }
        return `\${${exact.reduceRight((rest, k) => `${el.value} === ${Number(k.slice(1))} ? ${branch(k)} : ${rest}`, rule)}}`;
      }
      default:
        throw new MessageError('dates, times and tags are not supported: format them before they reach the message');
    }
  }).join('');

  const body = template(ast, null);
  if (args.size === 0) return { text: ast.map((el) => (el.type === TYPE.literal ? el.value : '')).join(''), args, usesPluralRules };
  const single = ast.length === 1 && (ast[0]!.type === TYPE.plural || ast[0]!.type === TYPE.select);
  return { template: body, expression: single ? body.slice(2, -1) : undefined, args, usesPluralRules };
}

/** The TypeScript type of an argument used so. */
export const TS_TYPE: Record<ArgumentKind, string> = { number: 'number', boolean: 'boolean', text: 'string | number' };
