/**
 * The model bundle (spec 03 §5) and the one scoring path shared by training, the prediction
 * worker and the backtest. Pure; imports nothing of ours (DESIGN layering): the GBDT call
 * happens in models/predict, which hand the raw output in.
 */

export const BUNDLE_VERSION = 1;
export const N_RESIDUAL_QUANTILES = 201;

export interface ModelBundle {
  bundle_version: number;
  system_id: string;
  family: string;
  feature_set: string;
  contract_hash: string;
  feature_names: string[];
  /** [0, clampMax] */
  clamp: [number, number];
  /** Validation residuals (actual − predicted) at levels k/200, k = 0..200. */
  residual_quantiles: number[];
  /** The serialized GBDT object (spec 03 §2.8), parsed. */
  gbdt: unknown;
  /** Player-dependent spread (probabilities issue); absent in older bundles. */
  spread?: ConditionalSpread;
  /** Market-aware combination fitted on the twin window (probabilities issue); absent = none. */
  calibration?: ProbabilityCalibration;
  /** `residual`: the GBDT learned actual − line; the prediction is line + its output. */
  target?: 'residual';
}

/**
 * A predictive spread that depends on the player (probabilities issue): validation residuals
 * r are divided by s(predicted) = max(floor, intercept + slope · predicted), a least-squares
 * line through |r|, and the 201 quantiles of z = r / s are stored. F(x | predicted) =
 * F_z(x / s(predicted)), so a bench player projected at 6 gets a narrower distribution than a
 * star projected at 30.
 */
export interface ConditionalSpread {
  kind: 'scale';
  intercept: number;
  slope: number;
  floor: number;
  /** Quantiles of the standardized residuals at levels k/200. */
  z_quantiles: number[];
  /** Validation rows it was fitted on. */
  n: number;
}

/**
 * p_final = σ(a + b·logit(p_market) + c·logit(p_model)) for rows with both prices, else the
 * model-only map σ(a + c·logit(p_model)) (Benter's combination of a fundamental model with
 * the market). Fitted per family on out-of-sample twin-window rows; (0, 1, 0) = the market.
 */
export interface ProbabilityCalibration {
  market: { a: number; b: number; c: number; n: number };
  model: { a: number; c: number; n: number };
  /** Last game date of the rows it was fitted on (never after the model's train_end). */
  fitted_through: string | null;
}

/** The calibration that leaves the market's probability alone: p_final = p_market. */
export const IDENTITY_CALIBRATION: ProbabilityCalibration = {
  market: { a: 0, b: 1, c: 0, n: 0 },
  model: { a: 0, c: 1, n: 0 },
  fitted_through: null,
};

export type ScoreRecommendation = 'OVER' | 'UNDER' | 'PASS' | 'NO_LINE';

export interface ScoredPrediction {
  predicted: number;
  line: number | null;
  edge: number | null;
  /** The published probability: p_final when the bundle is calibrated, else p_model. */
  p_over: number | null;
  confidence: number | null;
  recommendation: ScoreRecommendation;
  /** The model's own probability (spec 03 §4.3, conditional spread when the bundle has one). */
  p_model: number | null;
  /** Market-aware, calibrated probability (= p_model without a calibration). */
  p_final: number | null;
}

/** Rounds half away from zero at dp decimals, so −4.405 and 4.405 mirror each other. */
export function roundTo(x: number, dp: number): number {
  const f = 10 ** dp;
  const y = Math.round(Math.abs(x) * f + 1e-9) / f;
  return x < 0 && y !== 0 ? -y : y;
}

/**
 * 201 quantiles at levels k/200 of the residuals, linear interpolation between order
 * statistics (position k/200 · (n − 1)). Throws on an empty sample.
 */
export function residualQuantiles(residuals: ArrayLike<number>): number[] {
  const s = Float64Array.from(residuals).sort();
  if (s.length === 0) throw new Error('residualQuantiles: no residuals');
  const out: number[] = [];
  for (let k = 0; k < N_RESIDUAL_QUANTILES; k++) {
    const pos = (k / (N_RESIDUAL_QUANTILES - 1)) * (s.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(s.length - 1, lo + 1);
    out.push(s[lo] + (s[hi] - s[lo]) * (pos - lo));
  }
  return out;
}

/**
 * F(x) of the residual distribution (spec 03 §4.3): 0 below q_0, 1 at or above q_200,
 * else (k + (x − q_k)/(q_{k+1} − q_k))/200 with k the largest index such that q_k ≤ x.
 */
export function residualCdf(q: readonly number[], x: number): number {
  const last = q.length - 1;
  if (x < q[0]) return 0;
  if (x >= q[last]) return 1;
  // largest k with q[k] ≤ x (k < last here)
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid] <= x) lo = mid;
    else hi = mid;
  }
  const k = lo;
  const width = q[k + 1] - q[k];
  const frac = width > 0 ? (x - q[k]) / width : 0;
  return (k + frac) / last;
}

/**
 * Chance the player scores above the line, push mass removed (spec 03 §4.3): points are whole
 * numbers, so over = 1 − F(floor(L) + 0.5 − predicted) and under = F(ceil(L) − 0.5 − predicted).
 */
export function pOver(q: readonly number[], predicted: number, line: number): number {
  const overRaw = 1 - residualCdf(q, Math.floor(line) + 0.5 - predicted);
  const underRaw = residualCdf(q, Math.ceil(line) - 0.5 - predicted);
  const total = overRaw + underRaw;
  return total > 0 ? overRaw / total : 0.5;
}

