import { describeSeconds } from '../shared/line-cost.ts';
import type { ConsoleStrings } from './i18n/en.ts';

/** Sizes and times on the line as the console says them: KiB with one decimal, "about 3 s". */
export const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** "38.2 MiB", "412.0 KiB": a file's size as a person reads it. */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${kib(bytes)} KiB`;
}

export function lineTime(t: ConsoleStrings, seconds: number): string {
  const d = describeSeconds(seconds);
  return d.unit === 'min' ? t.content.minutes(d.value) : t.content.seconds(d.value, d.under);
}
