import type { BinMapper } from './binning.ts';
import { histKernel } from './hist-kernel.ts';
import { HistTeam } from './hist-team.ts';
import {
  CMD,
  histPhase,
  type LearnerShared,
  partitionPhase,
  RESULT_DOUBLES,
  routePhase,
  scatterPhase,
  TASK_INTS,
  updatePhase,
} from './learner-kernels.ts';
import type { Tree } from './types.ts';

const SLOTS = 256; // bins per feature in a histogram (NaN = 255)

export interface LearnerConfig {
  /** every h is 1 (constant-hessian loss, unit weights): bins hold [Σg, count], else [Σg, Σh, count] */
  unitHess: boolean;
  /** threads of the histogram team, and the work (rows × features) of a phase that pays for them */
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
 * Depth-wise histogram tree learner (spec 03 §2.4), one level at a time: partition every split
 * node of the level, then build the smaller child's histogram (the larger one is the parent's
 * minus it) and search both children's splits. Each phase runs on the histogram team
 * (learner-kernels.ts) when it is large enough, else on the calling thread; the results are the
 * same bits either way. Partitions are stable, so a leaf's rows stay in their original order.
 */
export class TreeLearner {
  /** gradients, hessians and training predictions the trainer fills (shared with the team) */
  readonly gBuf: Float64Array;
  readonly hBuf: Float64Array;
  readonly fBuf: Float64Array;
  /** predictions of the validation rows (length 0 without them) */
  readonly vfBuf: Float64Array;

  private readonly S: LearnerShared;
  private readonly team: HistTeam | null;
  private readonly nBins: Int32Array;
  private readonly freeSlots: number[] = [];
  private readonly nodeSlot: Int32Array;
  private readonly cellsPerRow: number;

  private nNodes = 0;
  private readonly nodeStart: Int32Array;
  private readonly nodeCount: Int32Array;
  private readonly splitFeat: Int32Array;
  private readonly splitBin: Int32Array;
  private readonly splitDL: Uint8Array;
  private readonly splitGain: Float64Array;
  private readonly splitGL: Float64Array;
  private readonly splitHL: Float64Array;
  private readonly splitCL: Float64Array;
  private readonly leftChild: Int32Array;
  /** the parents of the level being grown, in node order */
  private readonly parents: Int32Array;

