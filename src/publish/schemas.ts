import { z } from 'zod';
import { FILTER_KEYS } from '../bestbets/index.ts';

/**
 * Shared types of the export contract (spec 07 §2). Every object is strict (an unknown key is
 * an error) and its key order is the serialization order. `?` in the spec = `.nullable()`:
 * a missing value is `null`, never an omitted key.
 */

export const num = z.number().finite();
export const int = z.number().int();
export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const instantStr = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
export const direction = z.enum(['OVER', 'UNDER']);
export const result = z.enum(['WIN', 'LOSS', 'PUSH', 'VOID']);

export const envelope = {
  schema_version: int,
  generated_at: instantStr,
  algorithm_version: z.string(),
};

export const RecordSchema = z.strictObject({
  wins: int,
  losses: int,
  pushes: int,
  voided: int,
  pct: num.nullable(),
  ci_low: num.nullable(),
  ci_high: num.nullable(),
});

export const HrSchema = z.strictObject({
  hr: num.nullable(),
  n: int,
  ci_low: num.nullable(),
  ci_high: num.nullable(),
});

export const DayStatusSchema = z.enum(['pending', 'sweep', 'split', 'miss', 'void', 'no_picks']);

export const HaltSchema = z.strictObject({
  active: z.boolean(),
  state: z.enum(['manual', 'off_season', 'fleet_blocked']).nullable(),
  reason: z.string().nullable(),
  since: instantStr.nullable(),
});

const publicPickShape = {
  rank: int,
  game_id: z.string(),
  game_time: instantStr.nullable(),
  player_id: z.string(),
  player: z.string(),
  player_lookup: z.string(),
  team: z.string(),
  opponent: z.string(),
  direction,
  stat: z.literal('PTS'),
  line: num,
  edge: num.min(0),
  book: z.string().nullable(),
  price: int.nullable(),
  ev_pct: num.nullable(),
  ultra: z.boolean(),
  angles: z.array(z.string()).max(3),
  warnings: z.array(z.string()),
  actual: int.nullable(),
  result: result.nullable(),
  void_reason: z.enum(['dnp', 'postponed', 'inactive']).nullable(),
  status: z.enum(['active', 'withdrawn']),
  withdraw_reason: z.string().nullable(),
};

export const PublicPickSchema = z.strictObject(publicPickShape);

const detailShape = {
  ...publicPickShape,
  angles: z.array(z.string()).max(5),
  predicted: num,
  confidence: num.min(0).max(1),
  p_over: num.min(0).max(1),
  p_direction: num.min(0).max(1),
  system_id: z.string(),
  family: z.string(),
  signals: z.array(z.strictObject({ tag: z.string(), strength: num })),
  signal_count: int,
  matched_combo: z.string().nullable(),
  agreement: z.strictObject({
    count: int,
    majority: direction.nullable(),
    models: z.array(z.string()),
    avg_edge: num.nullable(),
    models_predicting: int,
    n_models_eligible: int,
    direction_conflict: z.boolean(),
  }),
  pricing: z.strictObject({
    best_book: z.string().nullable(),
    best_price: int.nullable(),
    decimal: num,
    fair_prob: num.nullable(),
    ev_pct: num,
    kelly_full: num,
    stake_pct: num,
    price_source: z.enum(['market', 'assumed']),
    priced_at: instantStr.nullable(),
  }),
  drivers: z.array(z.strictObject({ feature: z.string(), label: z.string(), points: num })),
};

export const DetailPickSchema = z.strictObject(detailShape);

export const UltraCriterionSchema = z.strictObject({
  id: z.string(),
  description: z.string(),
  hr: num.nullable(),
  n: int,
});

export const AdminPickSchema = z.strictObject({
  ...detailShape,
  ultra_criteria: z.array(UltraCriterionSchema),
  provenance: z.strictObject({
    batch_id: z.string().nullable(),
    feature_set_version: z.string().nullable(),
    features_computed_at: instantStr.nullable(),
    odds_captured_at: instantStr.nullable(),
  }),
});

const modelRowShape = {
  system_id: z.string(),
  family: z.string(),
  status: z.string(),
  enabled: z.boolean(),
  state: z.string(),
  state_since: date,
  consecutive_days: int,
  w7d: HrSchema,
  w14d: HrSchema,
  w30d: HrSchema,
  mae_30d: num.nullable(),
  line_mae_30d: num.nullable(),
  bias_30d: num.nullable(),
  days_since_training: int.nullable(),
};
export const ModelRowSchema = z.strictObject(modelRowShape);
export const modelRowKeys = modelRowShape;

/** The filters in best bets' order (one list: src/bestbets owns it). */
export const FILTER_KEY_LIST = FILTER_KEYS;

export const FilterSummarySchema = z.strictObject({
  total_candidates: int,
  passed: int,
  rejected: z.strictObject(
    Object.fromEntries(FILTER_KEY_LIST.map((k) => [k, int])) as Record<
      (typeof FILTER_KEY_LIST)[number],
      typeof int
    >,
  ),
});

export const EdgeDistributionSchema = z.strictObject({
  candidates: int,
  edge_3_plus: int,
  edge_5_plus: int,
  edge_7_plus: int,
  max_edge: num.nullable(),
});

export const DirectionHealthSchema = z.strictObject({
  window_days: int,
  over: RecordSchema,
  under: RecordSchema,
});

export const PlayerBlacklistSchema = z.strictObject({
  count: int,
  evaluated: int,
  hr_threshold: num,
  min_n: int,
  players: z.array(z.string()).max(10),
});

export const SignalEvaluatedSchema = z.strictObject({
  tag: z.string(),
  description: z.string(),
  fired: int,
  in_picks: int,
  season: HrSchema,
  regime: z.enum(['HOT', 'NORMAL', 'COLD']),
});

export const ExposureSchema = z.strictObject({ total_stake_pct: num, cap_pct: num, scale: num });

export const UltraGateSchema = z.strictObject({
  met: z.boolean(),
  n: int,
  hr: num.nullable(),
  target_n: int,
  target_hr: num,
});

export const PipelineSummarySchema = z.strictObject({
  bottleneck: z
    .enum(['halted', 'no_models', 'no_candidates', 'edge_floor', 'filters_rejected_all'])
    .nullable(),
  counts: z.strictObject({
    models_enabled: int,
    models_predicted: int,
    predictions: int,
    candidates: int,
    edge_floor_passed: int,
    filters_passed: int,
    capped: int,
    picks: int,
    ultra: int,
    max_edge: num.nullable(),
  }),
});

export const RunStatusSchema = z.enum(['published', 'halted', 'not_run']);

export type RecordT = z.infer<typeof RecordSchema>;
export type HrT = z.infer<typeof HrSchema>;
export type HaltT = z.infer<typeof HaltSchema>;
export type PublicPickT = z.infer<typeof PublicPickSchema>;
export type DetailPickT = z.infer<typeof DetailPickSchema>;
export type AdminPickT = z.infer<typeof AdminPickSchema>;
export type ModelRowT = z.infer<typeof ModelRowSchema>;
export type DayStatus = z.infer<typeof DayStatusSchema>;
