import { z } from 'zod';
import { LOSS_NAMES } from '../../gbdt/index.ts';
import { group } from '../define.ts';

const VEGAS = ['vegas_points_line', 'vegas_opening_line', 'vegas_line_move', 'has_vegas_line'];

/** Optional per-family overrides of the GBDT parameters (spec 03 §2.2), camelCase. */
const gbdtOverrides = z.strictObject({
  maxRounds: z.number().int().min(1).max(20000).optional(),
  learningRate: z.number().gt(0).max(1).optional(),
  maxDepth: z.number().int().min(1).max(12).optional(),
  minDataInLeaf: z.number().int().min(1).optional(),
  minSumHessianInLeaf: z.number().min(0).optional(),
  lambdaL2: z.number().min(0).optional(),
  minGain: z.number().min(0).optional(),
  maxBins: z.number().int().min(2).max(255).optional(),
  earlyStoppingRounds: z.number().int().min(1).optional(),
  subsample: z.number().gt(0).max(1).optional(),
  colsampleBytree: z.number().gt(0).max(1).optional(),
  huberDelta: z.number().gt(0).optional(),
  seed: z.number().int().min(0).max(4294967295).optional(),
});

export const familySchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]+$/, 'family names are lower-case [a-z0-9_]'),
  featureSet: z.string().min(1),
  // The GBDT's loss registry names the losses (a new loss is one file in src/gbdt/losses.ts).
  loss: z.enum(LOSS_NAMES),
  alpha: z.number().gt(0).lt(1).optional(),
  /** Split-gain multipliers by feature name (spec 03 §3); others are 1. */
  featureWeights: z.record(z.string(), z.number().min(0).max(10)).optional(),
  idTag: z
    .string()
    .regex(/^[a-z0-9]+$/)
    .optional(),
  minEdge: z.number().min(0),
  enabled: z.boolean().default(true),
  params: gbdtOverrides.optional(),
  /**
   * What the GBDT learns: `points` (default) or `residual` = actual − consensus line, trained on
   * lined rows only and predicting line + residual (probabilities issue, an experiment).
   */
  target: z.enum(['points', 'residual']).optional(),
});

export type FamilyConfig = z.infer<typeof familySchema>;

/** `gbdt_{feature_set}[_{id_tag}][_q{alpha×100}]` (spec 03 §4.4); also used by src/models/naming. */
export function systemIdPrefix(f: Pick<FamilyConfig, 'featureSet' | 'idTag' | 'alpha'>): string {
  const q = f.alpha !== undefined ? `_q${Math.round(f.alpha * 100)}` : '';
  return `gbdt_${f.featureSet}${f.idTag ? `_${f.idTag}` : ''}${q}`;
}

const fam = (
  name: string,
  featureSet: string,
  loss: 'l2' | 'quantile',
  minEdge: number,
  extra: Partial<FamilyConfig> = {},
): FamilyConfig => ({ name, featureSet, loss, minEdge, enabled: true, ...extra });

export const DEFAULT_FAMILIES: FamilyConfig[] = [
  fam('v9', 'v9', 'l2', 3),
  fam('v9_lowvegas', 'v9', 'l2', 3, {
    idTag: 'lowvegas',
    featureWeights: Object.fromEntries(VEGAS.map((v) => [v, 0.25])),
  }),
  fam('v9_q43', 'v9', 'quantile', 4, { alpha: 0.43 }),
  fam('v9_q45', 'v9', 'quantile', 4, { alpha: 0.45 }),
  fam('v12', 'v12', 'l2', 3),
  fam('v12_noveg', 'v12_noveg', 'l2', 3),
  fam('v12_noveg_q43', 'v12_noveg', 'quantile', 4, { alpha: 0.43 }),
  fam('v12_noveg_q45', 'v12_noveg', 'quantile', 4, { alpha: 0.45 }),
  // The residual experiment of the probabilities issue: off in the fleet, run with --families.
  fam('v12_resid', 'v12', 'l2', 3, { idTag: 'resid', target: 'residual', enabled: false }),
];

/**
 * Checks that need no feature contract (config load fails on them, spec 03 §3); the feature
 * set and weighted names are checked against the contract by src/models/families.ts.
 */
