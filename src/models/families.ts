import { type FamilyConfig, systemIdPrefix } from '../config/groups/models.ts';
import type { Config } from '../config/schema.ts';
import { type FeatureSetName, featureNames, isFeatureSetName } from '../features/index.ts';

/**
 * Families are configuration (spec 03 §3): this resolves `models.families` against the feature
 * contract. No code lists families.
 */
export interface Family {
  name: string;
  featureSet: FeatureSetName;
  loss: FamilyConfig['loss'];
  alpha: number | null;
  featureNames: string[];
  /** One weight per feature of the set (1 unless configured). */
  featureWeights: number[];
  /** Configured weights by name (as recorded on the model). */
  weightsByName: Record<string, number> | null;
  idTag: string | null;
  minEdge: number;
  enabled: boolean;
  /** GBDT params (snake_case) for this family: models.gbdt.* < family params; runtime keys excluded. */
  params: Record<string, unknown>;
  /** `gbdt_{set}[_{tag}][_qNN]` */
  idPrefix: string;
  /** `points`, or `residual`: learns actual − line on lined rows and predicts line + residual. */
  target: 'points' | 'residual';
}

const CAMEL_TO_SNAKE: Record<string, string> = {
  maxRounds: 'max_rounds',
  learningRate: 'learning_rate',
  maxDepth: 'max_depth',
  minDataInLeaf: 'min_data_in_leaf',
  minSumHessianInLeaf: 'min_sum_hessian_in_leaf',
  lambdaL2: 'lambda_l2',
  minGain: 'min_gain',
  maxBins: 'max_bins',
  earlyStoppingRounds: 'early_stopping_rounds',
  subsample: 'subsample',
  colsampleBytree: 'colsample_bytree',
  huberDelta: 'huber_delta',
  seed: 'seed',
};

/** Resolves every configured family (or only `names`); throws naming the family and problem. */
export function resolveFamilies(config: Pick<Config, 'models'>, names?: string[]): Family[] {
  const all = config.models.families;
  if (names?.length) {
    const known = new Set(all.map((f) => f.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length) {
      throw new Error(
        `unknown famil${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} (configured: ${[...known].join(', ')})`,
      );
    }
  }
  const picked = names?.length ? all.filter((f) => names.includes(f.name)) : all;
  return picked.map((f) => resolveFamily(f, config));
}

export function resolveFamily(f: FamilyConfig, config: Pick<Config, 'models'>): Family {
  if (!isFeatureSetName(f.featureSet)) {
    throw new Error(`family ${f.name}: unknown feature set ${f.featureSet}`);
  }
  const names = featureNames(f.featureSet);
  const weights = names.map(() => 1);
  for (const [name, w] of Object.entries(f.featureWeights ?? {})) {
    const i = names.indexOf(name);
    if (i < 0)
      throw new Error(`family ${f.name}: weighted feature ${name} is not in feature set ${f.featureSet}`);
    weights[i] = w;
  }
  const params: Record<string, unknown> = {};
  const g = config.models.gbdt as Record<string, unknown>;
  for (const [camel, snake] of Object.entries(CAMEL_TO_SNAKE)) params[snake] = g[camel];
  for (const [camel, v] of Object.entries(f.params ?? {})) {
    if (v !== undefined) params[CAMEL_TO_SNAKE[camel]] = v;
  }
  params.loss = f.loss;
  if (f.loss === 'quantile') params.alpha = f.alpha;
  params.feature_weights = weights;
  return {
    name: f.name,
    featureSet: f.featureSet,
    loss: f.loss,
    alpha: f.alpha ?? null,
    featureNames: names,
    featureWeights: weights,
    weightsByName: f.featureWeights ? { ...f.featureWeights } : null,
    idTag: f.idTag ?? null,
    minEdge: f.minEdge,
    enabled: f.enabled,
    params,
    idPrefix: systemIdPrefix(f),
    target: f.target ?? 'points',
  };
}
