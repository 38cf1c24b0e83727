import { type BinMapper, NAN_BIN } from './binning.ts';
import { histKernel } from './hist-kernel.ts';
import { HistTeam } from './hist-team.ts';
import type { Tree } from './types.ts';

const SLOTS = 256; // bins per feature in a histogram (NaN = 255)

export interface LearnerConfig {
  unitHess: boolean;
  /** threads for histogram building (unit weights, all features) and the node size that pays */
  threads: number;
  parallelMinCells: number;
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessian: number;
  lambda: number;
  minGain: number;
  featureWeights: Float64Array;
}

/**
 * A grown tree (LightGBM's `Train(grad, hess) → Tree`): leaf values are the Newton step
 * −ΣG / (ΣH + λ), not yet renewed or scaled. Leaf `node`'s rows are
 * `rows[start[node] .. start[node] + count[node])` in ascending order; `rows`, `start` and
 * `count` are the learner's buffers, valid until the next `grow`.
 */
export interface GrownTree {
  tree: Tree;
  /** split bin of each internal node (routes bin codes exactly as the threshold routes values) */
  thrBin: Int32Array;
  rows: Uint32Array;
  start: Int32Array;
  count: Int32Array;
}

/**
 * Depth-wise histogram tree learner (spec 03 §2.4) over column-major uint8 bins. Buffers are
 * allocated once; partitions are stable, so a leaf's rows stay in their original order.
 */
export class TreeLearner {
  private readonly idx: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly pool: Float64Array[] = [];
  private readonly hists: (Float64Array | null)[];
  private feats = new Int32Array(0);
  private featOff = new Int32Array(0);
  private allCols = true;
  /** every h is 1 (unit weights): bins hold [Σg, count] (Σh = count), else [Σg, Σh, count] */
  private readonly unitHess: boolean;
  private readonly bs: number;
  private readonly fstride: number;
  private g: Float64Array = new Float64Array(0);
  private h: Float64Array = new Float64Array(0);

  // node arrays (breadth-first)
  private nNodes = 0;
  private readonly nodeStart: Int32Array;
  private readonly nodeCount: Int32Array;
  private readonly nodeG: Float64Array;
  private readonly nodeH: Float64Array;
  private readonly splitFeat: Int32Array;
  private readonly splitBin: Int32Array;
  private readonly splitDL: Uint8Array;
  private readonly splitGain: Float64Array;
  private readonly leftChild: Int32Array;
  private readonly splitScore: Float64Array;
  private readonly splitGL: Float64Array;
  private readonly splitHL: Float64Array;
  private readonly splitCL: Float64Array;
  private readonly nodeC: Float64Array;

  private readonly binsRow: Uint8Array;
  private readonly shared: boolean;
  private readonly team: HistTeam | null;
  /** gradient buffer the trainer fills (shared memory when threads are used) */
  readonly gBuf: Float64Array;
  private readonly binsWords: Uint32Array;
  private readonly rowStride: number;

  private readonly nBins: Int32Array;

  constructor(
    private readonly bins: Uint8Array,
    private readonly n: number,
    private readonly nCols: number,
    private readonly mapper: BinMapper,
    private readonly cfg: LearnerConfig,
  ) {
    this.nBins = mapper.nBins;
    this.unitHess = cfg.unitHess;
    this.bs = cfg.unitHess ? 2 : 3;
    this.fstride = SLOTS * this.bs;
    const shared = cfg.threads > 1 && cfg.unitHess && n * nCols >= cfg.parallelMinCells;
    this.shared = shared;
    const alloc = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    this.idx = new Uint32Array(alloc(4 * n));
    this.gBuf = new Float64Array(alloc(8 * n));
    // Row-major copy, rows padded to whole 32-bit words: histogram building reads a row's bins
    // four at a time (little-endian words; the padding columns land in unused histogram slots).
    this.rowStride = (nCols + 3) & ~3;
    this.binsRow = new Uint8Array(alloc(n * this.rowStride));
    this.binsWords = new Uint32Array(this.binsRow.buffer);
    for (let f = 0; f < nCols; f++) {
      const col = f * n;
      for (let r = 0; r < n; r++) this.binsRow[r * this.rowStride + f] = bins[col + r];
    }
    this.tmp = new Uint32Array(n);
    this.team = shared
      ? new HistTeam(cfg.threads, this.binsWords, this.rowStride >>> 2, this.idx, this.gBuf, this.fstride)
      : null;
    const maxNodes = 2 ** (cfg.maxDepth + 1) - 1;
    this.hists = new Array(maxNodes).fill(null);
    this.nodeStart = new Int32Array(maxNodes);
    this.nodeCount = new Int32Array(maxNodes);
    this.nodeG = new Float64Array(maxNodes);
    this.nodeH = new Float64Array(maxNodes);
    this.nodeC = new Float64Array(maxNodes);
    this.splitFeat = new Int32Array(maxNodes);
    this.splitBin = new Int32Array(maxNodes);
    this.splitDL = new Uint8Array(maxNodes);
    this.splitGain = new Float64Array(maxNodes);
    this.splitScore = new Float64Array(maxNodes);
    this.splitGL = new Float64Array(maxNodes);
    this.splitHL = new Float64Array(maxNodes);
    this.splitCL = new Float64Array(maxNodes);
    this.leftChild = new Int32Array(maxNodes);
  }

