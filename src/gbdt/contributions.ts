import type { ContributionMethod, Model, Tree } from './types.ts';

/**
 * Per-row feature contributions (spec 03 §2.9): nRows × (nCols + 1), row-major, the last
 * column the bias (base_score + Σ cover-weighted mean tree output). Each row sums to
 * `predict()` up to float rounding. Meant for a few rows (picks), not whole batches.
 */
export function contributions(
  model: Model,
  X: Float32Array,
  nRows: number,
  opts: { method?: ContributionMethod } = {},
): Float64Array {
  const method = opts.method ?? 'treeshap';
  const nCols = model.featureNames.length;
  if (X.length !== nRows * nCols)
    throw new Error(`gbdt.contributions: X has length ${X.length}, expected ${nRows} × ${nCols}`);
  const width = nCols + 1;
  const out = new Float64Array(nRows * width);
  const expected = model.trees.map(expectedValues);
  let bias = model.baseScore;
  for (const e of expected) bias += e[0];
  let maxDepth = 0;
  for (const t of model.trees) maxDepth = Math.max(maxDepth, treeDepth(t));
  const shap = method === 'treeshap' ? new TreeShap(maxDepth) : null;
  for (let r = 0; r < nRows; r++) {
    const phi = out.subarray(r * width, (r + 1) * width);
    const x = X.subarray(r * nCols, (r + 1) * nCols);
    model.trees.forEach((t, ti) => {
      if (shap) shap.run(t, x, phi);
      else saabas(t, expected[ti], x, phi);
    });
    phi[nCols] = bias;
  }
  return out;
}

function goesLeft(t: Tree, node: number, x: Float32Array): boolean {
  const v = x[t.feature[node]];
  return Number.isNaN(v) ? t.defaultLeft[node] === 1 : v <= t.threshold[node];
}

/** Cover-weighted mean leaf value below each node. */
function expectedValues(t: Tree): Float64Array {
  const m = t.feature.length;
  const e = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    if (t.feature[i] < 0) e[i] = t.value[i];
    else {
      const l = t.left[i];
      const r = t.right[i];
      const cl = t.cover[l];
      const cr = t.cover[r];
      e[i] = cl + cr > 0 ? (cl * e[l] + cr * e[r]) / (cl + cr) : 0.5 * (e[l] + e[r]);
    }
  }
  return e;
}

function treeDepth(t: Tree): number {
  const depth = new Int32Array(t.feature.length);
  let max = 0;
  for (let i = 0; i < t.feature.length; i++) {
    if (t.feature[i] < 0) continue;
    depth[t.left[i]] = depth[i] + 1;
    depth[t.right[i]] = depth[i] + 1;
    if (depth[i] + 1 > max) max = depth[i] + 1;
  }
  return max;
}

function saabas(t: Tree, e: Float64Array, x: Float32Array, phi: Float64Array): void {
  let node = 0;
  while (t.feature[node] >= 0) {
    const next = goesLeft(t, node, x) ? t.left[node] : t.right[node];
    phi[t.feature[node]] += e[next] - e[node];
    node = next;
  }
}

/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2), with the path kept in
 * preallocated typed arrays: each recursion level gets its own slice.
 */
class TreeShap {
  private readonly feat: Int32Array;
  private readonly zero: Float64Array;
  private readonly one: Float64Array;
  private readonly pw: Float64Array;
  private t!: Tree;
  private x!: Float32Array;
  private phi!: Float64Array;

  constructor(maxDepth: number) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.feat = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.pw = new Float64Array(size);
  }

  run(t: Tree, x: Float32Array, phi: Float64Array): void {
    this.t = t;
    this.x = x;
    this.phi = phi;
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  private extend(p: number, depth: number, zf: number, of: number, fi: number): void {
    const { feat, zero, one, pw } = this;
    feat[p + depth] = fi;
    zero[p + depth] = zf;
    one[p + depth] = of;
    pw[p + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      pw[p + i + 1] += (of * pw[p + i] * (i + 1)) / (depth + 1);
      pw[p + i] = (zf * pw[p + i] * (depth - i)) / (depth + 1);
    }
  }

  private unwind(p: number, depth: number, pathIndex: number): void {
    const { feat, zero, one, pw } = this;
    const of = one[p + pathIndex];
    const zf = zero[p + pathIndex];
    let next = pw[p + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (of !== 0) {
        const tmp = pw[p + i];
        pw[p + i] = (next * (depth + 1)) / ((i + 1) * of);
        next = tmp - (pw[p + i] * zf * (depth - i)) / (depth + 1);
      } else pw[p + i] = (pw[p + i] * (depth + 1)) / (zf * (depth - i));
    }
    for (let i = pathIndex; i < depth; i++) {
      feat[p + i] = feat[p + i + 1];
      zero[p + i] = zero[p + i + 1];
      one[p + i] = one[p + i + 1];
    }
  }

  private unwoundSum(p: number, depth: number, pathIndex: number): number {
    const { zero, one, pw } = this;
    const of = one[p + pathIndex];
    const zf = zero[p + pathIndex];
    let next = pw[p + depth];
    let total = 0;
    if (of !== 0) {
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = next / ((i + 1) * of);
        total += tmp;
        next = pw[p + i] - tmp * zf * (depth - i);
      }
    } else for (let i = depth - 1; i >= 0; i--) total += pw[p + i] / (zf * (depth - i));
    return total * (depth + 1);
  }

  /** `parent` = start of the parent's path slice; this level's slice follows it. */
  private recurse(node: number, parent: number, depth: number, zf: number, of: number, fi: number): void {
    const { t, feat, zero, one, pw } = this;
    const p = parent + depth; // own slice: parent slice had `depth` elements (0..depth−1)
    if (depth > 0) {
      feat.copyWithin(p, parent, parent + depth);
      zero.copyWithin(p, parent, parent + depth);
      one.copyWithin(p, parent, parent + depth);
      pw.copyWithin(p, parent, parent + depth);
    }
    this.extend(p, depth, zf, of, fi);
    const split = t.feature[node];
    if (split < 0) {
      const v = t.value[node];
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(p, depth, i);
        this.phi[feat[p + i]] += w * (one[p + i] - zero[p + i]) * v;
      }
      return;
    }
    const left = goesLeft(t, node, this.x);
    const hot = left ? t.left[node] : t.right[node];
    const cold = left ? t.right[node] : t.left[node];
    const w = t.cover[node];
    const hotZ = w > 0 ? t.cover[hot] / w : 0;
    const coldZ = w > 0 ? t.cover[cold] / w : 0;
    let inZ = 1;
    let inO = 1;
    let d = depth;
    let k = 0;
    for (; k <= d; k++) if (feat[p + k] === split) break;
    if (k !== d + 1) {
      inZ = zero[p + k];
      inO = one[p + k];
      this.unwind(p, d, k);
      d -= 1;
    }
    this.recurse(hot, p, d + 1, hotZ * inZ, inO, split);
    this.recurse(cold, p, d + 1, coldZ * inZ, 0, split);
  }
}