  constructor(
    bins: Uint8Array,
    private readonly n: number,
    private readonly nCols: number,
    private readonly mapper: BinMapper,
    private readonly cfg: LearnerConfig,
    /** validation rows' bins (column-major, nValid rows), scored by addTree */
    validBins: Uint8Array | null = null,
    nValid = 0,
  ) {
    this.nBins = mapper.nBins;
    const bs = cfg.unitHess ? 2 : 3;
    const rowStride = (nCols + 3) & ~3;
    const W = rowStride >>> 2;
    const T = Math.min(cfg.threads, W);
    const useTeam = T > 1 && n * nCols >= cfg.parallelMinCells;
    const alloc = (bytes: number) => (useTeam ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const maxNodes = 2 ** (cfg.maxDepth + 1) - 1;
    const tMax = useTeam ? T : 1;
    // Row-major copy, rows padded to whole 32-bit words: histogram building reads a row's bins
    // four at a time (little-endian words; the padding columns land in unused histogram slots).
    const binsRow = new Uint8Array(alloc(n * rowStride));
    for (let f = 0; f < nCols; f++) {
      const col = f * n;
      for (let r = 0; r < n; r++) binsRow[r * rowStride + f] = bins[col + r];
    }
    let colBins = bins;
    if (useTeam) {
      colBins = new Uint8Array(alloc(bins.length));
      colBins.set(bins);
    }
    const tmpR = new Uint32Array(alloc(4 * n));
    const f64 = (len: number) => new Float64Array(alloc(8 * len));
    const i32 = (len: number) => new Int32Array(alloc(4 * len));
    const maxTasks = 2 ** cfg.maxDepth;
    this.S = {
      n,
      nCols,
      W,
      fstride: SLOTS * bs,
      bs,
      maxNodes,
      words: new Uint32Array(binsRow.buffer),
      colBins,
      idx: new Uint32Array(alloc(4 * n)),
      tmpL: useTeam ? new Uint32Array(alloc(4 * n)) : tmpR,
      tmpR,
      g: f64(n),
      h: bs === 3 ? f64(n) : null,
      F: f64(n),
      nBins: copyOf(this.nBins, i32(nCols)),
      featureWeights: copyOf(cfg.featureWeights, f64(nCols)),
      eligible: new Uint8Array(alloc(nCols)),
      cfg: copyOf([cfg.lambda, cfg.minDataInLeaf, cfg.minSumHessian, cfg.minGain], f64(4)),
      nodeStats: f64(3 * maxNodes),
      job: i32(3),
      tasks: i32(TASK_INTS * maxTasks),
      taskVals: f64(maxTasks),
      results: f64(RESULT_DOUBLES * maxNodes * tMax),
      counts: i32(2 * maxTasks * tMax),
      slots: [],
      treeNodes: i32(4 * maxNodes),
      treeValues: f64(maxNodes),
      routeBins: [colBins],
      routeRows: [n],
      routeF: [],
      kernel: histKernel,
    };
    this.S.routeF.push(this.S.F);
    this.vfBuf = f64(nValid);
    if (validBins) {
      const vb = new Uint8Array(alloc(validBins.length));
      vb.set(validBins);
      this.S.routeBins.push(vb);
      this.S.routeRows.push(nValid);
      this.S.routeF.push(this.vfBuf);
    }
    this.gBuf = this.S.g;
    this.hBuf = this.S.h ?? new Float64Array(n);
    this.fBuf = this.S.F;
    this.team = useTeam ? new HistTeam(T, this.S) : null;
    this.cellsPerRow = nCols;
    this.nodeSlot = new Int32Array(maxNodes).fill(-1);
    this.nodeStart = new Int32Array(maxNodes);
    this.nodeCount = new Int32Array(maxNodes);
    this.splitFeat = new Int32Array(maxNodes);
    this.splitBin = new Int32Array(maxNodes);
    this.splitDL = new Uint8Array(maxNodes);
    this.splitGain = new Float64Array(maxNodes);
    this.splitGL = new Float64Array(maxNodes);
    this.splitHL = new Float64Array(maxNodes);
    this.splitCL = new Float64Array(maxNodes);
    this.leftChild = new Int32Array(maxNodes);
    this.parents = new Int32Array(maxTasks);
  }

  /** Return the team's workers to the pool. Call once training is over (idempotent). */
  close(): void {
    this.team?.close();
  }

  /**
   * Grow one tree on the gradients in gBuf (and hessians in hBuf unless unitHess). `rows` = the
   * bagged row ids in ascending order (null = all rows); `featMask[f]` = 1 if feature f may
   * split in this tree.
   */
  grow(rows: Uint32Array | null, featMask: Uint8Array): GrownTree {
    const S = this.S;
    const { idx, g, nodeStats } = S;
    const h = this.hBuf;
    const unitHess = this.cfg.unitHess;
    let anyEligible = false;
    for (let f = 0; f < this.nCols; f++) {
      const e = featMask[f] && this.nBins[f] >= 2 && this.cfg.featureWeights[f] > 0 ? 1 : 0;
      S.eligible[f] = e;
      if (e) anyEligible = true;
    }

    let count: number;
    if (rows) {
      count = rows.length;
      idx.set(rows);
    } else {
      count = this.n;
      for (let i = 0; i < count; i++) idx[i] = i;
    }
    const D = this.cfg.maxDepth;
    const minData = this.cfg.minDataInLeaf;
    this.nNodes = 1;
    this.initNode(0, 0, count);
    let G = 0;
    let H = 0;
    for (let i = 0; i < count; i++) {
      const r = idx[i];
      G += g[r];
      H += h[r];
    }
    nodeStats[0] = G;
    nodeStats[1] = unitHess ? count : H;
    nodeStats[2] = count;
    if (D > 0 && count >= 2 * minData && anyEligible) {
      const slot = this.takeSlot();
      this.nodeSlot[0] = slot;
      this.setTask(0, slot, 0, count, 0, -1, -1);
      const T = this.runPhase(CMD.hist, 1, count);
      this.reduce(0, T);
      if (this.splitFeat[0] < 0 || D === 1) this.release(0);
    }

    let levelStart = 0;
    let levelEnd = 1;
    for (let d = 0; d < D; d++) {
      let nP = 0;
      let partRows = 0;
      for (let node = levelStart; node < levelEnd; node++) {
        if (this.splitFeat[node] < 0) continue;
        const c = this.nodeCount[node];
        this.setTask(
          nP,
          this.nodeStart[node],
          c,
          this.splitFeat[node],
          this.splitBin[node],
          this.splitDL[node],
          0,
        );
        this.parents[nP++] = node;
        partRows += c;
      }
      if (nP === 0) break;
      const TP = this.partitionLevel(nP, partRows);

      const childDepth = d + 1;
      const searched: number[] = [];
      const freeAfter: number[] = [];
      let nH = 0;
      let histRows = 0;
      for (let k = 0; k < nP; k++) {
        const node = this.parents[k];
        let nl = 0;
        for (let t = 0; t < TP; t++) nl += S.counts[(k * TP + t) * 2];
        const s = this.nodeStart[node];
        const c = this.nodeCount[node];
        const L = this.nNodes++;
        const R = this.nNodes++;
        this.leftChild[node] = L;
        this.initNode(L, s, nl);
        this.initNode(R, s + nl, c - nl);
        nodeStats[3 * L] = this.splitGL[node];
        nodeStats[3 * L + 1] = this.splitHL[node];
        nodeStats[3 * L + 2] = this.splitCL[node];
        nodeStats[3 * R] = nodeStats[3 * node] - this.splitGL[node];
        nodeStats[3 * R + 1] = nodeStats[3 * node + 1] - this.splitHL[node];
        nodeStats[3 * R + 2] = nodeStats[3 * node + 2] - this.splitCL[node];
        const needL = childDepth < D && nl >= 2 * minData;
        const needR = childDepth < D && c - nl >= 2 * minData;
        const parentSlot = this.nodeSlot[node];
        this.nodeSlot[node] = -1;
        if (parentSlot < 0) continue;
        if (!needL && !needR) {
          this.freeSlots.push(parentSlot); // no task of this level refers to it
          continue;
        }
        const small = nl <= c - nl ? L : R;
        const large = small === L ? R : L;
        const needSmall = small === L ? needL : needR;
        const needLarge = small === L ? needR : needL;
        const ss = this.nodeStart[small];
        const se = ss + this.nodeCount[small];
        histRows += se - ss;
        if (needLarge) {
          // build the smaller child, the larger = parent − smaller in the parent's slot
          const hs = this.takeSlot();
          this.setTask(nH++, hs, ss, se, needSmall ? small : -1, parentSlot, large);
          this.nodeSlot[large] = parentSlot;
          searched.push(large);
          if (needSmall) {
            this.nodeSlot[small] = hs;
            searched.push(small);
          } else freeAfter.push(hs);
        } else {
          this.setTask(nH++, parentSlot, ss, se, small, -1, -1);
          this.nodeSlot[small] = parentSlot;
          searched.push(small);
        }
      }
      if (nH > 0) {
        const T = this.runPhase(CMD.hist, nH, histRows);
        for (const node of searched) {
          this.reduce(node, T);
          if (this.splitFeat[node] < 0 || childDepth + 1 >= D) this.release(node);
        }
      }
      for (const s of freeAfter) this.freeSlots.push(s);
      levelStart = levelEnd;
      levelEnd = this.nNodes;
      if (levelStart === levelEnd) break;
    }
    // Free anything left (cannot normally happen, but keeps the slots whole).
    for (let i = 0; i < this.nNodes; i++) if (this.nodeSlot[i] >= 0) this.release(i);
    return this.toTree();
  }

  /**
   * F[row] += leaf value for every row of every leaf (the grown tree covers all rows only when
   * no row bag was drawn). Same bits at any thread count: each row gets one addition.
   */
  addLeafValues(grown: GrownTree): void {
    const { tree } = grown;
    let nL = 0;
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node] >= 0) continue;
      this.setTask(nL, this.nodeStart[node], this.nodeCount[node], 0, 0, 0, 0);
      this.S.taskVals[nL++] = tree.value[node];
    }
    this.runPhase(CMD.update, nL, this.n);
  }

  /**
   * F += tree for every row of a row set (0 = training rows: bagged rounds; 1 = validation
   * rows, into vfBuf), over row slices. Each row gets one addition: same bits at any thread count.
   */
  addTree(grown: GrownTree, set: 0 | 1): void {
    const { tree, thrBin } = grown;
    const tn = this.S.treeNodes;
    for (let node = 0; node < tree.feature.length; node++) {
      tn[4 * node] = tree.feature[node];
      tn[4 * node + 1] = thrBin[node];
      tn[4 * node + 2] = tree.defaultLeft[node];
      tn[4 * node + 3] = tree.left[node];
    }
    this.S.treeValues.set(tree.value);
    this.runPhase(CMD.route, set, this.S.routeRows[set]);
  }

  /** Run a phase over nTasks tasks (route: the row set): on the team when rows × features pays for it. */
  private runPhase(cmd: number, nTasks: number, rows: number): number {
    const S = this.S;
    S.job[1] = nTasks;
    const team = this.team;
    const fn =
      cmd === CMD.hist
        ? histPhase
        : cmd === CMD.update
          ? updatePhase
          : cmd === CMD.route
            ? routePhase
            : partitionPhase;
    if (team && rows * this.cellsPerRow >= this.cfg.parallelMinCells) {
      team.run(cmd, team.size, fn);
      return team.size;
    }
    S.job[0] = cmd;
    S.job[2] = 1;
    fn(S, 0);
    return 1;
  }

  /** Partition every parent of the level; returns the thread count whose counts hold the sides. */
  private partitionLevel(nP: number, rows: number): number {
    const S = this.S;
    const team = this.team;
    if (team && rows * this.cellsPerRow >= this.cfg.parallelMinCells) {
      S.job[1] = nP;
      team.run(CMD.partition, team.size, partitionPhase);
      team.run(CMD.scatter, team.size, scatterPhase);
      return team.size;
    }
    // one thread: in place, the right side through tmpR
    const { tasks, idx, tmpR, colBins, counts, n } = S;
    for (let k = 0; k < nP; k++) {
      const o = k * TASK_INTS;
      const start = tasks[o];
      const end = start + tasks[o + 1];
      const col = tasks[o + 2] * n;
      const thr = tasks[o + 3];
      const dl = tasks[o + 4];
      let nl = 0;
      let nr = 0;
      // Branch-free (see partitionPhase): each row is written to both outputs, one cursor moves.
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const b = colBins[col + r];
        const left = ((b <= thr) as unknown as number) | (((b === 255) as unknown as number) & dl);
        idx[start + nl] = r;
        tmpR[nr] = r;
        nl += left;
        nr += 1 - left;
      }
      idx.set(tmpR.subarray(0, nr), start + nl);
      counts[2 * k] = nl;
      counts[2 * k + 1] = nr;
    }
    return 1;
  }

  /** The best of the threads' candidates for `node`, in thread (= feature) order: ties keep the first. */
  private reduce(node: number, T: number): void {
    const res = this.S.results;
    let best = this.cfg.minGain;
    let r = -1;
    for (let t = 0; t < T; t++) {
      const o = (t * this.S.maxNodes + node) * RESULT_DOUBLES;
      if (res[o + 1] >= 0 && res[o] > best) {
        best = res[o];
        r = o;
      }
    }
    if (r < 0) {
      this.splitFeat[node] = -1;
      return;
    }
    this.splitFeat[node] = res[r + 1];
    this.splitBin[node] = res[r + 2];
    this.splitDL[node] = res[r + 3];
    this.splitGain[node] = res[r + 4];
    this.splitGL[node] = res[r + 5];
    this.splitHL[node] = res[r + 6];
    this.splitCL[node] = res[r + 7];
  }

  private setTask(k: number, a: number, b: number, c: number, d: number, e: number, f: number): void {
    const o = k * TASK_INTS;
    const t = this.S.tasks;
    t[o] = a;
    t[o + 1] = b;
    t[o + 2] = c;
    t[o + 3] = d;
    t[o + 4] = e;
    t[o + 5] = f;
  }

  private initNode(node: number, start: number, count: number): void {
    this.nodeStart[node] = start;
    this.nodeCount[node] = count;
    this.splitFeat[node] = -1;
    this.splitGain[node] = 0;
    this.leftChild[node] = -1;
  }

  private takeSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    const len = this.S.W * 4 * this.S.fstride;
    const slot = new Float64Array(this.team ? new SharedArrayBuffer(8 * len) : new ArrayBuffer(8 * len));
    this.S.slots.push(slot);
    this.team?.addSlot(slot);
    return this.S.slots.length - 1;
  }

  private release(node: number): void {
    const s = this.nodeSlot[node];
    if (s >= 0) {
      this.freeSlots.push(s);
      this.nodeSlot[node] = -1;
    }
  }

  /** The grown nodes as a Tree, leaves holding the Newton step. */
  private toTree(): GrownTree {
    const m = this.nNodes;
    const lambda = this.cfg.lambda;
    const thresholds = this.mapper.thresholds;
    const stats = this.S.nodeStats;
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
      tree.cover[node] = stats[3 * node + 1];
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
        tree.value[node] = -stats[3 * node] / (stats[3 * node + 1] + lambda);
      }
    }
    return { tree, thrBin, rows: this.S.idx, start: this.nodeStart, count: this.nodeCount };
  }
}

function copyOf<A extends Float64Array | Int32Array>(src: ArrayLike<number>, into: A): A {
  into.set(src);
  return into;
}
