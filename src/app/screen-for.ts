import type { Route } from './router.ts';

/** What fills the main area. */
export type Screen = 'enroll' | 'link' | 'sign-in' | 'sync' | 'supervisor' | 'home' | 'module' | 'code';

export interface ShellState {
  /** The page was opened with an enrollment code (#enroll=…). */
  enrollCode: boolean;
  /** The page was opened with a phone link (#link=…). */
  linkCode: boolean;
  /** This device is an enrolled kiosk: someone must sign in first. */
  kiosk: boolean;
  signedInAs: 'learner' | 'supervisor' | null;
}

/**
 * The screen for an address and the device's state. Setting up comes first,
 * then signing in on a kiosk; a supervisor's session shows their tools
 * wherever a learner's screens would be.
 */
export function screenFor(route: Route, state: ShellState): Screen {
  if (route.name === 'setup' || state.enrollCode) return 'enroll';
  if (state.linkCode) return 'link';
  if (state.kiosk && !state.signedInAs) return 'sign-in';
  if (route.name === 'sync') return 'sync';
  if (state.signedInAs === 'supervisor') return 'supervisor';
  if (route.name === 'home') return 'home';
  if (route.name === 'code') return 'code';
  return 'module';
}
