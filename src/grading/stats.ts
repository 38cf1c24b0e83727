import { wilson as sharedWilson } from '../models/index.ts';

/**
 * Small statistics used by the rollups and reports. The Wilson interval is the shared one of
 * src/models (03-models §7), here only scaled to percentages, so gates, backtests, rollups and
 * reports can never disagree on the formula.
 */

const Z = 1.96;

export interface Interval {
  low: number;
  high: number;
}

/** 95% Wilson score interval of w successes in n, as percentages; null when n = 0. */
export function wilson(w: number, n: number, z = Z): Interval | null {
  const ci = sharedWilson(w, n, z);
  if (ci.low === null || ci.high === null) return null;
  return { low: 100 * ci.low, high: 100 * ci.high };
}

/** Hit rate in percent (HR = wins / (wins + losses)); null when there is no decided bet. */
export function hitRate(wins: number, n: number): number | null {
  return n > 0 ? (100 * wins) / n : null;
}

export function round(x: number | null | undefined, dp = 4): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}

export function mean(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median; mean of the middle two for an even count; null when empty. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sample standard deviation (n − 1); null below 2 values. */
export function sampleSd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

// The t quantile and the seeded PRNG are the gates' (src/models/evidence.ts): one implementation.
export { mulberry32, tQuantile975 } from '../models/index.ts';
