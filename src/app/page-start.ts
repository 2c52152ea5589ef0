import { parseRoute, type Route } from './router.ts';

/**
 * What the app's first render needs from the browser, read once by main.tsx
 * and passed in as props, so the build can prerender the same App with a
 * fixed start instead of faking browser globals.
 */
export interface PageStart {
  route: Route;
  /** A one-time kiosk enrollment code from the address (#enroll=…). */
  enrollCode: string | null;
  online: boolean;
  /** HTTPS or localhost: a service worker can keep the app for offline use. */
  secure: boolean;
  lang: string;
}

export function enrollCodeIn(hash: string): string | null {
  return /^#enroll=([\w-]{4,40})$/.exec(hash)?.[1] ?? null;
}

/** The start the prerendered home screen is built for: a fresh English kiosk, online, at /. */
export const PRERENDER_START: PageStart = { route: parseRoute('/'), enrollCode: null, online: true, secure: true, lang: 'en' };