const familiesSchema = z
  .array(familySchema)
  .default(DEFAULT_FAMILIES)
  .superRefine((fams, ctx) => {
    const names = new Set<string>();
    const prefixes = new Map<string, string>();
    fams.forEach((f, i) => {
      if (names.has(f.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `repeated family ${f.name}` });
      names.add(f.name);
      if (f.loss === 'quantile' && f.alpha === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'alpha'],
          message: `family ${f.name}: quantile loss needs alpha`,
        });
      }
      if (f.loss !== 'quantile' && f.alpha !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'alpha'],
          message: `family ${f.name}: alpha is for quantile loss only`,
        });
      }
      if (f.alpha !== undefined && Math.abs(f.alpha * 100 - Math.round(f.alpha * 100)) > 1e-9) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'alpha'],
          message: `family ${f.name}: alpha × 100 must be an integer`,
        });
      }
      const prefix = systemIdPrefix(f);
      const other = prefixes.get(prefix);
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'idTag'],
          message: `families ${other} and ${f.name} share the system_id prefix ${prefix}; give one an idTag`,
        });
      }
      prefixes.set(prefix, f.name);
    });
  })
  .describe(
    'Model families (JSON array in env): name, featureSet, loss, alpha, featureWeights, idTag, minEdge, enabled, params',
  );