  /**
   * Grow one tree. `rows` = the bagged row ids in ascending order (null = all rows);
   * `featMask[f]` = 1 if feature f may split in this tree.
   */
  grow(g: Float64Array, h: Float64Array, rows: Uint32Array | null, featMask: Uint8Array): GrownTree {
    const unitHess = this.unitHess;
    this.g = g;
    this.h = h;
    const fl: number[] = [];
    for (let f = 0; f < this.nCols; f++)
      if (featMask[f] && this.nBins[f] >= 2 && this.cfg.featureWeights[f] > 0) fl.push(f);
    this.feats = Int32Array.from(fl);
    this.featOff = Int32Array.from(fl, (f) => f * this.fstride);
    // No column sample: the word kernel histograms every column (constant or zero-weight ones
    // too, never read) rather than falling back to the slower per-feature loop.
    let all = true;
    for (let f = 0; f < this.nCols; f++) if (!featMask[f]) all = false;
    this.allCols = all;

    let count: number;
    if (rows) {
      count = rows.length;
      this.idx.set(rows);
    } else {
      count = this.n;
      for (let i = 0; i < count; i++) this.idx[i] = i;
    }
    const D = this.cfg.maxDepth;
    const minData = this.cfg.minDataInLeaf;
    this.nNodes = 1;
    this.initNode(0, 0, count);
    let G = 0;
    let H = 0;
    for (let i = 0; i < count; i++) {
      const r = this.idx[i];
      G += g[r];
      H += h[r];
    }
    this.nodeG[0] = G;
    this.nodeH[0] = unitHess ? count : H;
    this.nodeC[0] = count;
    if (D > 0 && count >= 2 * minData && this.feats.length > 0) {
      const hist = this.take();
      this.buildHist(hist, 0, count);
      this.hists[0] = hist;
      this.findSplit(0, hist);
      if (this.splitFeat[0] < 0 || D === 1) this.release(0);
    }

    let levelStart = 0;
    let levelEnd = 1;
    for (let d = 0; d < D; d++) {
      for (let node = levelStart; node < levelEnd; node++) {
        if (this.splitFeat[node] < 0) continue;
        const s = this.nodeStart[node];
        const c = this.nodeCount[node];
        const nl = this.partition(s, c, this.splitFeat[node], this.splitBin[node], this.splitDL[node] === 1);
        const L = this.nNodes++;
        const R = this.nNodes++;
        this.leftChild[node] = L;
        this.initNode(L, s, nl);
        this.initNode(R, s + nl, c - nl);
        this.nodeG[L] = this.splitGL[node];
        this.nodeH[L] = this.splitHL[node];
        this.nodeC[L] = this.splitCL[node];
        this.nodeG[R] = this.nodeG[node] - this.splitGL[node];
        this.nodeH[R] = this.nodeH[node] - this.splitHL[node];
        this.nodeC[R] = this.nodeC[node] - this.splitCL[node];
        const childDepth = d + 1;
        const needL = childDepth < D && nl >= 2 * minData;
        const needR = childDepth < D && c - nl >= 2 * minData;
        const parentHist = this.hists[node];
        this.hists[node] = null;
        if ((needL || needR) && parentHist) {
          const small = nl <= c - nl ? L : R;
          const large = small === L ? R : L;
          const needSmall = small === L ? needL : needR;
          const needLarge = small === L ? needR : needL;
          if (needLarge) {
            const hs = this.take();
            this.buildHist(hs, this.nodeStart[small], this.nodeCount[small]);
            this.subtractInto(parentHist, hs);
            this.hists[large] = parentHist;
            this.findSplit(large, parentHist);
            if (this.splitFeat[large] < 0 || childDepth + 1 >= D) this.release(large);
            if (needSmall) {
              this.hists[small] = hs;
              this.findSplit(small, hs);
              if (this.splitFeat[small] < 0 || childDepth + 1 >= D) this.release(small);
            } else this.pool.push(hs);
          } else {
            this.buildHist(parentHist, this.nodeStart[small], this.nodeCount[small]);
            this.hists[small] = parentHist;
            this.findSplit(small, parentHist);
            if (this.splitFeat[small] < 0 || childDepth + 1 >= D) this.release(small);
          }
        } else if (parentHist) this.pool.push(parentHist);
      }
      levelStart = levelEnd;
      levelEnd = this.nNodes;
      if (levelStart === levelEnd) break;
    }
    // Free anything left (cannot normally happen, but keeps the pool whole).
    for (let i = 0; i < this.nNodes; i++) if (this.hists[i]) this.release(i);
    return this.toTree();
  }

