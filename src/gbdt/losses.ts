import { z } from 'zod';

/**
 * The losses (spec 03 §2.5), one registry entry each, in the manner of LightGBM's
 * `objective_function.h`. Everything else derives from this table: `LossName`, the `loss` enum
 * and the loss parameters of `gbdtParamsSchema`, the model format's loss names, and the config's
 * list of losses. A new loss is one entry here (see docs/notes/gbdt.md).
 */
export interface LossDef {
  /**
   * This loss's own parameters (zod, snake_case), merged into the training params. A parameter
   * with a default is accepted with any loss; one without is required for this loss and
   * rejected for the others. A name that is also a field of the v1 model document (`alpha`,
   * `huber_delta`) is copied there; every parameter is kept in `model.params`.
   */
  params: z.ZodRawShape;
  /**
   * h = row weight for every row whatever F (so Σh at a node is its cover): histograms then
   * hold [Σg, count] with unit weights. False makes the learner keep Σh per bin.
   */
  constantHessian: boolean;
  /** The loss's functions for resolved params. */
  make(p: Readonly<Record<string, unknown>>): Loss;
}

/** A loss bound to its parameters. */
export interface Loss {
  /** g, h for the current predictions F. */
  gradients(y: Float32Array, w: Float32Array | null, F: Float64Array, g: Float64Array, h: Float64Array): void;
  initScore(y: Float32Array, w: Float32Array | null): number;
  /** Weighted mean of the per-row loss (the validation metric). */
  metric(y: Float32Array, w: Float32Array | null, F: Float64Array): number;
  /**
   * Leaf output once the tree is grown (LightGBM's RenewTreeOutput), from the leaf's residuals
   * y − F and weights over [0, n); the buffers may be reordered. Absent: the Newton step
   * −ΣG / (ΣH + λ) stays.
   */
  renewLeaf?(residuals: Float64Array, weights: Float64Array | null, n: number): number;
}

const l2 = {
  params: {},
  constantHessian: true,
  make: () => ({
    gradients(y, w, F, g, h) {
      const n = y.length;
      if (w)
        for (let i = 0; i < n; i++) {
          g[i] = w[i] * (F[i] - y[i]);
          h[i] = w[i];
        }
      else
        for (let i = 0; i < n; i++) {
          g[i] = F[i] - y[i];
          h[i] = 1;
        }
    },
    initScore: (y, w) => weightedMean(y, w),
    metric: (y, w, F) => meanOf(y, w, F, (r) => r * r),
  }),
} satisfies LossDef;

const l1 = {
  params: {},
  constantHessian: true,
  make: () => ({
    gradients(y, w, F, g, h) {
      const n = y.length;
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i] : 1;
        const d = F[i] - y[i];
        g[i] = d > 0 ? wi : d < 0 ? -wi : 0;
        h[i] = wi;
      }
    },
    initScore: (y, w) => weightedQuantileOfLabels(y, w, 0.5),
    metric: (y, w, F) => meanOf(y, w, F, Math.abs),
    renewLeaf: (r, w, n) => weightedQuantile(r, w, 0.5, n),
  }),
} satisfies LossDef;

const quantile = {
  params: {
    alpha: z.number().gt(0).lt(1).optional().describe('quantile level; required for loss=quantile only'),
  },
  constantHessian: true,
  make: (p) => {
    const a = p.alpha as number;
    return {
      gradients(y, w, F, g, h) {
        const n = y.length;
        for (let i = 0; i < n; i++) {
          const wi = w ? w[i] : 1;
          const yi = y[i];
          const Fi = F[i];
          g[i] = yi > Fi ? -a * wi : yi < Fi ? (1 - a) * wi : 0;
          h[i] = wi;
        }
      },
      initScore: (y, w) => weightedQuantileOfLabels(y, w, a),
      // r = F − y: pinball = α(y−F) if y ≥ F else (1−α)(F−y)
      metric: (y, w, F) => meanOf(y, w, F, (r) => (r <= 0 ? -a * r : (1 - a) * r)),
      renewLeaf: (r, w, n) => weightedQuantile(r, w, a, n),
    };
  },
} satisfies LossDef;

const huber = {
  params: { huber_delta: z.number().positive().default(4) },
  constantHessian: true,
  make: (p) => {
    const d = p.huber_delta as number;
    return {
      gradients(y, w, F, g, h) {
        const n = y.length;
        for (let i = 0; i < n; i++) {
          const wi = w ? w[i] : 1;
          const r = F[i] - y[i];
          g[i] = wi * Math.min(d, Math.max(-d, r));
          h[i] = wi;
        }
      },
      initScore: (y, w) => weightedQuantileOfLabels(y, w, 0.5),
      metric: (y, w, F) =>
        meanOf(y, w, F, (r) => {
          const a = Math.abs(r);
          return a <= d ? 0.5 * r * r : d * (a - 0.5 * d);
        }),
    };
  },
} satisfies LossDef;

/** The registry. Key order is the order of the loss parameters in a serialized model. */
export const LOSSES = { l2, l1, quantile, huber } satisfies Record<string, LossDef>;

export type LossName = keyof typeof LOSSES;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
/** Every loss's parameter schemas in one shape (what the params schema merges in). */
export type LossParamShape = UnionToIntersection<(typeof LOSSES)[LossName]['params']>;
export const LOSS_NAMES = Object.keys(LOSSES) as [LossName, ...LossName[]];

export function makeLoss(name: LossName, params: Readonly<Record<string, unknown>>): Loss {
  return LOSSES[name].make(params);
}

function weightedMean(y: Float32Array, w: Float32Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    s += wi * y[i];
    sw += wi;
  }
  return s / sw;
}

function meanOf(y: Float32Array, w: Float32Array | null, F: Float64Array, fn: (r: number) => number): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    s += wi * fn(F[i] - y[i]);
    sw += wi;
  }
  return sw > 0 ? s / sw : 0;
}

function weightedQuantileOfLabels(y: Float32Array, w: Float32Array | null, alpha: number): number {
  const v = Float64Array.from(y);
  const wt = w ? Float64Array.from(w) : null;
  return weightedQuantile(v, wt, alpha, y.length);
}

/**
 * The smallest value whose ascending cumulative weight reaches α × total (spec 03 §2.4).
 * Reorders `values` (and `weights`) in place over [0, n). A relative 1e-12 slack keeps
 * α × total from missing an exact hit by a rounding error (0.43 × 100 = 43.000000000000007).
 */
export function weightedQuantile(
  values: Float64Array,
  weights: Float64Array | null,
  alpha: number,
  n: number,
): number {
  if (n === 0) return 0;
  if (!weights) {
    const target = alpha * n * (1 - 1e-12);
    let k = Math.ceil(target) - 1;
    if (k < 0) k = 0;
    if (k >= n) k = n - 1;
    return selectKth(values, n, k);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const target = alpha * total * (1 - 1e-12);
  let cum = 0;
  for (let i = 0; i < n; i++) {
    const j = order[i];
    cum += weights[j];
    if (cum >= target && weights[j] > 0) return values[j];
  }
  return values[order[n - 1]];
}

/**
 * The k-th smallest of values[0, n) (0-based), reordering that prefix in place: Hoare
 * quickselect with a median-of-three pivot, O(n) on average where a sort is O(n log n). The
 * value is the same a sort would put at k (leaves of l1/quantile models call this per leaf).
 */
export function selectKth(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three, moved to mid
    if (values[mid] < values[lo]) swap(values, mid, lo);
    if (values[hi] < values[lo]) swap(values, hi, lo);
    if (values[hi] < values[mid]) swap(values, hi, mid);
    const pivot = values[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
