import type { Model, Tree } from './types.ts';

/**
 * A model packed for fast scoring (spec 03 §2.7). Every tree is padded to a complete binary
 * tree of its own depth (a shallow leaf is repeated under dummy splits), so a row takes
 * exactly `depth` branch-free steps `node = 2·node + 1 + goRight`. Missing values need no
 * branch either: each node reads column f of a NaN→+∞ copy of the row when NaN goes right,
 * or column nCols + f of a NaN→−∞ copy when NaN goes left; then goRight = x > threshold.
 */
export interface PackedModel {
  nCols: number;
  baseScore: number;
  depth: Int32Array;
  nodeOff: Int32Array;
  leafOff: Int32Array;
  /** column to read in the doubled row: f (NaN → +∞) or nCols + f (NaN → −∞) */
  col: Int32Array;
  threshold: Float64Array;
  leaf: Float64Array;
}

const cache = new WeakMap<Model, PackedModel>();

function treeDepth(t: Tree): Int32Array {
  const d = new Int32Array(t.feature.length);
  for (let i = 0; i < t.feature.length; i++)
    if (t.feature[i] >= 0) {
      d[t.left[i]] = d[i] + 1;
      d[t.right[i]] = d[i] + 1;
    }
  return d;
}

export function packModel(model: Model): PackedModel {
  const hit = cache.get(model);
  if (hit) return hit;
  const nCols = model.featureNames.length;
  const nT = model.trees.length;
  const depth = new Int32Array(nT);
  const nodeOff = new Int32Array(nT);
  const leafOff = new Int32Array(nT);
  let nNodes = 0;
  let nLeaves = 0;
  model.trees.forEach((t, ti) => {
    const d = treeDepth(t);
    let max = 0;
    for (let i = 0; i < d.length; i++) if (d[i] > max) max = d[i];
    depth[ti] = max;
    nodeOff[ti] = nNodes;
    leafOff[ti] = nLeaves;
    nNodes += 2 ** max - 1;
    nLeaves += 2 ** max;
  });
  const col = new Int32Array(nNodes);
  const threshold = new Float64Array(nNodes);
  const leaf = new Float64Array(nLeaves);
  model.trees.forEach((t, ti) => {
    const D = depth[ti];
    const internal = 2 ** D - 1;
    // walk the real tree, mapping node i to position pos in the complete layout
    const fill = (i: number, pos: number, level: number): void => {
      if (t.feature[i] < 0) {
        // leaf at depth `level`: occupies 2^(D−level) complete-tree leaves
        if (level === D) {
          leaf[leafOff[ti] + pos - internal] = t.value[i];
          return;
        }
        col[nodeOff[ti] + pos] = 0;
        threshold[nodeOff[ti] + pos] = 0;
        fill(i, 2 * pos + 1, level + 1);
        fill(i, 2 * pos + 2, level + 1);
        return;
      }
      col[nodeOff[ti] + pos] = t.feature[i] + (t.defaultLeft[i] ? nCols : 0);
      threshold[nodeOff[ti] + pos] = t.threshold[i];
      fill(t.left[i], 2 * pos + 1, level + 1);
      fill(t.right[i], 2 * pos + 2, level + 1);
    };
    fill(0, 0, 0);
  });
  const packed: PackedModel = {
    nCols,
    baseScore: model.baseScore,
    depth,
    nodeOff,
    leafOff,
    col,
    threshold,
    leaf,
  };
  cache.set(model, packed);
  return packed;
}

const BLOCK = 64;

/**
 * Raw model output for nRows rows of a row-major Float32Array in the model's feature order:
 * base_score + Σ leaf values, added tree by tree in order (so any split of the rows gives the
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

// boolean → 0/1 without a branch (V8 compiles `b | 0` to a flag move)
const bit = (b: boolean): number => (b as unknown as number) | 0;

/** Predict rows [r0, r1) into out[r0 .. r1). */
export function predictRange(
  pm: PackedModel,
  X: Float32Array,
  r0: number,
  r1: number,
  out: Float64Array,
): void {
  const { nCols, depth, nodeOff, leafOff, col, threshold: th, leaf } = pm;
  const nT = depth.length;
  const S = 2 * nCols;
  const XB = new Float64Array(BLOCK * S);
  out.fill(pm.baseScore, r0, r1);
  for (let b0 = r0; b0 < r1; b0 += BLOCK) {
    const nb = Math.min(BLOCK, r1 - b0);
    for (let r = 0; r < nb; r++) {
      const src = (b0 + r) * nCols;
      const dst = r * S;
      for (let f = 0; f < nCols; f++) {
        const x = X[src + f];
        if (Number.isNaN(x)) {
          XB[dst + f] = Number.POSITIVE_INFINITY;
          XB[dst + nCols + f] = Number.NEGATIVE_INFINITY;
        } else {
          XB[dst + f] = x;
          XB[dst + nCols + f] = x;
        }
      }
    }
    for (let t = 0; t < nT; t++) {
      const D = depth[t];
      const o = nodeOff[t];
      const lo = leafOff[t] - (2 ** D - 1);
      let r = 0;
      // four rows at once: independent dependency chains keep the core busy
      for (; r + 3 < nb; r += 4) {
        const a0 = r * S;
        const a1 = a0 + S;
        const a2 = a1 + S;
        const a3 = a2 + S;
        let n0 = 0;
        let n1 = 0;
        let n2 = 0;
        let n3 = 0;
        for (let lv = 0; lv < D; lv++) {
          n0 = 2 * n0 + 1 + bit(XB[a0 + col[o + n0]] > th[o + n0]);
          n1 = 2 * n1 + 1 + bit(XB[a1 + col[o + n1]] > th[o + n1]);
          n2 = 2 * n2 + 1 + bit(XB[a2 + col[o + n2]] > th[o + n2]);
          n3 = 2 * n3 + 1 + bit(XB[a3 + col[o + n3]] > th[o + n3]);
        }
        out[b0 + r] += leaf[lo + n0];
        out[b0 + r + 1] += leaf[lo + n1];
        out[b0 + r + 2] += leaf[lo + n2];
        out[b0 + r + 3] += leaf[lo + n3];
      }
      for (; r < nb; r++) {
        const a = r * S;
        let n = 0;
        for (let lv = 0; lv < D; lv++) n = 2 * n + 1 + bit(XB[a + col[o + n]] > th[o + n]);
        out[b0 + r] += leaf[lo + n];
      }
    }
  }
}
