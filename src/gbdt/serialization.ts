import { z } from 'zod';
import { LOSS_NAMES } from './losses.ts';
import type { LossName, Model, Tree } from './types.ts';

export const MODEL_FORMAT = 'courtedge-gbdt';
export const MODEL_VERSION = 1;

/**
 * Versioned JSON (spec 03 §2.8). Keys in a fixed order, numbers in JavaScript's shortest
 * round-trip form, so serialize(deserialize(s)) === s and predictions are bit-identical.
 */
export function serialize(model: Model): string {
  const doc = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    loss: model.loss,
    alpha: model.alpha,
    huber_delta: model.huberDelta,
    params: model.params,
    feature_names: model.featureNames,
    feature_weights: model.featureWeights,
    base_score: model.baseScore,
    best_iteration: model.bestIteration,
    best_score: model.bestScore,
    history: { train: model.history.train, valid: model.history.valid },
    trees: model.trees.map((t) => ({
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
  return JSON.stringify(doc);
}

const num = z.number();
const treeSchema = z.object({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(num),
  default_left: z.array(z.union([z.literal(0), z.literal(1)])),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(num),
  gain: z.array(num),
  cover: z.array(num),
});
const docSchema = z.object({
  format: z.string(),
  version: z.number().int(),
  loss: z.enum(LOSS_NAMES),
  alpha: num.nullable(),
  huber_delta: num.nullable(),
  params: z.record(z.string(), z.unknown()),
  feature_names: z.array(z.string()),
  feature_weights: z.array(num),
  base_score: num,
  best_iteration: z.number().int().min(-1),
  best_score: num.nullable(),
  history: z.object({ train: z.array(num), valid: z.array(num) }),
  trees: z.array(treeSchema),
});

export function deserialize(text: string): Model {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`gbdt.deserialize: not JSON (${(e as Error).message})`);
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (head?.format !== MODEL_FORMAT)
    throw new Error(
      `gbdt.deserialize: unknown format ${JSON.stringify(head?.format)}, expected "${MODEL_FORMAT}"`,
    );
  if (typeof head.version !== 'number' || head.version > MODEL_VERSION || head.version < 1)
    throw new Error(
      `gbdt.deserialize: format ${MODEL_FORMAT} version ${JSON.stringify(head.version)} is not supported (supported: ≤ ${MODEL_VERSION})`,
    );
  const r = docSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`gbdt.deserialize: ${i.path.join('.')}: ${i.message}`);
  }
  const d = r.data;
  const nCols = d.feature_names.length;
  const trees: Tree[] = d.trees.map((t, ti) => {
    const m = t.feature.length;
    for (const k of ['threshold', 'default_left', 'left', 'right', 'value', 'gain', 'cover'] as const)
      if (t[k].length !== m)
        throw new Error(`gbdt.deserialize: trees.${ti}.${k} has ${t[k].length} nodes, expected ${m}`);
    for (let i = 0; i < m; i++) {
      const f = t.feature[i];
      if (f >= nCols)
        throw new Error(`gbdt.deserialize: trees.${ti}.feature.${i} = ${f} ≥ ${nCols} features`);
      if (f >= 0 && (t.left[i] <= i || t.left[i] >= m || t.right[i] <= i || t.right[i] >= m))
        throw new Error(`gbdt.deserialize: trees.${ti} node ${i} has children out of range`);
    }
    return {
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold),
      defaultLeft: Uint8Array.from(t.default_left),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
      gain: Float64Array.from(t.gain),
      cover: Float64Array.from(t.cover),
    };
  });
  return {
    loss: d.loss as LossName,
    alpha: d.alpha,
    huberDelta: d.huber_delta,
    params: d.params,
    featureNames: d.feature_names,
    featureWeights: d.feature_weights,
    baseScore: d.base_score,
    bestIteration: d.best_iteration,
    bestScore: d.best_score ?? Number.NaN,
    history: { train: d.history.train, valid: d.history.valid },
    trees,
  };
}
