import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute } from '../../src/app/router.ts';
import { screenFor, type Screen, type ShellState } from '../../src/app/screen-for.ts';

const personal: ShellState = { enrollCode: false, linkCode: false, kiosk: false, signedInAs: null };
const kiosk: ShellState = { ...personal, kiosk: true };

describe('screenFor', () => {
  const table: [path: string, state: ShellState, screen: Screen][] = [
    ['/', personal, 'home'],
    ['/m/lockout-tagout', personal, 'module'],
    ['/m/lockout-tagout/quiz', personal, 'module'],
    ['/sync', personal, 'sync'],
    ['/setup', personal, 'enroll'],
    ['/', { ...personal, enrollCode: true }, 'enroll'],
    ['/', { ...personal, linkCode: true }, 'link'],
    // A poster's code, in any case: on a kiosk, after sign-in.
    ['/Q/7K3F', personal, 'code'],
    ['/m/lockout-tagout/aid/3', personal, 'module'],
    ['/q/7k3f', { ...kiosk, signedInAs: 'learner' }, 'code'],
    // A kiosk asks who is there before anything else…
    ['/', kiosk, 'sign-in'],
    ['/m/lockout-tagout', kiosk, 'sign-in'],
    ['/sync', kiosk, 'sign-in'],
    ['/Q/7K3F', kiosk, 'sign-in'],
    // …except being set up again.
    ['/setup', kiosk, 'enroll'],
    ['/', { ...kiosk, signedInAs: 'learner' }, 'home'],
    ['/m/ppe-basics/result', { ...kiosk, signedInAs: 'learner' }, 'module'],
    ['/sync', { ...kiosk, signedInAs: 'learner' }, 'sync'],
    // A supervisor's session shows their tools wherever a learner's screens would be.
    ['/', { ...kiosk, signedInAs: 'supervisor' }, 'supervisor'],
    ['/m/ppe-basics', { ...kiosk, signedInAs: 'supervisor' }, 'supervisor'],
    ['/sync', { ...kiosk, signedInAs: 'supervisor' }, 'sync'],
  ];
  it.each(table)('%s with %o shows %s', (path, state, screen) => {
    expect(screenFor(parseRoute(path), state)).toBe(screen);
  });
});

describe('routes', () => {
  it('reads a job aid\'s address, and writes it back', () => {
    expect(parseRoute('/m/lockout-tagout/aid/3')).toEqual({ name: 'aid', id: 'lockout-tagout', section: 3 });
    expect(hrefFor({ name: 'aid', id: 'lockout-tagout', section: 3 })).toBe('/m/lockout-tagout/aid/3');
    expect(parseRoute('/m/lockout-tagout/aid/x')).toEqual({ name: 'home' });
    expect(parseRoute('/q/7k3f')).toEqual({ name: 'code', path: '/q/7k3f' });
  });
});
