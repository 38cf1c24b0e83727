import {
  type Dataset,
  importance as gbdtImportance,
  predict as gbdtPredict,
  serialize as gbdtSerialize,
  train as gbdtTrain,
  type Model,
} from '../gbdt/index.ts';

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

/** The §2.8 object of a model: the engine's own serialization, parsed (key order kept). */
export function modelToJson(m: Model): Record<string, unknown> {
  return JSON.parse(gbdtSerialize(m));
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
  return gbdtImportance(m).map((x) => ({
    feature: x.feature,
    gain: x.gain,
    split: x.split,
    gain_share: x.gainShare,
    split_share: x.splitShare,
  }));
}
