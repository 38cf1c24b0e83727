import { createHash } from 'node:crypto';
import {
  BUNDLE_VERSION,
  type ConditionalSpread,
  type ModelBundle,
  noVigOver,
  type ProbabilityCalibration,
  residualQuantiles,
  type ScoredPrediction,
  scorePrediction,
} from '../domain/model-bundle.ts';
import { fitSpread } from './calibration/spread.ts';
import { type FeatureFrame, gatherX, type Prices, rowsOf } from './data.ts';
import { type Importance, importance, type Model, modelToJson, predictRaw, trainModel } from './engine.ts';
import { type EvalRow, evaluate } from './evaluation.ts';
import type { Family } from './families.ts';
import type { TrainingWindow } from './windows.ts';

/**
 * Fitting one family on one window (spec 03 §4.2, §4.3): pure over an in-memory feature frame,
 * shared by `courtedge train` and the backtest.
 */

export class TrainError extends Error {
  constructor(
    readonly code: 'INSUFFICIENT_ROWS' | 'DATA_INCOMPLETE' | 'NO_WINDOW' | 'TRAIN_FAILED',
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'TrainError';
  }
}

/** The window's dates with played rows, split by date: the last ⌈share × n⌉ validate. */
export function splitWithRows(
  frame: FeatureFrame,
  window: TrainingWindow,
  share: number,
  keep: (i: number) => boolean = (i) => !Number.isNaN(frame.points[i]),
): { trainDates: string[]; valDates: string[] } {
  const withRows = window.dates.filter((d) => (frame.byDate.get(d) ?? []).some(keep));
  const nVal = Math.min(Math.max(0, withRows.length - 1), Math.ceil(share * withRows.length - 1e-9));
  return {
    trainDates: withRows.slice(0, withRows.length - nVal),
    valDates: withRows.slice(withRows.length - nVal),
  };
}

export interface FitSettings {
  validationShare: number;
  minTrainRows: number;
  minValRows: number;
  refitFullWindow: boolean;
  clampMax: number;
  /** Runtime-only (never serialized): GBDT worker threads. */
  threads: number;
  /** Fit the player-dependent spread on the validation rows (models.probability.enabled). */
  conditionalSpread?: boolean;
}

/**
 * How a model turns its prediction into probabilities: the residual quantiles of spec 03
 * §4.3, optionally the conditional spread and the market-aware calibration (probabilities
 * issue). A bare quantile array means neither.
 */
export interface Dist {
  q: readonly number[];
  /** `residual`: the GBDT output is added to the line, and rows without one are not scored. */
  target?: 'points' | 'residual';
  spread?: ConditionalSpread | null;
  calibration?: ProbabilityCalibration | null;
}

const distOf = (d: readonly number[] | Dist): Dist =>
  Array.isArray(d) ? { q: d as readonly number[] } : (d as Dist);

export interface FitCounts {
  train_rows: number;
  val_rows: number;
  rows_with_line: number;
  players: number;
  dates: number;
  train_dates: number;
  val_dates: number;
  other_contract_rows: number;
}

export interface FitResult {
  model: Model;
  residualQuantiles: number[];
  /** The conditional spread, when models.probability.enabled. */
  spread?: ConditionalSpread;
  /** What the GBDT learned (the family's target). */
  target: 'points' | 'residual';
  counts: FitCounts;
  /** spec 03 §7 on the validation rows. */
  validation: ReturnType<typeof evaluate>;
  importance: Importance[];
  /** First and last validation date actually used. */
  valStart: string;
  valEnd: string;
  vegasGainShare: number;
  bestIteration: number;
  durationMs: number;
}

const VEGAS = new Set(['vegas_points_line', 'vegas_opening_line', 'vegas_line_move', 'has_vegas_line']);
/** points_avg_season is feature #2 in every set (the tier of tier_bias). */
const SEASON_AVG_COL = 2;

const played = (frame: FeatureFrame) => (i: number) => !Number.isNaN(frame.points[i]);
/** A residual family learns from lined rows only (actual − line needs a line). */
const trainable = (frame: FeatureFrame, target: Family['target']) =>
  target === 'residual'
    ? (i: number) => !Number.isNaN(frame.points[i]) && !Number.isNaN(frame.line[i])
    : played(frame);

