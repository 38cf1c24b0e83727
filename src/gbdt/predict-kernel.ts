/**
 * Scoring kernel over packed trees (see predictor.ts): rows [r0, r1) of row-major X into out.
 * Self-contained on purpose: its source text is also the worker threads' code.
 * `XB` is scratch of at least 64 × 2 × nCols doubles.
 */
export function predictKernel(
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
): void {
  const BLOCK = 64;
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
      // eight rows at once, then four: independent dependency chains keep the core busy; `(a > b) | 0`
      // turns the comparison into 0/1 without a branch
      for (; r + 7 < nb; r += 8) {
        const a0 = r * S;
        const a1 = a0 + S;
        const a2 = a1 + S;
        const a3 = a2 + S;
        const a4 = a3 + S;
        const a5 = a4 + S;
        const a6 = a5 + S;
        const a7 = a6 + S;
        let n0 = 0;
        let n1 = 0;
        let n2 = 0;
        let n3 = 0;
        let n4 = 0;
        let n5 = 0;
        let n6 = 0;
        let n7 = 0;
        for (let lv = 0; lv < D; lv++) {
          n0 = (((n0 << 1) | 1) + (((XB[a0 + col[o + n0]] > th[o + n0]) as unknown as number) | 0)) | 0;
          n1 = (((n1 << 1) | 1) + (((XB[a1 + col[o + n1]] > th[o + n1]) as unknown as number) | 0)) | 0;
          n2 = (((n2 << 1) | 1) + (((XB[a2 + col[o + n2]] > th[o + n2]) as unknown as number) | 0)) | 0;
          n3 = (((n3 << 1) | 1) + (((XB[a3 + col[o + n3]] > th[o + n3]) as unknown as number) | 0)) | 0;
          n4 = (((n4 << 1) | 1) + (((XB[a4 + col[o + n4]] > th[o + n4]) as unknown as number) | 0)) | 0;
          n5 = (((n5 << 1) | 1) + (((XB[a5 + col[o + n5]] > th[o + n5]) as unknown as number) | 0)) | 0;
          n6 = (((n6 << 1) | 1) + (((XB[a6 + col[o + n6]] > th[o + n6]) as unknown as number) | 0)) | 0;
          n7 = (((n7 << 1) | 1) + (((XB[a7 + col[o + n7]] > th[o + n7]) as unknown as number) | 0)) | 0;
        }
        const b = b0 + r;
        out[b] += leaf[lo + n0];
        out[b + 1] += leaf[lo + n1];
        out[b + 2] += leaf[lo + n2];
        out[b + 3] += leaf[lo + n3];
        out[b + 4] += leaf[lo + n4];
        out[b + 5] += leaf[lo + n5];
        out[b + 6] += leaf[lo + n6];
        out[b + 7] += leaf[lo + n7];
      }
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
          n0 = (((n0 << 1) | 1) + (((XB[a0 + col[o + n0]] > th[o + n0]) as unknown as number) | 0)) | 0;
          n1 = (((n1 << 1) | 1) + (((XB[a1 + col[o + n1]] > th[o + n1]) as unknown as number) | 0)) | 0;
          n2 = (((n2 << 1) | 1) + (((XB[a2 + col[o + n2]] > th[o + n2]) as unknown as number) | 0)) | 0;
          n3 = (((n3 << 1) | 1) + (((XB[a3 + col[o + n3]] > th[o + n3]) as unknown as number) | 0)) | 0;
        }
        out[b0 + r] += leaf[lo + n0];
        out[b0 + r + 1] += leaf[lo + n1];
        out[b0 + r + 2] += leaf[lo + n2];
        out[b0 + r + 3] += leaf[lo + n3];
      }
      for (; r < nb; r++) {
        const a = r * S;
        let n = 0;
        for (let lv = 0; lv < D; lv++)
          n = (((n << 1) | 1) + (((XB[a + col[o + n]] > th[o + n]) as unknown as number) | 0)) | 0;
        out[b0 + r] += leaf[lo + n];
      }
    }
  }
}
