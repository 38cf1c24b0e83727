import { predict as gbdtPredict } from '../gbdt/predictor.ts';
import { train as gbdtTrain } from '../gbdt/trainer.ts';
import type { Dataset, Model } from '../gbdt/types.ts';

/**
 * The seam between the fleet and the GBDT engine (spec 03 §2.1): train, predict, serialize,
 * importance. Everything in src/models goes through here, so an engine change touches one file.
 */

export type { Dataset, Model };

export type GbdtParamsSnake = Record<string, unknown>;

export function trainModel(params: GbdtParamsSnake, train: Dataset, valid?: Dataset): Model {
  return gbdtTrain(params as any, train, valid);
}

export function predictRaw(model: Model, X: Float32Array, nRows: number): Float64Array {
  if (nRows === 0) return new Float64Array(0);
  return gbdtPredict(model, X, nRows);
}

/** The §2.8 object of a model (plain JSON data; key order fixed). */
export function modelToJson(m: Model): Record<string, unknown> {
  return {
    format: 'courtedge-gbdt',
    version: 1,
    loss: m.loss,
    alpha: m.alpha,
    huber_delta: m.huberDelta,
    params: m.params,
    feature_names: m.featureNames,
    feature_weights: m.featureWeights,
    base_score: m.baseScore,
    best_iteration: m.bestIteration,
    best_score: m.bestScore,
    history: m.history,
    trees: m.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold),
      default_left: Array.from(t.defaultLeft),
      left: Array.from(t.left),
      right: Array.from(t.right),
      value: Array.from(t.value),
      gain: Array.from(t.gain),
      cover: Array.from(t.cover),
    })),
  };
}

/** Inverse of modelToJson. */
export function modelFromJson(o: any): Model {
  if (o?.format !== 'courtedge-gbdt') throw new Error(`unknown model format ${JSON.stringify(o?.format)}`);
  if (o.version > 1) throw new Error(`model format version ${o.version} is newer than the supported 1`);
  return {
    loss: o.loss,
    alpha: o.alpha,
    huberDelta: o.huber_delta,
    params: o.params,
    featureNames: o.feature_names,
    featureWeights: o.feature_weights,
    baseScore: o.base_score,
    bestIteration: o.best_iteration,
    bestScore: o.best_score,
    history: o.history,
    trees: o.trees.map((t: any) => ({
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold),
      defaultLeft: Uint8Array.from(t.default_left),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
      gain: Float64Array.from(t.gain),
      cover: Float64Array.from(t.cover),
    })),
  };
}

export interface Importance {
  feature: string;
  gain: number;
  split: number;
  gain_share: number;
  split_share: number;
}

/** Σ raw gain and split count per feature over the kept trees, with shares (spec 03 §2.9). */
export function importance(m: Model): Importance[] {
  const gain = new Float64Array(m.featureNames.length);
  const split = new Float64Array(m.featureNames.length);
  for (const t of m.trees) {
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i];
      if (f < 0) continue;
      gain[f] += t.gain[i];
      split[f]++;
    }
  }
  const tg = gain.reduce((a, b) => a + b, 0);
  const ts = split.reduce((a, b) => a + b, 0);
  return m.featureNames.map((feature, i) => ({
    feature,
    gain: gain[i],
    split: split[i],
    gain_share: tg ? gain[i] / tg : 0,
    split_share: ts ? split[i] / ts : 0,
  }));
}