function dataset(frame: FeatureFrame, idx: number[], names: string[], target: Family['target'] = 'points') {
  return {
    X: gatherX(frame, idx),
    nRows: idx.length,
    nCols: frame.nCols,
    y: Float32Array.from(idx, (i) =>
      target === 'residual' ? frame.points[i] - frame.line[i] : frame.points[i],
    ),
    featureNames: names,
  };
}

/** The scoring distribution of a fit (its quantiles, spread and target), optionally calibrated. */
export function distOfFit(
  fit: Pick<FitResult, 'residualQuantiles' | 'spread' | 'target'>,
  calibration?: ProbabilityCalibration | null,
): Dist {
  return {
    q: fit.residualQuantiles,
    spread: fit.spread ?? null,
    calibration: calibration ?? null,
    target: fit.target,
  };
}

export function fitFamily(
  frame: FeatureFrame,
  family: Family,
  window: TrainingWindow,
  s: FitSettings,
): FitResult {
  const t0 = Date.now();
  // Validation = the last ⌈share × n⌉ of the window's dates that hold training rows: the first
  // days of a season hold none (nobody has 5 games yet) and cannot validate anything.
  const target = family.target ?? 'points';
  const keep = trainable(frame, target);
  const split = splitWithRows(frame, window, s.validationShare, keep);
  const trainIdx = rowsOf(frame, split.trainDates, keep);
  const valIdx = rowsOf(frame, split.valDates, keep);
  if (trainIdx.length < s.minTrainRows || valIdx.length < s.minValRows) {
    const hint = frame.otherHashRows
      ? `; ${frame.otherHashRows} rows skipped for another contract_hash (rebuild with courtedge features --from --to)`
      : '';
    throw new TrainError(
      'INSUFFICIENT_ROWS',
      `${family.name} ${window.start}…${window.end}: ${trainIdx.length} training rows (min ${s.minTrainRows}), ${valIdx.length} validation rows (min ${s.minValRows})${hint}`,
    );
  }
  const params = { ...family.params, n_threads: s.threads };
  const trainSet = dataset(frame, trainIdx, family.featureNames, target);
  const valSet = dataset(frame, valIdx, family.featureNames, target);
  let model = trainModel(params, trainSet, valSet);
  const valRaw = predictRaw(model, valSet.X, valSet.nRows);
  // A residual model's prediction is line + its output (from here on, as in scoring).
  if (target === 'residual') for (let k = 0; k < valIdx.length; k++) valRaw[k] += frame.line[valIdx[k]];
  const residuals = new Float64Array(valIdx.length);
  const valPredicted = new Float64Array(valIdx.length);
  for (let k = 0; k < valIdx.length; k++) {
    const predicted = scorePrediction(
      { raw: valRaw[k], residualQuantiles: [0], minEdge: 0, clamp: [0, s.clampMax] },
      null,
    ).predicted;
    valPredicted[k] = predicted;
    residuals[k] = frame.points[valIdx[k]] - predicted;
  }
  const q = residualQuantiles(residuals);
  // The spread, like the quantiles, comes from validation rows only (out of sample).
  const spread = s.conditionalSpread ? fitSpread(valPredicted, residuals) : undefined;
  const validation = evaluate(
    // valRaw already holds line + output for a residual model: scored as a points model.
    scoreRows(frame, valIdx, valRaw, { q, spread }, family.minEdge, s.clampMax).rows,
  );
  if (s.refitFullWindow) {
    const allIdx = [...trainIdx, ...valIdx];
    model = trainModel(
      { ...params, max_rounds: model.bestIteration + 1 },
      dataset(frame, allIdx, family.featureNames, target),
    );
  }
  const imp = importance(model);
  const allLined = [...trainIdx, ...valIdx].filter((i) => !Number.isNaN(frame.line[i])).length;
  const players = new Set([...trainIdx, ...valIdx].map((i) => frame.playerId[i])).size;
  return {
    model,
    residualQuantiles: q,
    ...(spread ? { spread } : {}),
    target,
    counts: {
      train_rows: trainIdx.length,
      val_rows: valIdx.length,
      rows_with_line: allLined,
      players,
      dates: window.dates.length,
      train_dates: split.trainDates.length,
      val_dates: split.valDates.length,
      other_contract_rows: frame.otherHashRows,
    },
    validation,
    importance: imp,
    valStart: split.valDates[0],
    valEnd: split.valDates[split.valDates.length - 1],
    vegasGainShare: imp.filter((x) => VEGAS.has(x.feature)).reduce((a, x) => a + x.gain_share, 0),
    bestIteration: model.bestIteration,
    durationMs: Date.now() - t0,
  };
}

