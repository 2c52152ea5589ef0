import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** What the app's first render reads from the browser, as a fresh English kiosk online would answer. */
const BROWSER_STUBS: Record<string, unknown> = {
  navigator: { onLine: true, languages: ['en'] },
  localStorage: { getItem: () => null },
  location: { pathname: '/', search: '' },
};

/**
 * The home screen exactly as the app first renders it, before any data: put
 * into index.html, it paints with the HTML and CSS, without waiting for the
 * JS. The app's render() then diffs against it and takes over.
 */
export async function prerenderHome(): Promise<string> {
  const saved = Object.keys(BROWSER_STUBS).map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)] as const);
  for (const [k, value] of Object.entries(BROWSER_STUBS)) Object.defineProperty(globalThis, k, { value, configurable: true, writable: true });
  try {
    const { App } = await import('../src/app/app.tsx');
    return renderToString(h(App, null));
  } finally {
    for (const [k, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, k, descriptor);
      else delete (globalThis as Record<string, unknown>)[k];
    }
  }
}
