import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { LOSS_NAMES, LOSSES, type LossName, type LossParamShape } from './losses.ts';

/** Every loss's own parameters, in registry order (they follow `loss` in a serialized model). */
const lossParamShape: LossParamShape = Object.assign({}, ...Object.values(LOSSES).map((l) => l.params));
/** A loss parameter without a default belongs to its loss alone: required there, rejected elsewhere. */
const ownedParams: { name: string; loss: LossName }[] = LOSS_NAMES.flatMap((loss) =>
  Object.entries(LOSSES[loss].params)
    .filter(([, s]) => (s as z.ZodType).parse(undefined) === undefined)
    .map(([name]) => ({ name, loss })),
);
const lossParamDefaults: Record<string, unknown> = Object.fromEntries(
  Object.entries(lossParamShape as z.ZodRawShape)
    .map(([k, s]) => [k, (s as z.ZodType).parse(undefined)])
    .filter(([, v]) => v !== undefined),
);

/**
 * Training parameters (spec 03 §2.2), snake_case as serialized. The config layer
 * (`models.gbdt.*`, camelCase) maps onto these; `GBDT_DEFAULTS` are its defaults.
 */
export const GBDT_DEFAULTS = {
  loss: 'l2' as LossName,
  ...lossParamDefaults,
  max_rounds: 1000,
  learning_rate: 0.05,
  max_depth: 6,
  min_data_in_leaf: 20,
  min_sum_hessian_in_leaf: 1e-3,
  lambda_l2: 3,
  min_gain: 0,
  max_bins: 255,
  early_stopping_rounds: 50,
  subsample: 1,
  colsample_bytree: 1,
  seed: 42,
  parallel_min_cells: 200_000,
} as const;

/** Keys that say how training runs, not what it computes: never serialized. */
export const RUNTIME_ONLY_PARAMS = ['n_threads', 'parallel_min_cells'] as const;

const base = z.strictObject({
  loss: z.enum(LOSS_NAMES).default(GBDT_DEFAULTS.loss),
  ...lossParamShape,
  max_rounds: z.number().int().min(1).max(20000).default(GBDT_DEFAULTS.max_rounds),
  learning_rate: z.number().gt(0).max(1).default(GBDT_DEFAULTS.learning_rate),
  max_depth: z.number().int().min(1).max(12).default(GBDT_DEFAULTS.max_depth),
  min_data_in_leaf: z.number().int().min(1).default(GBDT_DEFAULTS.min_data_in_leaf),
  min_sum_hessian_in_leaf: z.number().min(0).default(GBDT_DEFAULTS.min_sum_hessian_in_leaf),
  lambda_l2: z.number().min(0).default(GBDT_DEFAULTS.lambda_l2),
  min_gain: z.number().min(0).default(GBDT_DEFAULTS.min_gain),
  max_bins: z.number().int().min(2).max(255).default(GBDT_DEFAULTS.max_bins),
  early_stopping_rounds: z.number().int().min(1).default(GBDT_DEFAULTS.early_stopping_rounds),
  subsample: z.number().gt(0).max(1).default(GBDT_DEFAULTS.subsample),
  colsample_bytree: z.number().gt(0).max(1).default(GBDT_DEFAULTS.colsample_bytree),
  feature_weights: z.array(z.number().min(0).max(10)).optional(),
  seed: z.number().int().min(0).max(0xffffffff).default(GBDT_DEFAULTS.seed),
  n_threads: z.number().int().min(1).max(256).optional(),
  parallel_min_cells: z.number().int().min(0).default(GBDT_DEFAULTS.parallel_min_cells),
});

export const gbdtParamsSchema = base.superRefine((p, ctx) => {
  const given = p as Record<string, unknown>;
  for (const { name, loss } of ownedParams) {
    if (p.loss === loss && given[name] === undefined)
      ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required for loss=${loss}` });
    if (p.loss !== loss && given[name] !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `${name} is only valid for loss=${loss}, not ${p.loss}`,
      });
  }
});

/** What callers pass: any subset of the params. */
export type GbdtParamsInput = z.input<typeof gbdtParamsSchema>;
/** Fully resolved params (n_threads filled in). */
export type GbdtParams = z.output<typeof gbdtParamsSchema> & { n_threads: number };

export class GbdtInputError extends Error {
  override name = 'GbdtInputError';
}

export function resolveParams(input: GbdtParamsInput = {}): GbdtParams {
  const r = gbdtParamsSchema.safeParse(input);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `params.${i.path.join('.') || '?'}: ${i.message}`).join('; ');
    throw new GbdtInputError(msg);
  }
  return { ...r.data, n_threads: r.data.n_threads ?? availableParallelism() };
}

/** Params as serialized in a model: fixed key order, runtime-only keys dropped. */
export function serializableParams(p: GbdtParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(base.shape) as (keyof GbdtParams)[]) {
    if ((RUNTIME_ONLY_PARAMS as readonly string[]).includes(k)) continue;
    const v = p[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}
