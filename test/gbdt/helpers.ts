import type { Dataset, Model, Tree } from '../../src/gbdt/index.ts';
import { Rng } from '../../src/gbdt/rng.ts';

/** Build a dataset from row arrays. */
export function ds(rows: number[][], y: number[], weight?: number[], names?: string[]): Dataset {
  const nCols = rows[0].length;
  return {
    X: Float32Array.from(rows.flat()),
    nRows: rows.length,
    nCols,
    y: Float32Array.from(y),
    weight: weight ? Float32Array.from(weight) : undefined,
    featureNames: names ?? Array.from({ length: nCols }, (_, i) => `f${i}`),
  };
}

/** Random dataset: y depends on the first columns non-linearly; some NaN. */
export function randomDs(n: number, nCols: number, seed: number, nanShare = 0.05): Dataset {
  const rng = new Rng(seed);
  const X = new Float32Array(n * nCols);
  const y = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < nCols; f++)
      X[r * nCols + f] = rng.next() < nanShare ? Number.NaN : Math.fround(rng.next() * 10);
    const a = X[r * nCols];
    const b = nCols > 1 ? X[r * nCols + 1] : 0;
    y[r] = (Number.isNaN(a) ? 8 : a > 5 ? 10 : 2) + (Number.isNaN(b) ? 0 : 0.5 * b) + rng.next() * 2;
  }
  return { X, nRows: n, nCols, y, featureNames: Array.from({ length: nCols }, (_, i) => `f${i}`) };
}

/** Plain pointer-chasing prediction: the reference the packed predictor must match. */
export function naivePredict(model: Model, x: ArrayLike<number>): number {
  let s = model.baseScore;
  for (const t of model.trees) s += naiveTree(t, x);
  return s;
}

export function naiveTree(t: Tree, x: ArrayLike<number>): number {
  let node = 0;
  while (t.feature[node] >= 0) {
    const v = x[t.feature[node]];
    const left = Number.isNaN(v) ? t.defaultLeft[node] === 1 : v <= t.threshold[node];
    node = left ? t.left[node] : t.right[node];
  }
  return t.value[node];
}
