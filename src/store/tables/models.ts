import { json, type Queryable } from '../store.ts';

/**
 * One writer for `models` rows (migration 0500, spec 03 §6): the registry, the backtest's own
 * store and test fixtures hand records over here, so the column list, the JSON encoding and the
 * table's defaults live in one place.
 */
export const MODEL_COLUMNS = [
  'system_id',
  'family',
  'feature_set',
  'contract_hash',
  'loss',
  'quantile_alpha',
  'feature_weights',
  'min_edge',
  'train_start',
  'train_end',
  'window_game_days',
  'val_start',
  'val_end',
  'params',
  'best_iteration',
  'counts',
  'metrics',
  'gates',
  'gates_passed',
  'gate_basis',
  'importance',
  'vegas_gain_share',
  'residual_quantiles',
  'status',
  'enabled',
  'is_champion',
  'shadow_since',
  'status_changed_at',
  'status_reason',
  'artifact_hash',
  'config_hash',
  'seed',
  'duration_ms',
  'run_id',
  'created_at',
] as const;

export type ModelColumn = (typeof MODEL_COLUMNS)[number];

/** Columns stored as JSON text: records carry them as values and they are encoded here. */
export const MODEL_JSON_COLUMNS: readonly ModelColumn[] = [
  'feature_weights',
  'params',
  'counts',
  'metrics',
  'gates',
  'importance',
  'residual_quantiles',
];

/** The NOT NULL columns without a default: every record gives them. */
type RequiredColumn =
  | 'system_id'
  | 'family'
  | 'feature_set'
  | 'contract_hash'
  | 'loss'
  | 'min_edge'
  | 'train_start'
  | 'train_end'
  | 'window_game_days'
  | 'artifact_hash'
  | 'created_at';

export type ModelRecord = Record<RequiredColumn, unknown> & Partial<Record<ModelColumn, unknown>>;

/** The table's column defaults, applied when a record leaves the field out. */
const DEFAULTS: Partial<Record<ModelColumn, unknown>> = {
  gates_passed: false,
  status: 'candidate',
  enabled: false,
  is_champion: false,
};

const isJson = new Set<ModelColumn>(MODEL_JSON_COLUMNS);

export function modelRow(r: ModelRecord): unknown[] {
  return MODEL_COLUMNS.map((c) => (isJson.has(c) ? json(r[c]) : (r[c] ?? DEFAULTS[c] ?? null)));
}

/** Bulk insert; `ifNew` leaves rows whose system_id is already stored untouched. */
export function insertModels(
  q: Queryable,
  records: readonly ModelRecord[],
  opts: { ifNew?: boolean } = {},
): Promise<number> {
  return q.insertMany(
    'models',
    [...MODEL_COLUMNS],
    records.map(modelRow),
    opts.ifNew ? { onConflict: 'ON CONFLICT (system_id) DO NOTHING' } : undefined,
  );
}
