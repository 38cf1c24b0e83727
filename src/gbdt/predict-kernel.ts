import type { PackedModel } from './predictor.ts';

/**
 * Scoring kernel over packed trees (see predictor.ts): rows [r0, r1) of row-major X into out.
 * `XB` is scratch of at least PREDICT_BLOCK × 2 × nCols doubles.
 */
export type PredictKernel = (
  nCols: number,
  depth: Int32Array,
  nodeOff: Int32Array,
  leafOff: Int32Array,
  col: Int32Array,
  th: Float64Array,
  leaf: Float64Array,
  baseScore: number,
  X: Float32Array,
  r0: number,
  r1: number,
  out: Float64Array,
  XB: Float64Array,
) => void;

/** Rows scored together tree by tree: large enough to amortise each tree's arrays (measured). */
export const PREDICT_BLOCK = 256;
/** Depths whose eight-row descent is written out level by level; deeper trees loop. */
const UNROLLED_DEPTHS = 8;

/** One level of the descent for row chain i: node = 2·node + 1 + (x > threshold). */
const step = (i: number) =>
  `n${i} = (((n${i} << 1) | 1) + ((XB[a${i} + col[o + n${i}]] > th[o + n${i}]) | 0)) | 0;`;
const steps = (rows: number) => Array.from({ length: rows }, (_, i) => step(i)).join('\n');

/**
 * Source text of the kernel (plain JavaScript): compiled once here and, from the same text, in
 * the worker threads. Eight rows descend together (independent dependency chains keep the core
 * busy; `(a > b) | 0` turns the comparison into 0/1 without a branch), and for the usual depths
 * the level loop is written out, which V8 runs ~13% faster than the loop.
 */
export function predictKernelSource(): string {
  const cases: string[] = [];
  for (let d = 1; d <= UNROLLED_DEPTHS; d++)
    cases.push(`case ${d}:\n${Array.from({ length: d }, () => steps(8)).join('\n')}\nbreak;`);
  const decl = (prefix: string, rows: number, init: (i: number) => string) =>
    Array.from({ length: rows }, (_, i) => `${prefix}${i} = ${init(i)};`).join(' ');
  return `function predictKernel(nCols, depth, nodeOff, leafOff, col, th, leaf, baseScore, X, r0, r1, out, XB) {
  const BLOCK = ${PREDICT_BLOCK};
  const nT = depth.length;
  const S = 2 * nCols;
  out.fill(baseScore, r0, r1);
  for (let b0 = r0; b0 < r1; b0 += BLOCK) {
    const nb = Math.min(BLOCK, r1 - b0);
    // NaN → +∞ in the first copy (for NaN-goes-right nodes), −∞ in the second
    for (let r = 0; r < nb; r++) {
      const src = (b0 + r) * nCols;
      const dst = r * S;
      for (let f = 0; f < nCols; f++) {
        const x = X[src + f];
        if (x !== x) {
          XB[dst + f] = Infinity;
          XB[dst + nCols + f] = -Infinity;
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
      for (; r + 7 < nb; r += 8) {
        ${decl('const a', 8, (i) => (i === 0 ? 'r * S' : `a${i - 1} + S`))}
        ${decl('let n', 8, () => '0')}
        switch (D) {
          ${cases.join('\n')}
          default:
            for (let lv = 0; lv < D; lv++) {
              ${steps(8)}
            }
        }
        const b = b0 + r;
        ${Array.from({ length: 8 }, (_, i) => `out[b + ${i}] += leaf[lo + n${i}];`).join(' ')}
      }
      for (; r + 3 < nb; r += 4) {
        ${decl('const a', 4, (i) => (i === 0 ? 'r * S' : `a${i - 1} + S`))}
        ${decl('let n', 4, () => '0')}
        for (let lv = 0; lv < D; lv++) {
          ${steps(4)}
        }
        const b = b0 + r;
        ${Array.from({ length: 4 }, (_, i) => `out[b + ${i}] += leaf[lo + n${i}];`).join(' ')}
      }
      for (; r < nb; r++) {
        const a0 = r * S;
        let n0 = 0;
        for (let lv = 0; lv < D; lv++) {
          ${step(0)}
        }
        out[b0 + r] += leaf[lo + n0];
      }
    }
  }
}`;
}

export const predictKernel = new Function(`return (${predictKernelSource()});`)() as PredictKernel;

/** Predict rows [r0, r1) of X into out[r0 .. r1) on the calling thread. */
export function predictRange(
  pm: PackedModel,
  X: Float32Array,
  r0: number,
  r1: number,
  out: Float64Array,
): void {
  const XB = new Float64Array(PREDICT_BLOCK * 2 * pm.nCols);
  predictKernel(
    pm.nCols,
    pm.depth,
    pm.nodeOff,
    pm.leafOff,
    pm.col,
    pm.threshold,
    pm.leaf,
    pm.baseScore,
    X,
    r0,
    r1,
    out,
    XB,
  );
}
