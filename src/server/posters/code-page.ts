import type { IncomingMessage, ServerResponse } from 'node:http';
import { codePath, type CodeTarget } from '../../shared/short-code.ts';
import { en, type PosterStrings } from './i18n/en.ts';
import { nl } from './i18n/nl.ts';
import { pl } from './i18n/pl.ts';

const PAGES: Record<string, PosterStrings> = { en, nl, pl };

/** The reader's language from Accept-Language, among those the page is written in. */
function readerStrings(req: IncomingMessage): { lang: string; t: PosterStrings } {
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const lang = part.trim().split(/[-;]/)[0]!.toLowerCase();
    if (PAGES[lang]) return { lang, t: PAGES[lang] };
  }
  return { lang: 'en', t: en };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /Q/7K3F, in any case: a known code is sent on to its module (a phone
 * that has never opened the app gets the app there; a device whose service
 * worker runs never asks, it reads the code itself). Anything else is a
 * page that says so in words, with a 404.
 */
export async function sendCodePage(req: IncomingMessage, res: ServerResponse, code: string | null, resolve: (code: string) => Promise<CodeTarget | null>): Promise<void> {
  const target = code ? await resolve(code) : null;
  res.setHeader('Cache-Control', 'no-store');
  if (target) {
    res.writeHead(302, { Location: codePath(target) });
    res.end();
    return;
  }
  const { lang, t } = readerStrings(req);
  const [title, body] = code ? [t.unknownTitle, t.unknownBody(code)] : [t.badTitle, t.badBody];
  // A page with no script: its own inline style is all it may load.
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font:1.25rem/1.5 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:36rem;color:#111;background:#fff}a{display:inline-block;padding:.75rem 1rem;border:2px solid #111;color:#111;min-height:3rem;box-sizing:border-box}</style>
<main><h1>${escape(title)}</h1><p>${escape(body)}</p><p><a href="/">${escape(t.unknownNext)}</a></p></main></html>\n`);
}
