/**
 * Public types of the GBDT engine (spec 03-models.md §2). The engine is pure numeric code:
 * no I/O, no imports from the rest of courtedge.
 */

import type { LossName } from './losses.ts';

export type { LossName };

/**
 * A dataset: `X` is row-major (nRows × nCols) float32; NaN means missing. `weight` defaults to
 * all ones. `featureNames` has length nCols and fixes the model's feature order.
 */
export interface Dataset {
  X: Float32Array;
  nRows: number;
  nCols: number;
  y: Float32Array;
  weight?: Float32Array;
  featureNames: string[];
}

/**
 * One tree as flat typed arrays, nodes breadth-first from root 0. Leaves have `feature = -1`,
 * `left = right = -1`. `threshold` holds float32 values (x ≤ threshold goes left).
 * `cover` = Σ training row weights reaching the node; `gain` = raw split gain (0 at leaves).
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  gain: Float64Array;
  cover: Float64Array;
}

export interface History {
  train: number[];
  valid: number[];
}

/** A trained model. Plain data; `serialize` / `deserialize` round-trip it exactly. */
export interface Model {
  loss: LossName;
  alpha: number | null;
  huberDelta: number | null;
  /** Resolved training params (snake_case, runtime-only keys removed). */
  params: Record<string, unknown>;
  featureNames: string[];
  featureWeights: number[];
  baseScore: number;
  /** Index of the last kept round (trees.length − 1 when no validation set). */
  bestIteration: number;
  /** Validation metric at bestIteration (training metric when no validation set). */
  bestScore: number;
  history: History;
  trees: Tree[];
}

export interface FeatureImportance {
  feature: string;
  gain: number;
  split: number;
  gainShare: number;
  splitShare: number;
}

export type ContributionMethod = 'treeshap' | 'saabas';
