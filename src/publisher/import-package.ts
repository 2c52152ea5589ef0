import { posix } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import { note, type ImportNote } from '../shared/console/import-report.ts';
import type { QuestionFields } from '../shared/console/module-form.ts';
import { englishCount } from '../shared/plural.ts';
import { draftSource, escapeMarkdown, fileSize, kib, wordCount, type ImportedImage, type ImportedModule } from './draft-source.ts';
import { fitImage } from './image-fit.ts';
import { ImportError, IMPORT_LIMITS, type Archive } from './import-limits.ts';
import { MAX_HTML_DEPTH, nestingDepth, pageText } from './html-text.ts';
import { attr, below, elements, kid, kids, readXmlPart } from './xml-part.ts';

/**
 * A SCORM 1.2 or 2004 package, or a cmi5 course, as a draft module: its
 * manifest (imsmanifest.xml, cmi5.xml) gives the title and the order of its
 * items; each item's pages give their words, headings, lists, tables and
 * pictures (html-text.ts); questions the package keeps as IMS QTI 2.x items
 * become the quiz, with its mastery score as the pass mark. Video, sound,
 * Flash and scripts are listed with their sizes and never inflated: a
 * package of tens of MiB becomes a module of a few KiB, and the report says
 * exactly what stayed behind.
 */
export interface PackageOptions {
  id: string;
  lang: string;
  imageLimit: number;
}

export type PackageKind = 'scorm' | 'cmi5';

/** One entry of the course's outline, in the order a learner meets it. */
interface Node {
  title: string;
  depth: number;
  /** Pages in the package, launch page first; empty for a block or folder of other items. */
  pages: string[];
  /** Why its launch page cannot be read (hosted elsewhere, outside the package), when it cannot. */
  unreadable?: string;
  /** Files its manifest lists for it: where video and scripts are said to belong. */
  files: string[];
}

interface Outline { kind: string; title: string; summary?: string; passMark: number | null; nodes: Node[]; quizFiles: string[] }

const KINDS: [RegExp, string][] = [
  [/\.(mp4|m4v|webm|ogv|mov|avi|wmv|flv|f4v|mkv|mpe?g)$/i, 'video'],
  [/\.(mp3|m4a|wav|oga|ogg|aac|wma|flac)$/i, 'sound'],
  [/\.(swf|fla)$/i, 'Flash'],
  [/\.(js|mjs)$/i, 'script'],
];
const PAGE = /\.(html?|xhtml)$/i;

/** Whether an archive is a package, and where its manifest sits (at the top, or in the one folder that holds everything). */
export function packageManifest(archive: Archive): { kind: PackageKind; path: string } | null {
  for (const [kind, name] of [['scorm', 'imsmanifest.xml'], ['cmi5', 'cmi5.xml']] as const) {
    const found = archive.entries.filter((e) => e.name === name || (e.name.endsWith(`/${name}`) && e.name.split('/').length === 2)).map((e) => e.name).sort((a, b) => a.length - b.length)[0];
    if (found) return { kind, path: found };
  }
  return null;
}

