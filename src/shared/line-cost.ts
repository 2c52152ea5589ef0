/**
 * What a download costs a kiosk on the plant's line. The defaults are the
 * line this product is built for (and the one `npm run bench` and
 * `npm run audit` throttle to): 64 kbit/s shared, 500 ms round trips.
 */
export interface Line {
  bitsPerSecond: number;
  roundTripMs: number;
}

export const PLANT_LINE: Line = { bitsPerSecond: 64_000, roundTripMs: 500 };

/** Seconds to fetch `bytes` over `line` on a warm connection: one round trip plus the bytes at line rate. */
export function secondsOnLine(bytes: number, line: Line = PLANT_LINE): number {
  if (bytes <= 0) return 0;
  return line.roundTripMs / 1000 + (bytes * 8) / line.bitsPerSecond;
}

/** "about 3 s", "under 1 s", "about 2 min": how a person would say it. */
export function describeSeconds(seconds: number): { unit: 's' | 'min'; value: number; under: boolean } {
  if (seconds < 1) return { unit: 's', value: 1, under: true };
  if (seconds < 90) return { unit: 's', value: Math.round(seconds), under: false };
  return { unit: 'min', value: Math.round(seconds / 60), under: false };
}
