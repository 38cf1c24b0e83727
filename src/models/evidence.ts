import { wilson } from './evaluation.ts';

/**
 * Interval estimates the gates weigh (00-decisions "Gates weigh evidence"). Pure. A gate
 * `fail`s only when the 95% interval lies on the wrong side of its bar, `pass`es when it lies
 * on the right side, and is `insufficient` otherwise; every estimate carries its figure,
 * interval and N, so a listing can say why.
 *
 * - proportions (hit rates): the one Wilson implementation of evaluation.ts;
 * - means (bias gates): mean ± t(0.975, n − 1)·sd/√n;
 * - paired differences whose distribution is far from normal (absolute errors, log losses):
 *   a seeded percentile bootstrap of the mean difference — same rows in the same order and the
 *   same seed give the same interval, so a gate outcome is reproducible.
 */

export const Z95 = 1.96;
/** z of 80% power (one-sided), for "the N needed to detect an edge". */
export const Z_POWER_80 = 0.8416;

export interface Estimate {
  figure: number | null;
  low: number | null;
  high: number | null;
  n: number;
  /** Per-row standard deviation (means and paired differences); null for proportions. */
  sd: number | null;
}

/** Wins out of n with its 95% Wilson interval. */
export function proportionEstimate(wins: number, n: number): Estimate {
  const ci = wilson(wins, n, Z95);
  return { figure: n ? wins / n : null, low: ci.low, high: ci.high, n, sd: null };
}

/** Two-sided 97.5% Student t quantile for df degrees of freedom (table to 30, then steps to z). */
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
  return Z95;
}

function meanSd(xs: ArrayLike<number>): { mean: number; sd: number | null } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  if (n < 2) return { mean, sd: null };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** Mean with its 95% t interval; the interval is null below 2 values. */
export function meanEstimate(xs: ArrayLike<number>): Estimate {
  const n = xs.length;
  if (!n) return { figure: null, low: null, high: null, n: 0, sd: null };
  const { mean, sd } = meanSd(xs);
  if (sd === null) return { figure: mean, low: null, high: null, n, sd: null };
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return { figure: mean, low: mean - half, high: mean + half, n, sd };
}

/** mulberry32: a small seeded PRNG (uniform [0, 1)); the bootstrap's only randomness. */
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

/** FNV-1a of a label mixed into a seed, so each gate draws its own reproducible stream. */
export function seedFor(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Mean of paired differences d_i (model loss − baseline loss on the same row) with a seeded
 * percentile bootstrap 95% interval: `draws` resamples of n rows with replacement.
 */
export function bootstrapMeanEstimate(d: ArrayLike<number>, seed: number, draws = 2000): Estimate {
  const n = d.length;
  if (!n) return { figure: null, low: null, high: null, n: 0, sd: null };
  const { mean, sd } = meanSd(d);
  if (n < 2) return { figure: mean, low: null, high: null, n, sd };
  const x = Float64Array.from(d as ArrayLike<number>);
  const means = new Float64Array(draws);
  // mulberry32 inlined (the same stream as `mulberry32(seed)`): a gate over 5,000 rows draws
  // 10 million indices, and a closure call per draw doubles the cost.
  let a = seed >>> 0;
  for (let b = 0; b < draws; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      s += x[((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0];
    }
    means[b] = s / n;
  }
  means.sort();
  const lo = means[Math.floor(0.025 * (draws - 1))];
  const hi = means[Math.ceil(0.975 * (draws - 1))];
  return { figure: mean, low: lo, high: hi, n, sd };
}

export type Verdict = 'pass' | 'fail' | 'insufficient';
/** Rounding slack: a figure computed as 0.30000000000000004 sits on a bar of 0.3. */
const EPS = 1e-9;

/**
 * The good side is at or above the bar (hit rates): pass when the whole interval is at or
 * above it, fail when the whole interval is below it.
 */
export function judgeAtLeast(e: Estimate, bar: number): Verdict {
  if (e.low === null || e.high === null) return 'insufficient';
  if (e.low >= bar - EPS) return 'pass';
  if (e.high < bar - EPS) return 'fail';
  return 'insufficient';
}

/** The good side is at or below the bar (excess error, excess log loss). */
export function judgeAtMost(e: Estimate, bar: number): Verdict {
  if (e.low === null || e.high === null) return 'insufficient';
  if (e.high <= bar + EPS) return 'pass';
  if (e.low > bar + EPS) return 'fail';
  return 'insufficient';
}

/** The good side is |x| ≤ bound (biases): pass inside, fail when wholly beyond either end. */
export function judgeWithin(e: Estimate, bound: number): Verdict {
  if (e.low === null || e.high === null) return 'insufficient';
  if (e.low >= -bound - EPS && e.high <= bound + EPS) return 'pass';
  if (e.low > bound + EPS || e.high < -bound - EPS) return 'fail';
  return 'insufficient';
}

/**
 * Rows needed so a true effect `delta` beyond a bar, with per-row sd `sd`, puts the 95%
 * interval clear of the bar in 80% of samples: ((1.96 + 0.84)·sd / delta)², rounded up.
 */
export function nToDetect(sd: number | null, delta: number): number | null {
  if (sd === null || !(sd > 0) || !(Math.abs(delta) > 0)) return null;
  return Math.ceil((((Z95 + Z_POWER_80) * sd) / Math.abs(delta)) ** 2);
}

/** Bets needed to detect a hit rate `edge` above `bar` (sd of one bet at bar + edge). */
export function betsToDetectEdge(bar: number, edge = 0.03): number | null {
  const p = Math.min(1 - 1e-9, bar + edge);
  return nToDetect(Math.sqrt(p * (1 - p)), edge);
}

/**
 * Per-row log-loss gain of knowing a 3-point edge: a forecaster who says 0.5 + edge when that
 * is the truth, against one who says 0.5 (KL divergence, nats). 0.0018 at edge 0.03.
 */
export function logLossGainOfEdge(edge = 0.03): number {
  const p = 0.5 + edge;
  return p * Math.log(p / 0.5) + (1 - p) * Math.log((1 - p) / 0.5);
}