export async function importPackage(archive: Archive, manifest: { kind: PackageKind; path: string }, fileName: string, options: PackageOptions): Promise<ImportedModule> {
  const notes: ImportNote[] = archive.refused.map((r) => note(r.name, 'left-out', `${r.why}.`));
  const root = posix.dirname(manifest.path) === '.' ? '' : `${posix.dirname(manifest.path)}/`;
  const xml = readXmlPart(archive, manifest.path, `${fileName}: ${manifest.path}`)!;
  const outline = promoted(manifest.kind === 'scorm' ? scormOutline(xml, root) : cmi5Outline(xml, root, options.lang));
  notes.push(note('', 'kept', `${outline.kind}: ${englishCount(outline.nodes.filter((n) => n.pages.length || n.unreadable).length, 'item')} in the order its ${manifest.kind === 'scorm' ? 'organisation' : 'course structure'} gives.`));

  const images: ImportedImage[] = [];
  const placed = new Map<string, string | null>();
  const read = new Set<string>([manifest.path]);
  const sections: { depth: number; text: string; body: boolean }[] = [];
  for (const node of outline.nodes) {
    const at = node.title;
    const heading = `${'#'.repeat(Math.min(4, 2 + node.depth))} ${escapeMarkdown(node.title)}`;
    if (node.unreadable) {
      notes.push(note(at, 'left-out', node.unreadable));
      continue;
    }
    if (!node.pages.length) {
      sections.push({ depth: node.depth, text: heading, body: false });
      continue;
    }
    const parts: string[] = [];
    for (const page of node.pages) {
      const text = await pageMarkdown(page, at, node.title);
      if (text) parts.push(text);
    }
    if (parts.length) {
      sections.push({ depth: node.depth, text: `${heading}\n\n${parts.join('\n\n')}`, body: true });
      notes.push(note(at, 'kept', `${englishCount(parts.length, 'page')}: ${englishCount(wordCount(parts.join(' ')), 'word')}.`));
    } else {
      notes.push(note(at, 'left-out', 'No text in its pages: its words are in scripts, which an import never runs, or in pictures; write them in the form.'));
    }
  }
  const body = withContent(sections).map((s) => s.text).join('\n\n');
  if (!body.trim()) throw new ImportError(`${fileName} has no text in any of its pages: its words are in scripts or pictures, which an import does not read`);

  const questions = quizFrom(outline.quizFiles, notes);
  if (outline.passMark !== null) notes.push(note('', 'kept', `Its mastery score, ${outline.passMark}%, is the quiz's pass mark.`));
  listLeftBehind(outline, notes);
  const quiz = questions.length || outline.passMark !== null ? { passMark: outline.passMark, questions } : undefined;
  const source = draftSource({ id: options.id, lang: options.lang, title: outline.title, summary: outline.summary, body, fileName, quiz }, notes);
  return { source, images, notes };

  /** One page's words, its pictures fitted and placed; null when it gives nothing. */
  async function pageMarkdown(page: string, at: string, title: string): Promise<string | null> {
    const size = archive.size(page);
    read.add(page);
    if (size === undefined) {
      notes.push(note(at, 'left-out', `The page ${page}: its manifest lists it, but the package does not hold it.`));
      return null;
    }
    if (size > IMPORT_LIMITS.maxDocumentXmlBytes || !archive.fits(page)) {
      notes.push(note(at, 'left-out', `The page ${page}: ${fileSize(size)} of HTML, more than an import reads of one page.`, size));
      return null;
    }
    const html = new TextDecoder('utf-8').decode(archive.read(page)!);
    const depth = nestingDepth(html);
    if (depth > MAX_HTML_DEPTH) {
      notes.push(note(at, 'left-out', `The page ${page}: its elements nest ${depth} levels deep, and no page a person reads goes past ${MAX_HTML_DEPTH}.`));
      return null;
    }
    const text = pageText(html);
    let markdown = text.markdown;
    // The page's own heading repeats the item's title, which is the section's already.
    const own = /^#{3,4} (.+)\n*/.exec(markdown);
    if (own && own[1]!.replace(/\\(.)/g, '$1').trim().toLowerCase() === title.trim().toLowerCase()) markdown = markdown.slice(own[0].length);
    for (const picture of text.pictures) markdown = markdown.replace(picture.token, await pictureMarkdown(page, picture, at));
    if (text.players) notes.push(note(at, 'left-out', `${englishCount(text.players, 'player')} (video, sound or a frame) on ${page}: kiosks on the line get text, not video.`));
    if (text.choiceGroups) notes.push(note(at, 'to-do', `A quiz of ${englishCount(text.choiceGroups, 'question')} on ${page}, whose right answers are in the package's scripts, not its page: its questions and choices are in the text; put them in the form's quiz.`));
    return markdown.trim() || null;
  }

  async function pictureMarkdown(page: string, picture: { src: string; alt: string }, at: string): Promise<string> {
    const target = /^[a-z][a-z0-9+.-]*:/i.test(picture.src) ? null : inside(posix.dirname(page), picture.src);
    if (!target) {
      notes.push(note(at, 'left-out', `A picture from ${picture.src.slice(0, 60)}: outside the package, so an import never fetches it.`));
      return '';
    }
    if (!placed.has(target)) {
      read.add(target);
      const size = archive.size(target);
      const bytes = size !== undefined && archive.fits(target) ? archive.read(target) : null;
      const fitted = bytes ? await fitImage(target, bytes, options.imageLimit) : { error: size !== undefined ? 'past the most an import reads of one file' : 'the package does not hold it' };
      if ('error' in fitted) {
        notes.push(note(at, 'left-out', `A picture (${target}): ${fitted.error}.`, size));
        placed.set(target, null);
      } else {
        const path = `media/${options.id}-${images.length + 1}.${fitted.ext}`;
        images.push({ path, data: fitted.data });
        placed.set(target, path);
        if (fitted.resized) notes.push(note(at, 'changed', `A picture of ${kib(fitted.resized.from)} KiB (${target}) was scaled to ${fitted.resized.width} px and saved as WebP: ${kib(fitted.data.length)} KiB.`));
        if (!picture.alt) notes.push(note(at, 'to-do', `A picture (${target}) has no description: write what it shows (the form marks it).`));
      }
    }
    const path = placed.get(target);
    return path ? `![${escapeMarkdown(picture.alt)}](${path})` : '';
  }

  /** Everything not read, by kind, with its size: under the item whose manifest lists it, or the whole package. */
  function listLeftBehind(outline: Outline, into: ImportNote[]): void {
    const owner = new Map<string, string>();
    for (const node of outline.nodes) for (const file of node.files) if (!owner.has(file)) owner.set(file, node.title);
    const groups = new Map<string, { at: string; kind: string; files: { name: string; size: number }[] }>();
    for (const entry of archive.entries) {
      if (read.has(entry.name) || outline.quizFiles.includes(entry.name)) continue;
      const kind = KINDS.find(([pattern]) => pattern.test(entry.name))?.[1] ?? 'other';
      const at = kind === 'script' || kind === 'other' ? '' : owner.get(entry.name) ?? '';
      const key = `${at}\n${kind}`;
      const group = groups.get(key) ?? { at, kind, files: [] };
      group.files.push({ name: entry.name, size: entry.size });
      groups.set(key, group);
    }
    for (const { at, kind, files } of groups.values()) {
      const size = files.reduce((n, f) => n + f.size, 0);
      const named = files.slice(0, 3).map((f) => `${f.name.slice(root.length)}, ${fileSize(f.size)}`).join('; ') + (files.length > 3 ? `; and ${files.length - 3} more` : '');
      const what = kind === 'script' ? `${englishCount(files.length, 'script')} (${fileSize(size)}), never run by an import: a package's navigation and scoring live there`
        : kind === 'other' ? `${englishCount(files.length, 'other file')} (${fileSize(size)}): styles, fonts, pages no item lists, and the like`
          : `${englishCount(files.length, `${kind} file`)} (${named}): kiosks on the line get text, not ${kind}`;
      into.push(note(at, 'left-out', `${what}.`, size));
    }
  }

  /** Questions from the package's IMS QTI 2.x items: a choice interaction with its right answers becomes a quiz question. */
  function quizFrom(files: string[], into: ImportNote[]): QuestionFields[] {
    const questions: QuestionFields[] = [];
    for (const file of files) {
      read.add(file);
      const item = readXmlPart(archive, file, `${fileName}: ${file}`);
      const at = file.slice(root.length);
      const interaction = below(item, 'choiceInteraction')[0];
      if (!item || !interaction) {
        into.push(note(at, 'left-out', 'A question of a kind modules do not have (only choices are).'));
        continue;
      }
      const choices = kids(interaction, 'simpleChoice').map((c) => ({ id: attr(c, 'identifier') ?? '', text: words(c) }));
      const correct = below(below(item, 'correctResponse')[0] ?? null, 'value').map((v) => (v.textContent ?? '').trim());
      const prompt = words(kid(interaction, 'prompt')) || elements(kid(item, 'itemBody')).filter((e) => e.localName === 'p').map(words).join(' ');
      const answer = choices.filter((c) => correct.includes(c.id)).map((c) => c.text);
      const feedback = below(item, 'modalFeedback').map(words).find(Boolean) ?? '';
      if (choices.length < 2 || choices.length > 6 || !answer.length || !prompt) {
        into.push(note(at, 'left-out', `The question "${prompt.slice(0, 80)}": ${!prompt ? 'it has no words' : !answer.length ? 'the package gives no right answer' : `${choices.length} choices, and a question has 2 to 6`}.`));
        continue;
      }
      questions.push({ question: prompt, choices: choices.map((c) => c.text), answer, explanation: feedback });
      into.push(note(at, 'kept', `The question "${prompt.slice(0, 80)}", with its ${englishCount(choices.length, 'choice')} and the right ${answer.length === 1 ? 'one' : 'ones'} ticked${feedback ? '' : '; write why in the form'}.`));
    }
    return questions;
  }
}

