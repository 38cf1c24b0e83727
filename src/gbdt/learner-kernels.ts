import type { HistKernel } from './hist-kernel.ts';

/**
 * The tree learner's parallel phases (after LightGBM's feature-parallel histogram learner and
 * XGBoost's row-block partitioner). Each function does thread `t`'s share of one phase for
 * every task of the level: the main thread calls them directly and the worker threads run the
 * very same text (workers.ts ships `fn.toString()`), so the functions are self-contained: they
 * read only their arguments, use no helpers and declare no inner functions.
 *
 * Thread t of T owns the row words [⌊tW/T⌋, ⌊(t+1)W/T⌋), i.e. whole features, for histograms,
 * subtraction and split search, and the t-th slice of each node's rows for partitions and
 * prediction updates. Every sum is taken in the same row order as on one thread and the best
 * split is reduced in feature order, so the trees are the same bits at any thread count.
 */
export interface LearnerShared {
  n: number;
  nCols: number;
  /** 32-bit words per row of `words` (4 bins each) */
  W: number;
  /** histogram slots per feature (256 bins × bs) */
  fstride: number;
  /** doubles per bin: 2 = [Σg, count] (every h = 1), 3 = [Σg, Σh, count] */
  bs: number;
  maxNodes: number;
  words: Uint32Array;
  /** column-major bins (partitions read one column) */
  colBins: Uint8Array;
  idx: Uint32Array;
  tmpL: Uint32Array;
  tmpR: Uint32Array;
  g: Float64Array;
  h: Float64Array | null;
  F: Float64Array;
  nBins: Int32Array;
  featureWeights: Float64Array;
  /** 1 = the feature may split in this tree */
  eligible: Uint8Array;
  /** [λ, min_data_in_leaf, min_sum_hessian_in_leaf, min_gain] */
  cfg: Float64Array;
  /** [ΣG, ΣH, count] per node */
  nodeStats: Float64Array;
  /** [command, number of tasks, threads in this phase] */
  job: Int32Array;
  /** TASK_INTS per task; meaning depends on the phase */
  tasks: Int32Array;
  /** one value per task (update: the leaf value) */
  taskVals: Float64Array;
  /** RESULT_DOUBLES per (thread, node): score, feature, bin, default left, gain, GL, HL, CL */
  results: Float64Array;
  /** [left, right] row counts per (task, thread) of a partition */
  counts: Int32Array;
  slots: Float64Array[];
  /** the tree being applied by routePhase: [feature, split bin, default left, left child] per node */
  treeNodes: Int32Array;
  treeValues: Float64Array;
  /** row sets routePhase applies trees to: 0 = training rows, 1 = validation rows (if any) */
  routeBins: Uint8Array[];
  routeRows: number[];
  routeF: Float64Array[];
  kernel: (W: number, w0: number, w1: number, fstride: number, bs: number) => HistKernel;
}

export const TASK_INTS = 8;
export const RESULT_DOUBLES = 8;
export const CMD = { hist: 1, partition: 2, scatter: 3, update: 4, route: 5, slots: 8, quit: 9 } as const;

/**
 * Histograms, subtraction and split search over thread t's features. Task: [build slot, start,
 * end, node searched on the built histogram or −1, parent slot or −1 (parent −= built, the
 * parent's slot then holding the larger child), larger child searched on the parent slot or −1].
 */
export function histPhase(S: LearnerShared, t: number): void {
  const T = S.job[2];
  const nTasks = S.job[1];
  const { W, fstride, bs, nBins, eligible, tasks, slots } = S;
  const w0 = Math.floor((t * W) / T);
  const w1 = Math.floor(((t + 1) * W) / T);
  const f0 = 4 * w0;
  const f1 = Math.min(4 * w1, S.nCols);
  const kern = S.kernel(W, w0, w1, fstride, bs);
  const nan = 255 * bs;
  for (let k = 0; k < nTasks; k++) {
    const o = k * 8;
    const hist = slots[tasks[o]];
    const parentSlot = tasks[o + 4];
    // Zero only what split search reads (each feature's value bins and NaN bin): rows land
    // nowhere else, and on small nodes clearing the whole slot would cost more than the rows.
    for (let f = f0; f < f1; f++) {
      if (eligible[f] === 0) continue;
      const off = f * fstride;
      hist.fill(0, off, off + nBins[f] * bs);
      hist.fill(0, off + nan, off + nan + bs);
    }
    kern(hist, S.words, S.idx, S.g, S.h, tasks[o + 1], tasks[o + 2]);
    if (parentSlot >= 0) {
      const parent = slots[parentSlot];
      for (let f = f0; f < f1; f++) {
        if (eligible[f] === 0) continue;
        const off = f * fstride;
        const e = off + nBins[f] * bs;
        for (let i = off; i < e; i++) parent[i] -= hist[i];
        for (let i = off + nan; i < off + nan + bs; i++) parent[i] -= hist[i];
      }
    }
    if (tasks[o + 3] >= 0) findSplitRange(S, hist, tasks[o + 3], f0, f1, t);
    if (tasks[o + 5] >= 0) findSplitRange(S, slots[parentSlot], tasks[o + 5], f0, f1, t);
  }
}

