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
}

export type ScoreRecommendation = 'OVER' | 'UNDER' | 'PASS' | 'NO_LINE';

export interface ScoredPrediction {
  predicted: number;
  line: number | null;
  edge: number | null;
  p_over: number | null;
  confidence: number | null;
  recommendation: ScoreRecommendation;
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

export interface ScoreInput {
  /** Raw GBDT output (before clamping). */
  raw: number;
  /** The bundle's residual quantiles. */
  residualQuantiles: readonly number[];
  /** The family's minimum edge. */
  minEdge: number;
  /** The bundle's clamp, default [0, 70]. */
  clamp?: readonly [number, number];
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
    return { predicted, line: null, edge: null, p_over: null, confidence: null, recommendation: 'NO_LINE' };
  }
  const edge = roundTo(predicted - line, 2);
  const p = pOver(input.residualQuantiles, predicted, line);
  const pRounded = roundTo(p, 4);
  const confidence = roundTo(Math.max(p, 1 - p), 4);
  const minEdge = roundTo(input.minEdge, 2);
  const recommendation: ScoreRecommendation = edge >= minEdge ? 'OVER' : edge <= -minEdge ? 'UNDER' : 'PASS';
  return { predicted, line, edge, p_over: pRounded, confidence, recommendation };
}

/** Score with a bundle directly (the bundle carries clamp and quantiles). */
export function scoreWithBundle(
  bundle: Pick<ModelBundle, 'residual_quantiles' | 'clamp'>,
  raw: number,
  line: number | null,
  minEdge: number,
): ScoredPrediction {
  return scorePrediction(
    { raw, residualQuantiles: bundle.residual_quantiles, minEdge, clamp: bundle.clamp },
    line,
  );
}
