import { Rng } from './rng.ts';

/** Bin code of a missing value (spec 03 §2.3). Value bins are 0..nBins−1 (≤ 254). */
export const NAN_BIN = 255;
const SAMPLE_ROWS = 200_000;

/**
 * Per-feature bin thresholds, ascending float32 values: bin b holds x with
 * thresholds[b−1] < x ≤ thresholds[b]; values above the last threshold fall in the last bin.
 */
export interface BinMapper {
  thresholds: Float64Array[];
  nBins: Int32Array;
}

/** Quantile bin edges from the non-NaN values of each column (seeded sample above 200k rows). */
export function computeBinMapper(
  X: Float32Array,
  nRows: number,
  nCols: number,
  maxBins: number,
  seed: number,
): BinMapper {
  let rows: Uint32Array | null = null;
  if (nRows > SAMPLE_ROWS) {
    // Partial Fisher–Yates with its own stream, so the training PRNG stream is untouched.
    const rng = new Rng((seed ^ 0x5bd1e995) >>> 0);
    const perm = new Uint32Array(nRows);
    for (let i = 0; i < nRows; i++) perm[i] = i;
    for (let i = 0; i < SAMPLE_ROWS; i++) {
      const j = i + Math.floor(rng.next() * (nRows - i));
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    rows = perm.subarray(0, SAMPLE_ROWS).sort();
  }
  const m = rows ? rows.length : nRows;
  const buf = new Float64Array(m);
  const thresholds: Float64Array[] = [];
  const nBins = new Int32Array(nCols);
  for (let f = 0; f < nCols; f++) {
    let k = 0;
    for (let i = 0; i < m; i++) {
      const r = rows ? rows[i] : i;
      const x = X[r * nCols + f];
      if (!Number.isNaN(x)) buf[k++] = x;
    }
    const th = quantileEdges(buf.subarray(0, k).sort(), maxBins);
    thresholds.push(th);
    nBins[f] = th.length;
  }
  return { thresholds, nBins };
}

/** Greedy equal-count cuts over sorted values; each distinct value gets a bin when few. */
function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const vals: number[] = [];
  const cnts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    if (vals.length > 0 && vals[vals.length - 1] === v) cnts[cnts.length - 1]++;
    else {
      vals.push(v);
      cnts.push(1);
    }
  }
  const d = vals.length;
  if (d <= maxBins) return Float64Array.from(vals);
  const out: number[] = [];
  let binsLeft = maxBins;
  let remaining = n;
  let target = remaining / binsLeft;
  let acc = 0;
  for (let i = 0; i < d; i++) {
    acc += cnts[i];
    remaining -= cnts[i];
    const last = i === d - 1;
    if (last || (binsLeft > 1 && (acc >= target || d - 1 - i <= binsLeft - 1))) {
      out.push(vals[i]);
      binsLeft--;
      acc = 0;
      if (binsLeft > 0) target = remaining / binsLeft;
    }
  }
  return Float64Array.from(out);
}

/** Bin every column into a column-major Uint8Array (nCols × nRows). */
export function binColumns(X: Float32Array, nRows: number, nCols: number, mapper: BinMapper): Uint8Array {
  const out = new Uint8Array(nRows * nCols);
  for (let f = 0; f < nCols; f++) {
    const th = mapper.thresholds[f];
    const nb = th.length;
    const off = f * nRows;
    if (nb === 0) {
      for (let r = 0; r < nRows; r++) out[off + r] = Number.isNaN(X[r * nCols + f]) ? NAN_BIN : 0;
      continue;
    }
    const last = nb - 1;
    for (let r = 0; r < nRows; r++) {
      const x = X[r * nCols + f];
      if (Number.isNaN(x)) {
        out[off + r] = NAN_BIN;
        continue;
      }
      // first b with th[b] >= x, else the last bin
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (th[mid] >= x) hi = mid;
        else lo = mid + 1;
      }
      out[off + r] = lo;
    }
  }
  return out;
}