/**
 * The best split of `node` over features [f0, f1), written to thread t's result slot. Missing
 * values are tried on both sides; of equal scores the first seen wins (lower feature, lower
 * bin, missing left), which with the reduction in thread order is the serial scan's choice.
 */
export function findSplitRange(
  S: LearnerShared,
  hist: Float64Array,
  node: number,
  f0: number,
  f1: number,
  t: number,
): void {
  const lambda = S.cfg[0];
  const minData = S.cfg[1];
  const minHess = S.cfg[2];
  const G = S.nodeStats[node * 3];
  const H = S.nodeStats[node * 3 + 1];
  const C = S.nodeStats[node * 3 + 2];
  const parentTerm = (G * G) / (H + lambda);
  const bs = S.bs;
  const unit = bs === 2;
  const ci = bs - 1; // offset of the count in a bin
  const { eligible, nBins, featureWeights, fstride } = S;
  let bestScore = S.cfg[3];
  let bestF = -1;
  let bestBin = 0;
  let bestDL = 0;
  let bestGain = 0;
  let bestGL = 0;
  let bestHL = 0;
  let bestCL = 0;
  for (let f = f0; f < f1; f++) {
    if (eligible[f] === 0) continue;
    const fw = featureWeights[f];
    const nb = nBins[f];
    const o = f * fstride;
    const km = o + 255 * bs;
    const mG = hist[km];
    const mC = hist[km + ci];
    const mH = unit ? mC : hist[km + 1];
    const hasMissing = mC > 0;
    let aG = 0;
    let aH = 0;
    let aC = 0;
    const lastT = hasMissing ? nb - 1 : nb - 2;
    for (let b = 0; b <= lastT; b++) {
      const k = o + b * bs;
      const c = hist[k + ci];
      const gk = hist[k];
      // An empty bin moves no row: every candidate at b equals the one at b − 1, which was
      // seen first and wins ties, so skipping it changes nothing (deep nodes are mostly empty bins).
      if (c === 0 && gk === 0 && b > 0 && (unit || hist[k + 1] === 0)) continue;
      aG += gk;
      aH += unit ? c : hist[k + 1];
      aC += c;
      // The right side only shrinks from here on: once it holds fewer than minData rows, no
      // later candidate (missing left or right) can be valid.
      if (C - aC < minData) break;
      if (hasMissing) {
        // missing left (default_left = true) first: it wins ties
        if (b < nb - 1) {
          const GL = aG + mG;
          const HL = aH + mH;
          const CL = aC + mC;
          const CR = C - CL;
          const HR = H - HL;
          if (CL >= minData && CR >= minData && HL >= minHess && HR >= minHess) {
            const GR = G - GL;
            const gain = 0.5 * ((GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parentTerm);
            const score = gain * fw;
            if (score > bestScore) {
              bestScore = score;
              bestF = f;
              bestBin = b;
              bestDL = 1;
              bestGain = gain;
              bestGL = GL;
              bestHL = HL;
              bestCL = CL;
            }
          }
        }
        {
          const CR = C - aC;
          const HR = H - aH;
          if (aC >= minData && CR >= minData && aH >= minHess && HR >= minHess) {
            const GR = G - aG;
            const gain = 0.5 * ((aG * aG) / (aH + lambda) + (GR * GR) / (HR + lambda) - parentTerm);
            const score = gain * fw;
            if (score > bestScore) {
              bestScore = score;
              bestF = f;
              bestBin = b;
              bestDL = 0;
              bestGain = gain;
              bestGL = aG;
              bestHL = aH;
              bestCL = aC;
            }
          }
        }
      } else {
        const CR = C - aC;
        const HR = H - aH;
        if (aC >= minData && CR >= minData && aH >= minHess && HR >= minHess) {
          const GR = G - aG;
          const gain = 0.5 * ((aG * aG) / (aH + lambda) + (GR * GR) / (HR + lambda) - parentTerm);
          const score = gain * fw;
          if (score > bestScore) {
            bestScore = score;
            bestF = f;
            bestBin = b;
            bestDL = aH >= HR ? 1 : 0; // no missing here: NaN follows the larger child
            bestGain = gain;
            bestGL = aG;
            bestHL = aH;
            bestCL = aC;
          }
        }
      }
    }
  }
  const r = (t * S.maxNodes + node) * 8;
  const res = S.results;
  res[r] = bestScore;
  res[r + 1] = bestF;
  res[r + 2] = bestBin;
  res[r + 3] = bestDL;
  res[r + 4] = bestGain;
  res[r + 5] = bestGL;
  res[r + 6] = bestHL;
  res[r + 7] = bestCL;
}

/**
 * Partition, first half: thread t stably splits its slice of each node's rows into tmpL/tmpR
 * at the slice's own offset and counts both sides. Task: [start, count, feature, threshold
 * bin, default left]. NaN (bin 255, above every threshold bin) goes left only when the split
 * sends missing values left.
 */
export function partitionPhase(S: LearnerShared, t: number): void {
  const T = S.job[2];
  const nTasks = S.job[1];
  const { tasks, idx, tmpL, tmpR, colBins, counts, n } = S;
  for (let k = 0; k < nTasks; k++) {
    const o = k * 8;
    const start = tasks[o];
    const count = tasks[o + 1];
    const col = tasks[o + 2] * n;
    const thr = tasks[o + 3];
    const dl = tasks[o + 4];
    const a = start + Math.floor((t * count) / T);
    const e = start + Math.floor(((t + 1) * count) / T);
    let nl = 0;
    let nr = 0;
    // Branch-free: a row's side is as good as random, so a branch would mispredict half the
    // time. Each row is written to both outputs and only its own side's cursor moves.
    for (let i = a; i < e; i++) {
      const r = idx[i];
      const b = colBins[col + r];
      const left = ((b <= thr) as unknown as number) | (((b === 255) as unknown as number) & dl);
      tmpL[a + nl] = r;
      tmpR[a + nr] = r;
      nl += left;
      nr += 1 - left;
    }
    counts[(k * T + t) * 2] = nl;
    counts[(k * T + t) * 2 + 1] = nr;
  }
}

/** Partition, second half: thread t copies its slice's two sides to their final places. */
export function scatterPhase(S: LearnerShared, t: number): void {
  const T = S.job[2];
  const nTasks = S.job[1];
  const { tasks, idx, tmpL, tmpR, counts } = S;
  for (let k = 0; k < nTasks; k++) {
    const o = k * 8;
    const start = tasks[o];
    const count = tasks[o + 1];
    let NL = 0;
    let beforeL = 0;
    let beforeR = 0;
    for (let s = 0; s < T; s++) {
      const nl = counts[(k * T + s) * 2];
      NL += nl;
      if (s < t) {
        beforeL += nl;
        beforeR += counts[(k * T + s) * 2 + 1];
      }
    }
    const a = start + Math.floor((t * count) / T);
    const nl = counts[(k * T + t) * 2];
    const nr = counts[(k * T + t) * 2 + 1];
    idx.set(tmpL.subarray(a, a + nl), start + beforeL);
    idx.set(tmpR.subarray(a, a + nr), start + NL + beforeR);
  }
}

/** F[row] += leaf value over thread t's slice of each leaf's rows. Task: [start, count]. */
export function updatePhase(S: LearnerShared, t: number): void {
  const T = S.job[2];
  const nTasks = S.job[1];
  const { tasks, idx, F, taskVals } = S;
  for (let k = 0; k < nTasks; k++) {
    const start = tasks[k * 8];
    const count = tasks[k * 8 + 1];
    const v = taskVals[k];
    const e = start + Math.floor(((t + 1) * count) / T);
    for (let i = start + Math.floor((t * count) / T); i < e; i++) F[idx[i]] += v;
  }
}

/**
 * F[r] += tree(bins of row r) over thread t's slice of row set job[1] (column-major bins),
 * routing on bin codes exactly as the thresholds route the raw values.
 */
export function routePhase(S: LearnerShared, t: number): void {
  const T = S.job[2];
  const set = S.job[1];
  const bins = S.routeBins[set];
  const n = S.routeRows[set];
  const F = S.routeF[set];
  const tn = S.treeNodes;
  const tv = S.treeValues;
  const e = Math.floor(((t + 1) * n) / T);
  for (let r = Math.floor((t * n) / T); r < e; r++) {
    let node = 0;
    let f = tn[0];
    while (f >= 0) {
      const o = node * 4;
      const b = bins[f * n + r];
      node = (b === 255 ? tn[o + 2] === 1 : b <= tn[o + 1]) ? tn[o + 3] : tn[o + 3] + 1;
      f = tn[node * 4];
    }
    F[r] += tv[node];
  }
}
