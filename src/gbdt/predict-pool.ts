import { predictRange } from './predict-kernel.ts';
import type { PackedModel } from './predictor.ts';
import { ensureWorkers, waitFor } from './workers.ts';

/**
 * Score rows in `threads` contiguous row ranges (the last on the calling thread). Each row is
 * summed tree by tree in the same order as on one thread, so the bits are the same.
 */
export function predictParallel(
  pm: PackedModel,
  X: Float32Array,
  nRows: number,
  threads: number,
): Float64Array {
  const nCols = pm.nCols;
  let Xs = X;
  if (!(X.buffer instanceof SharedArrayBuffer)) {
    Xs = new Float32Array(new SharedArrayBuffer(4 * X.length));
    Xs.set(X);
  }
  const out = new Float64Array(new SharedArrayBuffer(8 * nRows));
  const team = ensureWorkers(threads - 1);
  const cut = (t: number) => Math.floor((t * nRows) / threads);
  const pmMsg = {
    nCols,
    baseScore: pm.baseScore,
    depth: pm.depth.buffer,
    nodeOff: pm.nodeOff.buffer,
    leafOff: pm.leafOff.buffer,
    col: pm.col.buffer,
    threshold: pm.threshold.buffer,
    leaf: pm.leaf.buffer,
  };
  team.forEach((pw, t) => {
    pw.seq = (pw.seq + 1) | 0;
    pw.worker.postMessage({
      type: 'predict',
      pm: pmMsg,
      X: Xs.buffer,
      xByteOffset: Xs.byteOffset,
      xLength: Xs.length,
      out: out.buffer,
      r0: cut(t),
      r1: cut(t + 1),
      ctrl: pw.ctrl.buffer,
      seq: pw.seq,
    });
  });
  predictRange(pm, Xs, cut(threads - 1), nRows, out);
  for (const pw of team) waitFor(pw);
  return out.slice();
}
