import { createHash } from 'node:crypto';
import type { SystemFailure } from './types.ts';

/**
 * Loading and scoring a model bundle inside a worker (spec 03 §5, 04 §5 step 2-3).
 *
 * SEAM: the GBDT predictor (src/gbdt) and scorePrediction (src/domain/model-bundle.ts) are
 * built in parallel by other areas. Until they land, this file evaluates the serialized
 * format of 03 §2.8 and the scoring rule of 03 §5 itself; swapping in the real modules
 * touches only this file.
 */

export interface Bundle {
  bundle_version: number;
  system_id: string;
  family: string;
  feature_set: string;
  contract_hash: string;
  feature_names: string[];
  clamp: [number, number];
  residual_quantiles: number[];
  gbdt: SerializedGbdt;
}

interface SerializedTree {
  feature: number[];
  threshold: number[];
  default_left: number[];
  left: number[];
  right: number[];
  value: number[];
}

interface SerializedGbdt {
  format: string;
  version: number;
  base_score: number;
  trees: SerializedTree[];
}

export class ModelLoadError extends Error {
  constructor(
    readonly reason: SystemFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface LoadedModel {
  hash: string;
  bundle: Bundle;
  /** Raw GBDT output for nRows row-major rows (NaN = missing). */
  predict(X: Float32Array, nRows: number): Float64Array;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Flat typed-array trees; rows scored tree by tree so each tree stays in cache. */
function compile(g: SerializedGbdt, nCols: number): (X: Float32Array, nRows: number) => Float64Array {
  const trees = g.trees.map((t) => ({
    feature: Int32Array.from(t.feature),
    threshold: Float32Array.from(t.threshold),
    defaultLeft: Uint8Array.from(t.default_left),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    value: Float64Array.from(t.value),
  }));
  const base = g.base_score;
  return (X, nRows) => {
    const out = new Float64Array(nRows).fill(base);
    for (const t of trees) {
      for (let r = 0; r < nRows; r++) {
        const off = r * nCols;
        let n = 0;
        while (t.feature[n] >= 0) {
          const x = X[off + t.feature[n]];
          n = Number.isNaN(x)
            ? t.defaultLeft[n]
              ? t.left[n]
              : t.right[n]
            : x <= t.threshold[n]
              ? t.left[n]
              : t.right[n];
        }
        out[r] += t.value[n];
      }
    }
    return out;
  };
}

/**
 * Verifies the artifact's SHA-256 against the registry's hash, parses it and checks its
 * contract hash. Each failure has its reason (HASH_MISMATCH, PARSE_ERROR,
 * FEATURE_CONTRACT_MISMATCH); the caller marks only that system failed.
 */
export function loadModel(text: string | null, expectedHash: string, expectedContract: string): LoadedModel {
  if (text === null)
    throw new ModelLoadError('ARTIFACT_MISSING', `artifact ${expectedHash} not in model_artifacts`);
  const got = sha256(text);
  if (got !== expectedHash) {
    throw new ModelLoadError(
      'HASH_MISMATCH',
      `artifact bytes hash to ${got.slice(0, 12)}…, registry says ${expectedHash.slice(0, 12)}…`,
    );
  }
  let bundle: Bundle;
  try {
    bundle = JSON.parse(text) as Bundle;
    if (!bundle?.gbdt || !Array.isArray(bundle.gbdt.trees) || !Array.isArray(bundle.feature_names)) {
      throw new Error('not a model bundle');
    }
    if (bundle.gbdt.format !== 'courtedge-gbdt' || bundle.gbdt.version > 1) {
      throw new Error(`unsupported gbdt format ${bundle.gbdt.format} v${bundle.gbdt.version}`);
    }
  } catch (e) {
    throw new ModelLoadError('PARSE_ERROR', (e as Error).message);
  }
  if (bundle.contract_hash !== expectedContract) {
    throw new ModelLoadError(
      'FEATURE_CONTRACT_MISMATCH',
      `bundle contract ${bundle.contract_hash} ≠ registry/feature contract ${expectedContract}`,
    );
  }
  return { hash: expectedHash, bundle, predict: compile(bundle.gbdt, bundle.feature_names.length) };
}

export interface Scored {
  predicted: number;
  edge: number | null;
  p_over: number | null;
  confidence: number | null;
  recommendation: 'OVER' | 'UNDER' | 'PASS' | 'NO_LINE';
}

const round = (x: number, dp: number) => {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
};

/** Residual CDF F(x) over 201 quantiles at levels k/200 (03 §4.3). */
function cdf(q: number[], x: number): number {
  const n = q.length - 1;
  if (x < q[0]) return 0;
  if (x >= q[n]) return 1;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid] <= x) lo = mid;
    else hi = mid;
  }
  const span = q[lo + 1] - q[lo];
  return (lo + (span > 0 ? (x - q[lo]) / span : 0)) / n;
}

/** scorePrediction of 03 §5 on the raw GBDT output. */
export function scoreRaw(bundle: Bundle, raw: number, line: number | null, minEdge: number): Scored {
  const [lo, hi] = bundle.clamp ?? [0, 70];
  const predicted = round(Math.min(hi, Math.max(lo, raw)), 2);
  if (line === null)
    return { predicted, edge: null, p_over: null, confidence: null, recommendation: 'NO_LINE' };
  const edge = round(predicted - line, 2);
  const q = bundle.residual_quantiles;
  const overRaw = 1 - cdf(q, Math.floor(line) + 0.5 - predicted);
  const underRaw = cdf(q, Math.ceil(line) - 0.5 - predicted);
  const pOver = overRaw + underRaw > 0 ? overRaw / (overRaw + underRaw) : 0.5;
  const recommendation = edge >= minEdge ? 'OVER' : edge <= -minEdge ? 'UNDER' : 'PASS';
  return {
    predicted,
    edge,
    p_over: round(pOver, 4),
    confidence: round(Math.max(pOver, 1 - pOver), 4),
    recommendation,
  };
}
