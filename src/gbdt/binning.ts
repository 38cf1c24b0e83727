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

/** Row-major X (nRows × nCols) → column-major copy, so every per-feature pass is contiguous. */
export function toColumns(X: Float32Array, nRows: number, nCols: number): Float32Array {
  const cols = new Float32Array(nRows * nCols);
  for (let r = 0; r < nRows; r++) {
    const src = r * nCols;
    for (let f = 0; f < nCols; f++) cols[f * nRows + r] = X[src + f];
  }
  return cols;
}

/** Quantile bin edges from the non-NaN values of each column (seeded sample above 200k rows). */
export function computeBinMapper(
  cols: Float32Array,
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
  const buf = new Float32Array(m);
  const tmp = new Uint32Array(m);
  const thresholds: Float64Array[] = [];
  const nBins = new Int32Array(nCols);
  for (let f = 0; f < nCols; f++) {
    let k = 0;
    const off = f * nRows;
    for (let i = 0; i < m; i++) {
      const x = cols[off + (rows ? rows[i] : i)];
      if (!Number.isNaN(x)) buf[k++] = x;
    }
    const vals = buf.subarray(0, k);
    radixSortF32(vals, tmp);
    const th = quantileEdges(vals, maxBins);
    thresholds.push(th);
    nBins[f] = th.length;
  }
  return { thresholds, nBins };
}

/** Ascending LSD radix sort of NaN-free float32 values (3 passes of 11 bits); tmp ≥ a.length. */
export function radixSortF32(a: Float32Array, tmp: Uint32Array): void {
  const n = a.length;
  const u = new Uint32Array(a.buffer, a.byteOffset, n);
  // order-preserving map to unsigned: flip all bits of negatives, the sign bit of the rest
  for (let i = 0; i < n; i++) {
    const v = u[i];
    u[i] = v & 0x80000000 ? ~v >>> 0 : (v | 0x80000000) >>> 0;
  }
  const counts = new Uint32Array(2048);
  let src = u;
  let dst = tmp.subarray(0, n);
  for (let shift = 0; shift < 33; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(src[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i];
      dst[counts[(v >>> shift) & 2047]++] = v;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  // three passes: the result sits in tmp
  for (let i = 0; i < n; i++) {
    const v = src[i];
    u[i] = v & 0x80000000 ? (v & 0x7fffffff) >>> 0 : ~v >>> 0;
  }
}

/** Greedy equal-count cuts over sorted values; each distinct value gets a bin when few. */
function quantileEdges(sorted: Float32Array, maxBins: number): Float64Array {
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
  // `+ 0` turns −0 into 0, so thresholds survive the JSON round trip unchanged
  if (d <= maxBins) return Float64Array.from(vals, (v) => v + 0);
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
      out.push(vals[i] + 0);
      binsLeft--;
      acc = 0;
      if (binsLeft > 0) target = remaining / binsLeft;
    }
  }
  return Float64Array.from(out);
}

/** Bin column-major float32 columns into a column-major Uint8Array (nCols × nRows). */
export function binColumns(cols: Float32Array, nRows: number, nCols: number, mapper: BinMapper): Uint8Array {
  const out = new Uint8Array(nRows * nCols);
  for (let f = 0; f < nCols; f++) {
    const th = mapper.thresholds[f];
    const nb = th.length;
    const off = f * nRows;
    if (nb === 0) {
      for (let r = 0; r < nRows; r++) out[off + r] = Number.isNaN(cols[off + r]) ? NAN_BIN : 0;
      continue;
    }
    // Branch-free search over thresholds padded to 256 with +∞: lo = #thresholds < x.
    const pad = new Float64Array(256).fill(Number.POSITIVE_INFINITY);
    pad.set(th);
    const last = nb - 1;
    for (let r = 0; r < nRows; r++) {
      const x = cols[off + r];
      if (Number.isNaN(x)) {
        out[off + r] = NAN_BIN;
        continue;
      }
      let lo = 0;
      lo += ((pad[lo + 127] < x) as unknown as number) << 7;
      lo += ((pad[lo + 63] < x) as unknown as number) << 6;
      lo += ((pad[lo + 31] < x) as unknown as number) << 5;
      lo += ((pad[lo + 15] < x) as unknown as number) << 4;
      lo += ((pad[lo + 7] < x) as unknown as number) << 3;
      lo += ((pad[lo + 3] < x) as unknown as number) << 2;
      lo += ((pad[lo + 1] < x) as unknown as number) << 1;
      lo += (pad[lo] < x) as unknown as number;
      out[off + r] = Math.min(lo, last);
    }
  }
  return out;
}