export interface ScoredRow extends EvalRow {
  game_id: string;
  player_id: number;
  quality: number;
  score: ScoredPrediction;
  /** The model's own probability and the published one (probabilities issue). */
  p_model: number | null;
  p_final: number | null;
}

/**
 * Scores frame rows with a model's raw outputs through the one scoring path, as evaluation
 * rows (void when the player did not play; line = the consensus at tip-off).
 */
export function scoreRows(
  frame: FeatureFrame,
  idx: readonly number[],
  raw: Float64Array,
  q: readonly number[] | Dist,
  minEdge: number,
  clampMax: number,
  prices?: ((gameId: string, playerId: number, line: number) => Prices | null) | null,
  systemId?: string,
): { rows: ScoredRow[] } {
  const d = distOf(q);
  const rows: ScoredRow[] = idx.map((i, k) => {
    const line = Number.isNaN(frame.line[i]) ? null : frame.line[i];
    const out = d.target === 'residual' ? raw[k] + (line ?? Number.NaN) : raw[k];
    const pr = line !== null && prices ? prices(frame.gameId[i], frame.playerId[i], line) : null;
    const score = scorePrediction(
      {
        raw: out,
        residualQuantiles: d.q,
        minEdge,
        clamp: [0, clampMax],
        spread: d.spread ?? null,
        calibration: d.calibration ?? null,
        pMarket: noVigOver(pr?.over_price, pr?.under_price),
      },
      line,
    );
    const actual = Number.isNaN(frame.points[i]) ? null : frame.points[i];
    const avg = frame.X[i * frame.nCols + SEASON_AVG_COL];
    return {
      game_date: frame.gameDate[i],
      game_id: frame.gameId[i],
      player_id: frame.playerId[i],
      quality: frame.quality[i],
      system_id: systemId,
      predicted: score.predicted,
      line,
      actual,
      void: actual === null,
      over_price: pr?.over_price ?? null,
      under_price: pr?.under_price ?? null,
      p_over: score.p_over,
      p_model: score.p_model,
      p_final: score.p_final,
      season_avg_pre: Number.isNaN(avg) ? null : avg,
      score,
    };
  });
  return { rows };
}

/** Predicts and scores the rows of the given dates that a FIRST batch would predict. */
export function predictDates(
  frame: FeatureFrame,
  model: Model,
  q: readonly number[] | Dist,
  dates: readonly string[],
  minQuality: number,
  minEdge: number,
  clampMax: number,
  prices?: ((gameId: string, playerId: number, line: number) => Prices | null) | null,
  systemId?: string,
): ScoredRow[] {
  // A residual model has nothing to add its output to on a row without a line: not scored.
  const lined = distOf(q).target === 'residual';
  const idx = rowsOf(
    frame,
    dates,
    (i) => frame.quality[i] >= minQuality && (!lined || !Number.isNaN(frame.line[i])),
  );
  const raw = predictRaw(model, gatherX(frame, idx), idx.length);
  return scoreRows(frame, idx, raw, q, minEdge, clampMax, prices, systemId).rows;
}

/** The artifact (spec 03 §5) and its SHA-256. */
export function makeBundle(
  systemId: string,
  family: Family,
  contractHash: string,
  fit: Pick<FitResult, 'model' | 'residualQuantiles' | 'spread' | 'target'>,
  clampMax: number,
  calibration?: ProbabilityCalibration | null,
): { bundle: ModelBundle; text: string; hash: string } {
  const bundle: ModelBundle = {
    bundle_version: BUNDLE_VERSION,
    system_id: systemId,
    family: family.name,
    feature_set: family.featureSet,
    contract_hash: contractHash,
    feature_names: family.featureNames,
    clamp: [0, clampMax],
    residual_quantiles: fit.residualQuantiles,
    gbdt: modelToJson(fit.model),
    ...(fit.spread ? { spread: fit.spread } : {}),
    ...(fit.target === 'residual' ? { target: 'residual' as const } : {}),
    ...(calibration ? { calibration } : {}),
  };
  const text = JSON.stringify(bundle);
  return { bundle, text, hash: createHash('sha256').update(text).digest('hex') };
}