/** Model fleet (spec 03). */
export const modelsConfig = group({
  families: familiesSchema,
  training: group({
    windowGameDays: z.number().int().positive().default(56).describe('Rolling training window in game days'),
    seasonTypes: z
      .array(z.enum(['regular', 'playin', 'playoffs', 'cup_final']))
      .default(['regular', 'playin', 'playoffs', 'cup_final'])
      .describe('Season types used for training (JSON array in env)'),
    validationShare: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.15)
      .describe('Share of the window (last game days, rounded up) held out for validation'),
    minTrainRows: z.number().int().min(1).default(1000).describe('Fewer training rows ⇒ INSUFFICIENT_ROWS'),
    minValRows: z.number().int().min(1).default(200).describe('Fewer validation rows ⇒ INSUFFICIENT_ROWS'),
    minCoverage: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe("Share of the window's Final games that need box scores, else DATA_INCOMPLETE"),
    refitFullWindow: z
      .boolean()
      .default(false)
      .describe('Refit on the whole window for best_iteration + 1 rounds after early stopping'),
    cadenceDays: z.number().int().min(1).default(7).describe('Days between weekly retrains'),
    weekday: z
      .enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
      .default('monday')
      .describe('Weekday of the weekly retrain'),
  }),
  gbdt: group({
    maxRounds: z.number().int().min(1).max(20000).default(1000).describe('Boosting rounds cap'),
    learningRate: z.number().gt(0).max(1).default(0.05).describe('Shrinkage'),
    maxDepth: z.number().int().min(1).max(12).default(6).describe('Depth-wise growth limit'),
    minDataInLeaf: z.number().int().min(1).default(20).describe('Rows per child'),
    minSumHessianInLeaf: z.number().min(0).default(1e-3).describe('Hessian per child'),
    lambdaL2: z.number().min(0).default(3).describe('L2 on leaf values'),
    minGain: z.number().min(0).default(0).describe('Minimum weighted split gain'),
    maxBins: z.number().int().min(2).max(255).default(255).describe('Value bins per feature'),
    earlyStoppingRounds: z.number().int().min(1).default(50).describe('Early-stopping patience'),
    subsample: z.number().gt(0).max(1).default(1).describe('Row fraction per round'),
    colsampleBytree: z.number().gt(0).max(1).default(1).describe('Column fraction per tree'),
    huberDelta: z.number().gt(0).default(4).describe('Huber loss delta'),
    seed: z.number().int().min(0).max(4294967295).default(42).describe('Seed of all randomness'),
    parallelMinCells: z
      .number()
      .int()
      .min(1)
      .default(200_000)
      .describe('A node uses threads only when rows × features reach this'),
  }),
  scoring: group({
    clampMax: z.number().positive().default(70).describe('Predictions are clamped to [0, clampMax]'),
  }),
  probability: group({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Honest probabilities: player-dependent spread and market-aware p_final behind every EV, stake and pick',
      ),
    prior: z
      .number()
      .min(0)
      .default(10)
      .describe('Shrinkage of the p_final combination toward (a, b, c) = (0, 1, 0), in log-likelihood units'),
  }),
  registry: group({
    minEnabled: z.number().int().min(0).default(3).describe('Safety floor of enabled models'),
    minShadowDays: z
      .number()
      .int()
      .min(0)
      .default(2)
      .describe('Game days with predictions a shadow needs before promotion'),
    autoEnable: z
      .boolean()
      .default(true)
      .describe('Weekly retrain: a model with no failed gate becomes shadow (insufficient is not a fail)'),
    autoPromote: z.boolean().default(false).describe('Weekly retrain: promote automatically'),
    promoteOn: z
      .array(z.enum(['hr3', 'log_loss', 'directional', 'mae_vs_line', 'line_bias', 'tier_bias']))
      .min(1)
      .default(['hr3', 'log_loss'])
      .describe('Promotion to champion: no gate failed and a pass on at least one of these gates'),
    advisoryGates: z
      .array(z.enum(['log_loss', 'hr3', 'directional', 'mae_vs_line', 'line_bias', 'tier_bias']))
      .default(['log_loss'])
      .describe(
        'Gates whose fail does not block enabling (still blocks promotion): log_loss while it judges p_model, whose overconfidence fails every model',
      ),
  }),
  gates: group({
    evalDays: z.number().int().min(1).default(14).describe('Calendar days of the gate period after T'),
    minEvalGameDays: z
      .number()
      .int()
      .min(1)
      .default(7)
      .describe('Fewer days with graded lined rows ⇒ HR and log-loss gates insufficient'),
    maxAbsLineBias: z.number().min(0).default(1.5).describe('line_bias: |mean(predicted − line)| ≤ this'),
    maxAbsTierBias: z.number().min(0).default(5).describe('tier_bias: no tier with n ≥ tierMinN beyond this'),
    tierMinN: z.number().int().min(1).default(10).describe('tier_bias: rows a tier needs to be judged'),
    minHr3: z
      .number()
      .min(0)
      .max(1)
      .default(0.52)
      .describe('hr3: the bar for the 95% Wilson interval of HR@3 (pass above it, fail below it)'),
    minHr3N: z.number().int().min(1).default(50).describe('hr3: fewer bets ⇒ insufficient'),
    minSideHr3: z
      .number()
      .min(0)
      .max(1)
      .default(0.52)
      .describe('directional: the bar for each side’s Wilson interval of HR@3'),
    minSideN: z.number().int().min(1).default(15).describe('directional: N a side needs to be judged'),
    maxMaeOverLine: z
      .number()
      .min(0)
      .default(0.3)
      .describe('mae_vs_line: bar for the bootstrap interval of mean(|model error| − |line error|)'),
    maxLogLossOverMarket: z
      .number()
      .default(0)
      .describe('log_loss: bar for the bootstrap interval of mean(log loss − no-vig market log loss)'),
    minLinedRows: z
      .number()
      .int()
      .min(2)
      .default(30)
      .describe('line_bias, mae_vs_line, log_loss: fewer lined (priced) rows ⇒ insufficient'),
    bootstrapDraws: z.number().int().min(100).default(2000).describe('Paired bootstrap resamples per gate'),
    bootstrapSeed: z
      .number()
      .int()
      .min(0)
      .default(42)
      .describe('Seed of the gate bootstraps (same rows, same outcome)'),
    detectEdge: z
      .number()
      .positive()
      .max(0.4)
      .default(0.03)
      .describe(
        'n_needed: the hit-rate edge over the bar a gate result says how many rows it would need to detect',
      ),
  }),
  backtest: group({
    cadenceDays: z.number().int().min(1).default(7).describe('Days between backtest retrains'),
    reportDir: z.string().default('data/backtests').describe('Folder of backtest reports'),
    bookPriority: z
      .array(z.string())
      .default([
        'draftkings',
        'fanduel',
        'betmgm',
        'caesars',
        'fanatics',
        'betrivers',
        'espnbet',
        'bovada',
        'betonline',
      ])
      .describe(
        'Book order for ROI at actual odds: the first book quoting the consensus line gives the price',
      ),
  }),
});