  /** The grown nodes as a Tree, leaves holding the Newton step. */
  private toTree(): GrownTree {
    const m = this.nNodes;
    const lambda = this.cfg.lambda;
    const thresholds = this.mapper.thresholds;
    const tree: Tree = {
      feature: new Int32Array(m),
      threshold: new Float64Array(m),
      defaultLeft: new Uint8Array(m),
      left: new Int32Array(m),
      right: new Int32Array(m),
      value: new Float64Array(m),
      gain: new Float64Array(m),
      cover: new Float64Array(m),
    };
    const thrBin = new Int32Array(m);
    for (let node = 0; node < m; node++) {
      const f = this.splitFeat[node];
      tree.cover[node] = this.nodeH[node];
      if (f >= 0) {
        tree.feature[node] = f;
        thrBin[node] = this.splitBin[node];
        tree.threshold[node] = thresholds[f][this.splitBin[node]];
        tree.defaultLeft[node] = this.splitDL[node];
        tree.left[node] = this.leftChild[node];
        tree.right[node] = this.leftChild[node] + 1;
        tree.gain[node] = this.splitGain[node];
      } else {
        tree.feature[node] = -1;
        tree.left[node] = -1;
        tree.right[node] = -1;
        tree.value[node] = -this.nodeG[node] / (this.nodeH[node] + lambda);
      }
    }
    return { tree, thrBin, rows: this.idx, start: this.nodeStart, count: this.nodeCount };
  }

  private initNode(node: number, start: number, count: number): void {
    this.nodeStart[node] = start;
    this.nodeCount[node] = count;
    this.splitFeat[node] = -1;
    this.splitGain[node] = 0;
    this.leftChild[node] = -1;
  }

  private take(): Float64Array {
    const len = this.rowStride * this.fstride;
    return (
      this.pool.pop() ??
      new Float64Array(this.shared ? new SharedArrayBuffer(8 * len) : new ArrayBuffer(8 * len))
    );
  }

  private release(node: number): void {
    const hst = this.hists[node];
    if (hst) {
      this.pool.push(hst);
      this.hists[node] = null;
    }
  }

