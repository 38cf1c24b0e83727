import type { Model } from './types.ts';

/**
 * All trees of a model packed into flat arrays (spec 03 §2.7). Children are adjacent
 * (right = left + 1), so a step is `left[node] + goRight`. Leaves have feature −1.
 */
export interface PackedModel {
  nCols: number;
  baseScore: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  nanRight: Uint8Array;
  value: Float64Array;
}

const cache = new WeakMap<Model, PackedModel>();

export function packModel(model: Model): PackedModel {
  const hit = cache.get(model);
  if (hit) return hit;
  let total = 0;
  for (const t of model.trees) total += t.feature.length;
  const feature = new Int32Array(total);
  const threshold = new Float32Array(total);
  const left = new Int32Array(total);
  const nanRight = new Uint8Array(total);
  const value = new Float64Array(total);
  const roots = new Int32Array(model.trees.length);
  let off = 0;
  model.trees.forEach((t, ti) => {
    roots[ti] = off;
    for (let i = 0; i < t.feature.length; i++) {
      const j = off + i;
      feature[j] = t.feature[i];
      value[j] = t.value[i];
      if (t.feature[i] >= 0) {
        if (t.right[i] !== t.left[i] + 1)
          throw new Error('gbdt: tree children must be adjacent (right = left + 1)');
        // thresholds are float32 values by construction, so the float32 copy is exact
        threshold[j] = t.threshold[i];
        left[j] = off + t.left[i];
        nanRight[j] = t.defaultLeft[i] ? 0 : 1;
      }
    }
    off += t.feature.length;
  });
  const packed: PackedModel = {
    nCols: model.featureNames.length,
    baseScore: model.baseScore,
    roots,
    feature,
    threshold,
    left,
    nanRight,
    value,
  };
  cache.set(model, packed);
  return packed;
}

const BLOCK = 128;

/**
 * Raw model output for nRows rows of a row-major Float32Array in the model's feature order:
 * base_score + Σ leaf values, summed tree by tree in order (so any row split gives the
 * same bits). NaN follows the default direction; otherwise x ≤ threshold goes left.
 */
export function predict(model: Model, X: Float32Array, nRows: number): Float64Array {
  const pm = packModel(model);
  if (X.length !== nRows * pm.nCols)
    throw new Error(`gbdt.predict: X has length ${X.length}, expected ${nRows} × ${pm.nCols}`);
  const out = new Float64Array(nRows);
  predictRange(pm, X, 0, nRows, out);
  return out;
}

/** Predict rows [r0, r1) into out[r0 .. r1). */
export function predictRange(
  pm: PackedModel,
  X: Float32Array,
  r0: number,
  r1: number,
  out: Float64Array,
): void {
  const { nCols, roots, feature, threshold, left, nanRight, value } = pm;
  const nTrees = roots.length;
  out.fill(pm.baseScore, r0, r1);
  for (let b0 = r0; b0 < r1; b0 += BLOCK) {
    const b1 = Math.min(b0 + BLOCK, r1);
    for (let t = 0; t < nTrees; t++) {
      const root = roots[t];
      for (let r = b0; r < b1; r++) {
        const base = r * nCols;
        let node = root;
        let f = feature[node];
        while (f >= 0) {
          const x = X[base + f];
          node = left[node] + (x <= threshold[node] ? 0 : Number.isNaN(x) ? nanRight[node] : 1);
          f = feature[node];
        }
        out[r] += value[node];
      }
    }
  }
}
