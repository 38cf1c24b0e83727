import { createHash } from 'node:crypto';
import { type ModelBundle, type ScoredPrediction, scoreWithBundle } from '../domain/model-bundle.ts';
import { deserialize, predict as gbdtPredict, type Model } from '../gbdt/index.ts';
import type { SystemFailure } from './types.ts';

/**
 * Loading and scoring a model bundle inside a worker (spec 03 §5, 04 §5 step 2-3).
 *
 * The GBDT engine (src/gbdt) evaluates the trees; scoring is domain/model-bundle.ts's
 * scorePrediction, the one code path shared with training and the backtest.
 */

/** The stored bundle (domain/model-bundle.ts) with its trees in the serialized shape the worker reads. */
export type Bundle = ModelBundle & { gbdt: SerializedGbdt };

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
  let model: Model;
  try {
    model = deserialize(JSON.stringify(bundle.gbdt));
  } catch (e) {
    throw new ModelLoadError('PARSE_ERROR', (e as Error).message);
  }
  if (model.featureNames.length !== bundle.feature_names.length) {
    throw new ModelLoadError(
      'FEATURE_CONTRACT_MISMATCH',
      `model has ${model.featureNames.length} features, bundle lists ${bundle.feature_names.length}`,
    );
  }
  return { hash: expectedHash, bundle, predict: (X, nRows) => gbdtPredict(model, X, nRows) };
}

export type Scored = Omit<ScoredPrediction, 'line'>;

/** scorePrediction of 03 §5 (domain/model-bundle.ts) on the raw GBDT output. */
export function scoreRaw(
  bundle: Bundle,
  raw: number,
  line: number | null,
  minEdge: number,
  pMarket: number | null = null,
): Scored {
  const { line: _line, ...rest } = scoreWithBundle(bundle, raw, line, minEdge, pMarket);
  return rest;
}
