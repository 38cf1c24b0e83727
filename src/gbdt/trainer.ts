import { type BinMapper, binColumns, computeBinMapper, NAN_BIN, toColumns } from './binning.ts';
import { makeLoss, weightedQuantile } from './losses.ts';
import { GbdtInputError, type GbdtParamsInput, resolveParams, serializableParams } from './params.ts';
import { Rng } from './rng.ts';
import { TreeLearner } from './tree-learner.ts';
import type { Dataset, Model, Tree } from './types.ts';
import { validateDataset } from './validate.ts';

/** Optional hooks; none changes the result. */
export interface TrainOptions {
  /** Called after every round with the round index and its metrics. */
  onRound?: (round: number, train: number, valid: number | null) => void;
}

/**
 * Train a model (spec 03 §2). Deterministic for the same data, params and seed.
 * Throws GbdtInputError for bad input, naming the field, row and feature.
 */
export function train(
  paramsIn: GbdtParamsInput,
  trainSet: Dataset,
  valid?: Dataset,
  opts: TrainOptions = {},
): Model {
  const p = resolveParams(paramsIn);
  validateDataset('train', trainSet, true);
  const nCols = trainSet.nCols;
  if (valid) {
    if (valid.nCols !== nCols)
      throw new GbdtInputError(`valid.nCols is ${valid.nCols}, the training set has ${nCols} columns`);
    validateDataset('valid', valid, false);
  }
  const fwList = p.feature_weights ?? new Array(nCols).fill(1);
  if (fwList.length !== nCols)
    throw new GbdtInputError(`params.feature_weights has length ${fwList.length}, expected nCols = ${nCols}`);
  const featureWeights = Float64Array.from(fwList);

  // Zero-weight rows carry no information: drop them so they change nothing (counts, bins).
  const ds = dropZeroWeightRows(trainSet);
  const n = ds.nRows;
  if (n < 2 * p.min_data_in_leaf)
    throw new GbdtInputError(
      `train.nRows is ${n} (rows with positive weight), fewer than 2 × min_data_in_leaf = ${2 * p.min_data_in_leaf}`,
    );
  const y = ds.y;
  const w = ds.weight ?? null;
  const unitHess = w === null || w.every((v) => v === 1);

  const cols = toColumns(ds.X, n, nCols);
  const mapper = computeBinMapper(cols, n, nCols, p.max_bins, p.seed);
  const bins = binColumns(cols, n, nCols, mapper);
  const vN = valid ? valid.nRows : 0;
  const vBins = valid ? binColumns(toColumns(valid.X, vN, nCols), vN, nCols, mapper) : null;
  const vY = valid ? valid.y : null;
  const vW = valid?.weight ?? null;

  const loss = makeLoss(p.loss, p.alpha, p.huber_delta);
  const baseScore = loss.initScore(y, w) + 0;
  const F = new Float64Array(n).fill(baseScore);
  const VF = new Float64Array(vN).fill(baseScore);
  const lr = p.learning_rate;
  const learner = new TreeLearner(bins, n, nCols, mapper.nBins, {
    unitHess,
    threads: p.n_threads,
    parallelMinCells: p.parallel_min_cells,
    maxDepth: p.max_depth,
    minDataInLeaf: p.min_data_in_leaf,
    minSumHessian: p.min_sum_hessian_in_leaf,
    lambda: p.lambda_l2,
    minGain: p.min_gain,
    featureWeights,
  });
  const g = learner.gBuf;
  const h = new Float64Array(n);
  const rng = new Rng(p.seed);
  const featMask = new Uint8Array(nCols).fill(1);
  const nColSample = Math.max(1, Math.round(p.colsample_bytree * nCols));
  const colPerm = new Int32Array(nCols);
  const bag = new Uint32Array(n);
  const leafBufV = new Float64Array(n);
  const leafBufW = w && !unitHess ? new Float64Array(n) : null;

  const trees: Tree[] = [];
  const histTrain: number[] = [];
  const histValid: number[] = [];
  let bestIter = -1;
  let bestScore = Number.POSITIVE_INFINITY;

  for (let round = 0; round < p.max_rounds; round++) {
    loss.gradients(y, w, F, g, h);
    let rows: Uint32Array | null = null;
    if (p.subsample < 1) {
      let k = 0;
      for (let i = 0; i < n; i++) if (rng.next() < p.subsample) bag[k++] = i;
      rows = bag.subarray(0, k);
    }
    if (nColSample < nCols) {
      for (let f = 0; f < nCols; f++) colPerm[f] = f;
      featMask.fill(0);
      for (let i = 0; i < nColSample; i++) {
        const j = i + Math.floor(rng.next() * (nCols - i));
        const t = colPerm[i];
        colPerm[i] = colPerm[j];
        colPerm[j] = t;
        featMask[colPerm[i]] = 1;
      }
    }
    learner.grow(g, h, rows, featMask);
    const tree = buildTree(learner, mapper, lr, loss.leafQuantile, y, w, F, leafBufV, leafBufW);
    trees.push(tree.tree);

    if (rows === null) {
      // every row sits in exactly one leaf range
      const { idx } = learner;
      for (let node = 0; node < learner.nNodes; node++) {
        if (learner.splitFeat[node] >= 0) continue;
        const v = tree.tree.value[node];
        const s = learner.nodeStart[node];
        const e = s + learner.nodeCount[node];
        for (let i = s; i < e; i++) F[idx[i]] += v;
      }
    } else addBinnedTree(tree.tree, tree.thrBin, bins, n, F);
    if (vBins) addBinnedTree(tree.tree, tree.thrBin, vBins, vN, VF);

    const trainMetric = loss.metric(y, w, F);
    histTrain.push(trainMetric);
    let validMetric: number | null = null;
    if (vY) {
      validMetric = loss.metric(vY, vW, VF);
      histValid.push(validMetric);
      if (validMetric < bestScore - 1e-12) {
        bestScore = validMetric;
        bestIter = round;
      }
    }
    opts.onRound?.(round, trainMetric, validMetric);
    if (vY && round - bestIter >= p.early_stopping_rounds) break;
  }
  if (!vY) {
    bestIter = trees.length - 1;
    bestScore = histTrain[histTrain.length - 1];
  }
  return {
    loss: p.loss,
    alpha: p.loss === 'quantile' ? (p.alpha as number) : null,
    huberDelta: p.loss === 'huber' ? p.huber_delta : null,
    params: serializableParams(p),
    featureNames: [...trainSet.featureNames],
    featureWeights: Array.from(featureWeights),
    baseScore,
    bestIteration: bestIter,
    bestScore,
    history: { train: histTrain, valid: histValid },
    trees: trees.slice(0, bestIter + 1),
  };
}

