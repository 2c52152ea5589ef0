/**
 * Files on a USB stick for a kiosk with no line: its set-up, and on a
 * supervisor's sync screen records out and their acknowledgement back,
 * modules in. One lazy chunk (build/build.ts budgets it as /lazy/usb-files),
 * kept offline with the kiosk's files; the kiosk bundle loads it and hands
 * its English strings to the string tables (importing those here would split
 * the app's file).
 */
export { RecordsFile } from './records-file.tsx';
export { ContentFile } from './content-file.tsx';
export { SetUpFile } from './set-up-file.tsx';
export { transfer as english } from '../i18n/languages/en/transfer.ts';