const P_CLIP = 1e-3;

export function logit(p: number): number {
  const q = Math.min(1 - P_CLIP, Math.max(P_CLIP, p));
  return Math.log(q / (1 - q));
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** s(predicted) of a conditional spread. */
export function spreadAt(s: ConditionalSpread, predicted: number): number {
  return Math.max(s.floor, s.intercept + s.slope * predicted);
}

/** p_over of spec 03 §4.3 with the conditional spread: F(x) = F_z(x / s(predicted)). */
export function pOverConditional(s: ConditionalSpread, predicted: number, line: number): number {
  const sc = spreadAt(s, predicted);
  const overRaw = 1 - residualCdf(s.z_quantiles, (Math.floor(line) + 0.5 - predicted) / sc);
  const underRaw = residualCdf(s.z_quantiles, (Math.ceil(line) - 0.5 - predicted) / sc);
  const total = overRaw + underRaw;
  return total > 0 ? overRaw / total : 0.5;
}

/**
 * p_final (probabilities issue): with a market probability, σ(a + b·logit(p_market) +
 * c·logit(p_model)); without one, σ(a + c·logit(p_model)) of the model-only map.
 */
export function combineProbability(
  cal: ProbabilityCalibration,
  pMarket: number | null | undefined,
  pModel: number,
): number {
  if (pMarket !== null && pMarket !== undefined && Number.isFinite(pMarket)) {
    const m = cal.market;
    return sigmoid(m.a + m.b * logit(pMarket) + m.c * logit(pModel));
  }
  return sigmoid(cal.model.a + cal.model.c * logit(pModel));
}

/** Multiplicative no-vig probability of the over from an American price pair; null if either is missing. */
export function noVigOver(
  overPrice: number | null | undefined,
  underPrice: number | null | undefined,
): number | null {
  const ip = (a: number) => (a > 0 ? 100 / (a + 100) : -a / (-a + 100));
  const ok = (a: number | null | undefined): a is number =>
    typeof a === 'number' && Number.isFinite(a) && Math.abs(a) >= 100;
  if (!ok(overPrice) || !ok(underPrice)) return null;
  const o = ip(overPrice);
  const u = ip(underPrice);
  return o / (o + u);
}

export interface ScoreInput {
  /** Raw GBDT output (before clamping). */
  raw: number;
  /** The bundle's residual quantiles. */
  residualQuantiles: readonly number[];
  /** The family's minimum edge. */
  minEdge: number;
  /** The bundle's clamp, default [0, 70]. */
  clamp?: readonly [number, number];
  /** The bundle's conditional spread; replaces the residual quantiles when given. */
  spread?: ConditionalSpread | null;
  /** The bundle's market-aware calibration; p_over becomes p_final when given. */
  calibration?: ProbabilityCalibration | null;
  /** No-vig over probability of the book being priced (null: the model-only map). */
  pMarket?: number | null;
}

/**
 * scorePrediction (spec 03 §5): predicted = round2(clamp(raw)); no line ⇒ NO_LINE; edge =
 * round2(predicted − line); p_over and confidence (0–1, 4 dp); OVER if edge ≥ min_edge,
 * UNDER if edge ≤ −min_edge, else PASS (confidence plays no part).
 */
export function scorePrediction(input: ScoreInput, line: number | null): ScoredPrediction {
  const [lo, hi] = input.clamp ?? [0, 70];
  const raw = Number.isFinite(input.raw) ? input.raw : lo;
  const predicted = roundTo(Math.min(hi, Math.max(lo, raw)), 2);
  if (line === null || line === undefined || !Number.isFinite(line)) {
    return {
      predicted,
      line: null,
      edge: null,
      p_over: null,
      confidence: null,
      recommendation: 'NO_LINE',
      p_model: null,
      p_final: null,
    };
  }
  const edge = roundTo(predicted - line, 2);
  const pm = input.spread
    ? pOverConditional(input.spread, predicted, line)
    : pOver(input.residualQuantiles, predicted, line);
  const p = input.calibration ? combineProbability(input.calibration, input.pMarket, pm) : pm;
  const pRounded = roundTo(p, 4);
  const confidence = roundTo(Math.max(p, 1 - p), 4);
  const minEdge = roundTo(input.minEdge, 2);
  const recommendation: ScoreRecommendation = edge >= minEdge ? 'OVER' : edge <= -minEdge ? 'UNDER' : 'PASS';
  return {
    predicted,
    line,
    edge,
    p_over: pRounded,
    confidence,
    recommendation,
    p_model: roundTo(pm, 4),
    p_final: pRounded,
  };
}

/** Score with a bundle directly (the bundle carries clamp and quantiles). */
export function scoreWithBundle(
  bundle: Pick<ModelBundle, 'residual_quantiles' | 'clamp' | 'spread' | 'calibration' | 'target'>,
  raw: number,
  line: number | null,
  minEdge: number,
  pMarket: number | null = null,
): ScoredPrediction {
  // A residual model predicts line + output; without a line there is nothing to predict
  // (callers skip such rows; the clamp's floor is what a non-finite output becomes).
  const out = bundle.target === 'residual' ? raw + (line ?? Number.NaN) : raw;
  return scorePrediction(
    {
      raw: out,
      residualQuantiles: bundle.residual_quantiles,
      minEdge,
      clamp: bundle.clamp,
      spread: bundle.spread ?? null,
      calibration: bundle.calibration ?? null,
      pMarket,
    },
    line,
  );
}