  private buildHist(hist: Float64Array, start: number, count: number): void {
    const { idx, binsRow, nCols, feats, fstride, rowStride } = this;
    const g = this.g;
    const h = this.h;
    const nF = feats.length;
    const end = start + count;
    this.clearUsed(hist);
    if (this.unitHess && this.allCols) {
      // every feature in use: four bins per word, no indirection through feats
      const W = this.rowStride >>> 2;
      if (this.team && count * nCols >= this.cfg.parallelMinCells) this.team.build(hist, start, end);
      else histKernel(W, 0, W, fstride)(hist, this.binsWords, idx, g, start, end);
      return;
    }
    const fOff = this.featOff;
    if (this.unitHess) {
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const gi = g[r];
        const base = r * rowStride;
        for (let fi = 0; fi < nF; fi++) {
          const k = fOff[fi] + (binsRow[base + feats[fi]] << 1);
          hist[k] += gi;
          hist[k + 1] += 1;
        }
      }
    } else {
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const gi = g[r];
        const hi = h[r];
        const base = r * rowStride;
        for (let fi = 0; fi < nF; fi++) {
          const k = fOff[fi] + binsRow[base + feats[fi]] * 3;
          hist[k] += gi;
          hist[k + 1] += hi;
          hist[k + 2] += 1;
        }
      }
    }
  }

  /**
   * Zero the slots split search reads: each feature in use, its value bins and its NaN bin.
   * Rows only ever land in those, so the other slots (up to 255 − nBins per feature) are never
   * read and need no clearing; on small nodes the clearing would otherwise cost more than the
   * histogram itself.
   */
  private clearUsed(hist: Float64Array): void {
    const { feats, fstride, bs, nBins } = this;
    const nan = NAN_BIN * bs;
    for (let fi = 0; fi < feats.length; fi++) {
      const o = feats[fi] * fstride;
      hist.fill(0, o, o + nBins[feats[fi]] * bs);
      hist.fill(0, o + nan, o + nan + bs);
    }
  }

  /** parent ← parent − small, over the slots split search reads (see clearUsed). */
  private subtractInto(parent: Float64Array, small: Float64Array): void {
    const { feats, fstride, bs, nBins } = this;
    const nan = NAN_BIN * bs;
    for (let fi = 0; fi < feats.length; fi++) {
      const o = feats[fi] * fstride;
      const e = o + nBins[feats[fi]] * bs;
      for (let k = o; k < e; k++) parent[k] -= small[k];
      for (let k = o + nan; k < o + nan + bs; k++) parent[k] -= small[k];
    }
  }

  private findSplit(node: number, hist: Float64Array): void {
    const { lambda, minDataInLeaf: minData, minSumHessian: minHess, minGain, featureWeights } = this.cfg;
    const G = this.nodeG[node];
    const H = this.nodeH[node];
    const C = this.nodeC[node];
    const parentTerm = (G * G) / (H + lambda);
    const unit = this.unitHess;
    const bs = this.bs;
    const ci = bs - 1; // offset of the count in a bin
    let bestScore = minGain;
    let bestF = -1;
    let bestBin = 0;
    let bestDL = 0;
    let bestGain = 0;
    let bestGL = 0;
    let bestHL = 0;
    let bestCL = 0;
    const feats = this.feats;
    for (let fi = 0; fi < feats.length; fi++) {
      const f = feats[fi];
      const fw = featureWeights[f];
      const nb = this.nBins[f];
      const o = f * this.fstride;
      const km = o + NAN_BIN * bs;
      const mG = hist[km];
      const mC = hist[km + ci];
      const mH = unit ? mC : hist[km + 1];
      const hasMissing = mC > 0;
      let aG = 0;
      let aH = 0;
      let aC = 0;
      const lastT = hasMissing ? nb - 1 : nb - 2;
      for (let t = 0; t <= lastT; t++) {
        const k = o + t * bs;
        const c = hist[k + ci];
        const gk = hist[k];
        // An empty bin moves no row: every candidate at t equals the one at t − 1, which was
        // seen first and wins ties, so skipping it changes nothing (deep nodes are mostly empty bins).
        if (c === 0 && gk === 0 && t > 0 && (unit || hist[k + 1] === 0)) continue;
        aG += gk;
        aH += unit ? c : hist[k + 1];
        aC += c;
        // The right side only shrinks from here on: once it holds fewer than minData rows, no
        // later candidate (missing left or right) can be valid.
        if (C - aC < minData) break;
        if (hasMissing) {
          // missing left (default_left = true) first: it wins ties
          if (t < nb - 1) {
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
                bestBin = t;
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
                bestBin = t;
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
              bestBin = t;
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
    this.splitFeat[node] = bestF;
    if (bestF >= 0) {
      this.splitBin[node] = bestBin;
      this.splitDL[node] = bestDL;
      this.splitGain[node] = bestGain;
      this.splitScore[node] = bestScore;
      this.splitGL[node] = bestGL;
      this.splitHL[node] = bestHL;
      this.splitCL[node] = bestCL;
    }
  }

  /** Stable partition of idx[start, start+count) by the split; returns the left count. */
  private partition(start: number, count: number, f: number, thrBin: number, defaultLeft: boolean): number {
    const { idx, tmp, bins } = this;
    const col = f * this.n;
    const dl = defaultLeft ? 1 : 0;
    let nl = 0;
    let nr = 0;
    const end = start + count;
    // Branch-free: the side of a row is as good as random, so a branch mispredicts half the
    // time. Each row is written to both outputs and only its own side's cursor moves
    // (`(a <= b) | …` is 0/1 without a branch). NaN (bin 255, above every threshold bin) goes
    // left only when the split sends missing values left.
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const b = bins[col + r];
      const left = ((b <= thrBin) as unknown as number) | (((b === NAN_BIN) as unknown as number) & dl);
      idx[start + nl] = r;
      tmp[nr] = r;
      nl += left;
      nr += 1 - left;
    }
    idx.set(tmp.subarray(0, nr), start + nl);
    return nl;
  }
}
