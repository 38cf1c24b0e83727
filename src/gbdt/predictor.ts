import { predictRange } from './predict-kernel.ts';
import { predictParallel } from './predict-pool.ts';
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
  // shared memory: worker threads read the packed model without a copy
  const col = new Int32Array(new SharedArrayBuffer(4 * nNodes));
  const threshold = new Float64Array(new SharedArrayBuffer(8 * nNodes));
  const leaf = new Float64Array(new SharedArrayBuffer(8 * nLeaves));
  const depthS = new Int32Array(new SharedArrayBuffer(4 * nT));
  const nodeOffS = new Int32Array(new SharedArrayBuffer(4 * nT));
  const leafOffS = new Int32Array(new SharedArrayBuffer(4 * nT));
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
  depthS.set(depth);
  nodeOffS.set(nodeOff);
  leafOffS.set(leafOff);
  const packed: PackedModel = {
    nCols,
    baseScore: model.baseScore,
    depth: depthS,
    nodeOff: nodeOffS,
    leafOff: leafOffS,
    col,
    threshold,
    leaf,
  };
  cache.set(model, packed);
  return packed;
}

/** Rows per thread below which splitting the work does not pay. */
const MIN_ROWS_PER_THREAD = 5_000;
const PARALLEL_MIN_ROWS = 10_000;

/**
 * Raw model output for nRows rows of a row-major Float32Array in the model's feature order:
 * base_score + Σ leaf values, added tree by tree in order, so every row gets the same bits
 * whatever the thread count. NaN follows the default direction; otherwise x ≤ threshold goes
 * left. From 10 000 rows up, row blocks are split across the worker pool (`threads`, default 1).
 */
export function predict(
  model: Model,
  X: Float32Array,
  nRows: number,
  opts: { threads?: number } = {},
): Float64Array {
  const pm = packModel(model);
  if (X.length !== nRows * pm.nCols)
    throw new Error(`gbdt.predict: X has length ${X.length}, expected ${nRows} × ${pm.nCols}`);
  const threads = Math.min(opts.threads ?? 1, Math.floor(nRows / MIN_ROWS_PER_THREAD));
  if (threads > 1 && nRows >= PARALLEL_MIN_ROWS) return predictParallel(pm, X, nRows, threads);
  const out = new Float64Array(nRows);
  predictRange(pm, X, 0, nRows, out);
  return out;
}
