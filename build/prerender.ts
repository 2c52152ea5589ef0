import { build } from 'esbuild';
import { ROOT } from '../src/node/paths.ts';

/**
 * The home screen exactly as the app first renders it, before any data: put
 * into index.html, it paints with the HTML and CSS, without waiting for the
 * JS. The app's render() then diffs against it and takes over.
 *
 * The App is bundled for Node with the same JSX settings as the browser build
 * and rendered with a fixed start (an English kiosk, online, at /) as its props: its first render reads the
 * browser only through those props, so nothing here fakes a browser global.
 */
export async function prerenderHome(): Promise<string> {
  const entry = `
    import { h } from 'preact';
    import { renderToString } from 'preact-render-to-string';
    import { App } from './src/app/app.tsx';
    // The start the prerendered home screen is built for: a fresh English kiosk, online, at /.
    const start = { route: { name: 'home' }, enrollCode: null, linkCode: null, online: true, secure: true, lang: 'en' };
    export const html = renderToString(h(App, { start }));
  `;
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'prerender-entry.ts', loader: 'ts' },
    absWorkingDir: ROOT, bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning',
    jsx: 'automatic', jsxImportSource: 'preact',
    // Lazy chunks are bundled in but never run: the first render does not load them.
    define: { 'process.env.NODE_ENV': '"production"', __SEARCH_WORKER_URL__: '""', __LANGUAGE_FILES__: '"{}"' },
  });
  const code = result.outputFiles[0]!.text;
  const { html } = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { html: string };
  return html;
}