function dropZeroWeightRows(ds: Dataset): Dataset {
  const w = ds.weight;
  if (!w) return ds;
  let keep = 0;
  for (let i = 0; i < ds.nRows; i++) if (w[i] > 0) keep++;
  if (keep === ds.nRows) return ds;
  const { nCols } = ds;
  const X = new Float32Array(keep * nCols);
  const y = new Float32Array(keep);
  const weight = new Float32Array(keep);
  let k = 0;
  for (let i = 0; i < ds.nRows; i++) {
    if (!(w[i] > 0)) continue;
    X.set(ds.X.subarray(i * nCols, (i + 1) * nCols), k * nCols);
    y[k] = ds.y[i];
    weight[k] = w[i];
    k++;
  }
  return { X, nRows: keep, nCols, y, weight, featureNames: ds.featureNames };
}

/** Turn the learner's nodes into a Tree with leaf values × learning rate. */
function buildTree(
  L: TreeLearner,
  mapper: BinMapper,
  lr: number,
  leafQuantile: number | null,
  y: Float32Array,
  w: Float32Array | null,
  F: Float64Array,
  bufV: Float64Array,
  bufW: Float64Array | null,
): { tree: Tree; thrBin: Int32Array } {
  const m = L.nNodes;
  const lambda = L.cfg.lambda;
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
    const f = L.splitFeat[node];
    tree.cover[node] = L.nodeH[node];
    if (f >= 0) {
      tree.feature[node] = f;
      thrBin[node] = L.splitBin[node];
      tree.threshold[node] = mapper.thresholds[f][L.splitBin[node]];
      tree.defaultLeft[node] = L.splitDL[node];
      tree.left[node] = L.leftChild[node];
      tree.right[node] = L.leftChild[node] + 1;
      tree.gain[node] = L.splitGain[node];
    } else {
      tree.feature[node] = -1;
      tree.left[node] = -1;
      tree.right[node] = -1;
      let v: number;
      if (leafQuantile === null) v = -L.nodeG[node] / (L.nodeH[node] + lambda);
      else {
        const s = L.nodeStart[node];
        const c = L.nodeCount[node];
        for (let i = 0; i < c; i++) {
          const r = L.idx[s + i];
          bufV[i] = y[r] - F[r];
          if (bufW && w) bufW[i] = w[r];
        }
        v = weightedQuantile(bufV, bufW, leafQuantile, c);
      }
      tree.value[node] = v * lr + 0; // no −0: JSON would print it as 0
    }
  }
  return { tree, thrBin };
}

/** F[r] += tree(bins of row r), routing on bin codes (identical to thresholds on raw values). */
function addBinnedTree(tree: Tree, thrBin: Int32Array, bins: Uint8Array, n: number, F: Float64Array): void {
  const { feature, left, defaultLeft, value } = tree;
  for (let r = 0; r < n; r++) {
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      const b = bins[f * n + r];
      node = (b === NAN_BIN ? defaultLeft[node] === 1 : b <= thrBin[node]) ? left[node] : left[node] + 1;
      f = feature[node];
    }
    F[r] += value[node];
  }
}
