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

/** Two-sided 97.5% Student t quantile for df degrees of freedom (table, then normal). */
export function tQuantile975(df: number): number {
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
    2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  if (df < 1) return Number.NaN;
  if (df <= 30) return table[df - 1];
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return Z;
}

/** mulberry32: a small seeded PRNG so bootstrap output is reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
