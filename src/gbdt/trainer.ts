import { RowBagger } from './bagging.ts';
import { binColumns, computeBinMapper, toColumns } from './binning.ts';
import { ColSampler } from './col-sampler.ts';
import { LOSSES, type Loss, makeLoss } from './losses.ts';
import { GbdtInputError, type GbdtParamsInput, resolveParams, serializableParams } from './params.ts';
import { Rng } from './rng.ts';
import { type GrownTree, TreeLearner } from './tree-learner.ts';
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
  const unitWeights = w === null || w.every((v) => v === 1);
  const lossDef = LOSSES[p.loss];
  // Σh = count per bin only when the loss says h = w and every weight is 1
  const unitHess = lossDef.constantHessian && unitWeights;

  const cols = toColumns(ds.X, n, nCols);
  const mapper = computeBinMapper(cols, n, nCols, p.max_bins, p.seed);
  const bins = binColumns(cols, n, nCols, mapper);
  const vN = valid ? valid.nRows : 0;
  const vBins = valid ? binColumns(toColumns(valid.X, vN, nCols), vN, nCols, mapper) : null;
  const vY = valid ? valid.y : null;
  const vW = valid?.weight ?? null;

  const loss = makeLoss(p.loss, p);
  const baseScore = loss.initScore(y, w) + 0;
  const lr = p.learning_rate;
  const learner = new TreeLearner(
    bins,
    n,
    nCols,
    mapper,
    {
      unitHess,
      threads: p.n_threads,
      parallelMinCells: p.parallel_min_cells,
      maxDepth: p.max_depth,
      minDataInLeaf: p.min_data_in_leaf,
      minSumHessian: p.min_sum_hessian_in_leaf,
      lambda: p.lambda_l2,
      minGain: p.min_gain,
      featureWeights,
    },
    vBins,
    vN,
  );
  const g = learner.gBuf;
  const h = learner.hBuf;
  const F = learner.fBuf.fill(baseScore);
  const VF = learner.vfBuf.fill(baseScore);
  const rng = new Rng(p.seed);
  const bagger = new RowBagger(n, p.subsample);
  const colSampler = new ColSampler(nCols, p.colsample_bytree);
  const leafBufV = loss.renewLeaf ? new Float64Array(n) : null;
  const leafBufW = loss.renewLeaf && !unitWeights ? new Float64Array(n) : null;

  const trees: Tree[] = [];
  const histTrain: number[] = [];
  const histValid: number[] = [];
  let bestIter = -1;
  let bestScore = Number.POSITIVE_INFINITY;

  try {
    for (let round = 0; round < p.max_rounds; round++) {
      loss.gradients(y, w, F, g, h);
      const rows = bagger.sample(rng);
      const featMask = colSampler.sample(rng);
      const grown = learner.grow(rows, featMask);
      if (leafBufV) renewLeaves(loss, grown, y, unitWeights ? null : w, F, leafBufV, leafBufW);
      const tree = grown.tree;
      for (let node = 0; node < tree.value.length; node++)
        if (tree.feature[node] < 0) tree.value[node] = tree.value[node] * lr + 0; // no −0: JSON would print it as 0
      trees.push(tree);

      // without a bag every row sits in exactly one leaf's range
      if (rows === null) learner.addLeafValues(grown);
      else learner.addTree(grown, 0);
      if (vBins) learner.addTree(grown, 1);

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
  } finally {
    learner.close(); // the team's workers go back to the pool, whatever happened
  }
  if (!vY) {
    bestIter = trees.length - 1;
    bestScore = histTrain[histTrain.length - 1];
  }
  return {
    loss: p.loss,
    // the v1 document's loss fields: set when the loss declares the parameter
    alpha: 'alpha' in lossDef.params ? (p.alpha as number) : null,
    huberDelta: 'huber_delta' in lossDef.params ? p.huber_delta : null,
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

/**
 * Replace each leaf's Newton step by the loss's own leaf output (l1, quantile), computed from
 * the residuals y − F of the leaf's rows; `w` is null when every weight is 1.
 */
function renewLeaves(
  loss: Loss,
  grown: GrownTree,
  y: Float32Array,
  w: Float32Array | null,
  F: Float64Array,
  bufV: Float64Array,
  bufW: Float64Array | null,
): void {
  const renew = loss.renewLeaf;
  if (!renew) return;
  const { tree, rows, start, count } = grown;
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node] >= 0) continue;
    const s = start[node];
    const c = count[node];
    for (let i = 0; i < c; i++) {
      const r = rows[s + i];
      bufV[i] = y[r] - F[r];
      if (bufW && w) bufW[i] = w[r];
    }
    tree.value[node] = renew(bufV, bufW, c);
  }
}
