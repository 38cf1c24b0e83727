/** A histogram kernel over rows [start, end) of `idx` (see histKernelSource). */
export type HistKernel = (
  hist: Float64Array,
  words: Uint32Array,
  idx: Uint32Array,
  g: Float64Array,
  h: Float64Array | null,
  start: number,
  end: number,
) => void;

/**
 * Source text of a histogram kernel for the 32-bit words [w0, w1) of rows W words wide (4
 * features per word), `fstride` slots per feature, bins laid out [Σg, count] (bs = 2, every
 * h = 1) or [Σg, Σh, count] (bs = 3). It adds to the histogram: the caller zeroes the slots it
 * will read first. The word loop is unrolled with the offsets as constants: V8 runs the
 * unrolled kernel about 1.8× faster than the same loop written generically (no loop counter,
 * no offset arithmetic, fewer bounds checks). Self-contained on purpose: the worker threads
 * compile the very same text, so both run the same loop. Rows are scanned in order and every
 * bin is summed in row order, so the sums do not depend on the thread count.
 */
export function histKernelSource(W: number, w0: number, w1: number, fstride: number, bs: number): string {
  const f4 = 4 * fstride;
  const lines: string[] = [];
  const add =
    bs === 2 ? 'hist[k] += gi; hist[k + 1] += 1;' : 'hist[k] += gi; hist[k + 1] += hi; hist[k + 2] += 1;';
  const slot = (b: string) => (bs === 2 ? `(${b} << 1)` : `(${b} * 3)`);
  for (let w = w0; w < w1; w++) {
    const o = w * f4;
    lines.push(
      `v = words[wb + ${w}];`,
      `k = ${o} + ${slot('(v & 255)')}; ${add}`,
      `k = ${o + fstride} + ${slot('((v >>> 8) & 255)')}; ${add}`,
      `k = ${o + 2 * fstride} + ${slot('((v >>> 16) & 255)')}; ${add}`,
      `k = ${o + 3 * fstride} + ${slot('(v >>> 24)')}; ${add}`,
    );
  }
  return `for (let i = start; i < end; i++) {
  const r = idx[i];
  const gi = g[r];
  ${bs === 2 ? '' : 'const hi = h[r];'}
  const wb = r * ${W};
  let v = 0;
  let k = 0;
  ${lines.join('\n  ')}
}`;
}

/** Compiles histKernelSource; self-contained, so the worker threads run this same text. */
export function compileHistKernel(
  W: number,
  w0: number,
  w1: number,
  fstride: number,
  bs: number,
): HistKernel {
  return new Function(
    'hist',
    'words',
    'idx',
    'g',
    'h',
    'start',
    'end',
    histKernelSource(W, w0, w1, fstride, bs),
  ) as HistKernel;
}

/** Compiled kernels of this thread, by everything baked into their text. */
const kernels = new Map<string, HistKernel>();

/**
 * The kernel for (W, w0, w1, fstride, bs), compiled once per thread. The key holds all of them:
 * a later dataset of another row width must never reuse a kernel with the old width in it.
 */
export function histKernel(W: number, w0: number, w1: number, fstride: number, bs: number): HistKernel {
  const key = `${W},${w0},${w1},${fstride},${bs}`;
  let k = kernels.get(key);
  if (!k) {
    k = compileHistKernel(W, w0, w1, fstride, bs);
    kernels.set(key, k);
  }
  return k;
}
