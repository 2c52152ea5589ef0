import type { Route } from './router.ts';

/**
 * What the app's first render needs from the browser, read once by main.tsx
 * and passed in as props, so the build can prerender the same App with a
 * fixed start instead of faking browser globals.
 */
export interface PageStart {
  route: Route;
  /** A one-time kiosk enrollment code from the address (#enroll=…). */
  enrollCode: string | null;
  /** A one-time link for a worker's own phone (#link=…). */
  linkCode: string | null;
  online: boolean;
  /** HTTPS or localhost: a service worker can keep the app for offline use. */
  secure: boolean;
  lang: string;
}
