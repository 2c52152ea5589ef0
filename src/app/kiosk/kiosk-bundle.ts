/**
 * The kiosk's screens as one file: enrolling, signing in, assignments, a
 * supervisor's sign-offs, and the English kiosk strings. Only an enrolled
 * kiosk (or a device opening an enrollment link) downloads it, and only an
 * enrolled kiosk saves it for offline use (build/build.ts marks its files).
 */
export { AssignedModules, EnrollScreen, SessionBar, SignIn } from './kiosk.tsx';
export type { SignedInAs } from './kiosk.tsx';
export { SupervisorArea } from './supervisor.tsx';
export { UsbFiles } from './usb-section.tsx';
import { provideEnglish } from '../i18n/index.ts';
import { kiosk } from '../i18n/languages/en/kiosk.ts';

provideEnglish('kiosk', kiosk);