/** A block or folder heading stays only when some item under it kept text. */
function withContent<S extends { depth: number; body: boolean }>(sections: S[]): S[] {
  return sections.filter((s, i) => {
    if (s.body) return true;
    for (const later of sections.slice(i + 1)) {
      if (later.depth <= s.depth) return false;
      if (later.body) return true;
    }
    return false;
  });
}

/** A course wrapped in one folder item (as many tools export it) reads as that folder's items, one level up. */
function promoted(outline: Outline): Outline {
  let nodes = outline.nodes;
  while (nodes.filter((n) => n.depth === 0).length === 1 && nodes.length > 1 && !nodes[0]!.pages.length && !nodes[0]!.unreadable) {
    nodes = nodes.slice(1).map((n) => ({ ...n, depth: n.depth - 1 }));
  }
  return { ...outline, nodes };
}

/** A SCORM manifest's outline: the default organisation's items, depth first, each with its resource's pages. */
function scormOutline(manifest: Element, root: string): Outline {
  const version = (below(kid(manifest, 'metadata'), 'schemaversion')[0]?.textContent ?? '').trim();
  const namespaces = Array.from({ length: manifest.attributes.length }, (_, i) => manifest.attributes.item(i)!.value).join(' ');
  const kind = /^1\.2$/.test(version) || /adlcp_rootv1p2/.test(namespaces) ? 'A SCORM 1.2 package' : `A SCORM 2004 package${/4th/.test(version) ? ' (4th edition)' : /3rd/.test(version) ? ' (3rd edition)' : ''}`;
  const organizations = kid(manifest, 'organizations');
  const all = kids(organizations, 'organization');
  const organization = all.find((o) => attr(o, 'identifier') === attr(organizations, 'default')) ?? all[0];
  if (!organization) throw new ImportError(`${root}imsmanifest.xml has no organisation: a package without one has nothing to take in order`);
  const resourcesEl = kid(manifest, 'resources');
  const base = xmlBase(manifest) + xmlBase(resourcesEl);
  const resources = new Map(kids(resourcesEl, 'resource').map((r) => [attr(r, 'identifier') ?? '', r]));
  const nodes: Node[] = [];
  const quizFiles: string[] = [];
  for (const r of resources.values()) {
    if (/imsqti_item/i.test(attr(r, 'type') ?? '')) for (const f of [attr(r, 'href'), ...kids(r, 'file').map((f) => attr(f, 'href'))]) {
      const path = f && inside(root.replace(/\/$/, '') || '.', base + xmlBase(r) + f);
      if (path && path.endsWith('.xml') && !quizFiles.includes(path)) quizFiles.push(path);
    }
  }
  let passMark: number | null = null;
  const walk = (parent: Element, depth: number) => {
    for (const item of kids(parent, 'item')) {
      if (attr(item, 'isvisible') === 'false') continue;
      const title = words(kid(item, 'title')) || attr(item, 'identifier') || 'Untitled';
      const mastery = Number((kid(item, 'masteryscore')?.textContent ?? '').trim() || NaN);
      const measure = Number((below(item, 'minNormalizedMeasure')[0]?.textContent ?? '').trim() || NaN);
      passMark ??= Number.isFinite(mastery) && mastery > 0 ? Math.min(100, Math.round(mastery)) : Number.isFinite(measure) && measure > 0 ? Math.min(100, Math.round(measure * 100)) : null;
      const resource = resources.get(attr(item, 'identifierref') ?? '');
      const node: Node = { title, depth, pages: [], files: [] };
      if (resource) {
        const resourceBase = base + xmlBase(resource);
        const href = attr(resource, 'href');
        const files = kids(resource, 'file').map((f) => attr(f, 'href') ?? '').filter(Boolean);
        node.files = files.map((f) => inside(root.replace(/\/$/, '') || '.', resourceBase + f)).filter((f): f is string => !!f);
        if (href && /^[a-z][a-z0-9+.-]*:/i.test(href)) node.unreadable = `Its page is hosted elsewhere (${href.slice(0, 80)}): an import never fetches it.`;
        else if (href) {
          const launch = inside(root.replace(/\/$/, '') || '.', resourceBase + href.replace(/[?#].*$/, ''));
          if (!launch) node.unreadable = `Its page (${href.slice(0, 80)}) points outside the package.`;
          else node.pages = [launch, ...node.files.filter((f) => PAGE.test(f) && f !== launch)];
        }
      }
      nodes.push(node);
      walk(item, depth + 1);
    }
  };
  walk(organization, 0);
  return { kind, title: words(kid(organization, 'title')) || words(below(kid(manifest, 'metadata'), 'title')[0] ?? null) || 'Imported course', passMark, nodes, quizFiles };
}

/** A cmi5 course structure's outline: its blocks and assignable units in order; an AU's URL is its one page. */
function cmi5Outline(course: Element, root: string, lang: string): Outline {
  const dir = root.replace(/\/$/, '') || '.';
  const nodes: Node[] = [];
  let passMark: number | null = null;
  const walk = (parent: Element, depth: number) => {
    for (const el of elements(parent)) {
      if (el.localName === 'block') {
        nodes.push({ title: langString(kid(el, 'title'), lang) || 'Untitled block', depth, pages: [], files: [] });
        walk(el, depth + 1);
      } else if (el.localName === 'au') {
        const url = (kid(el, 'url')?.textContent ?? '').trim();
        const mastery = Number(attr(el, 'masteryScore') ?? NaN);
        passMark ??= Number.isFinite(mastery) && mastery > 0 ? Math.min(100, Math.round(mastery * 100)) : null;
        const node: Node = { title: langString(kid(el, 'title'), lang) || attr(el, 'id') || 'Untitled', depth, pages: [], files: [] };
        const page = /^[a-z][a-z0-9+.-]*:/i.test(url) ? null : inside(dir, url.replace(/[?#].*$/, ''));
        if (/^[a-z][a-z0-9+.-]*:/i.test(url)) node.unreadable = `It is hosted elsewhere (${url.slice(0, 80)}): an import never fetches it.`;
        else if (!page) node.unreadable = `Its page (${url.slice(0, 80)}) points outside the package.`;
        else node.pages = [page];
        nodes.push(node);
      }
    }
  };
  walk(course, 0);
  const head = kid(course, 'course');
  return { kind: 'A cmi5 course', title: langString(kid(head, 'title'), lang) || 'Imported course', summary: langString(kid(head, 'description'), lang) || undefined, passMark, nodes, quizFiles: [] };
}

/** The langstring in the author's language, else the first. */
function langString(el: Element | null, lang: string): string {
  const strings = kids(el, 'langstring');
  const chosen = strings.find((s) => (attr(s, 'lang') ?? '').toLowerCase().split('-')[0] === lang) ?? strings[0];
  return chosen ? words(chosen) : words(el);
}

const words = (el: Element | null): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const xmlBase = (el: Element | null): string => el?.getAttribute('xml:base') ?? '';

/** A reference resolved inside the package, %-escapes read; null for one that climbs out. */
function inside(dir: string, ref: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref);
  } catch {
    return null;
  }
  if (decoded.startsWith('/') || decoded.includes('\\')) return null;
  const path = posix.normalize(posix.join(dir, decoded));
  return path.startsWith('../') || path === '..' ? null : path;
}

