import type { Queryable } from '../store.ts';

/**
 * One row of `predictions` (migration 0600, spec 04 §5) as every writer hands it over: the
 * batch workers, the backtest's own store and test fixtures. `line_key` is derived here
 * (the line, or −1 without one) so no writer can get the primary key wrong.
 */
export interface PredictionRecord {
  prediction_id: string;
  batch_id: string;
  mode: string;
  game_date: string;
  game_id: string;
  player_id: number;
  system_id: string;
  family: string;
  line: number | null;
  book?: string | null;
  n_books?: number | null;
  predicted: number;
  edge?: number | null;
  p_over?: number | null;
  confidence?: number | null;
  recommendation: string;
  feature_set_version: string;
  feature_quality?: number | null;
  features_computed_at?: string | null;
  odds_captured_at?: string | null;
  /** The model's own probability and the market-aware one (migration 0610). */
  p_model?: number | null;
  p_final?: number | null;
  as_of: string;
  created_at: string;
  is_active: boolean;
  invalidation_reason?: string | null;
}

export const PREDICTION_COLUMNS = [
  'prediction_id',
  'batch_id',
  'mode',
  'game_date',
  'game_id',
  'player_id',
  'system_id',
  'family',
  'line',
  'line_key',
  'book',
  'n_books',
  'predicted',
  'edge',
  'p_over',
  'confidence',
  'recommendation',
  'feature_set_version',
  'feature_quality',
  'features_computed_at',
  'odds_captured_at',
  'as_of',
  'created_at',
  'is_active',
  'invalidation_reason',
  'p_model',
  'p_final',
] as const;

/** The key's line part: the line, or −1 for a NO_LINE row. */
export function lineKey(line: number | null): number {
  return line ?? -1;
}

/** Column defaults of the table, applied when a record leaves the field out. */
const DEFAULTS: Partial<Record<(typeof PREDICTION_COLUMNS)[number], unknown>> = { n_books: 0 };

export function predictionRow(r: PredictionRecord): unknown[] {
  return PREDICTION_COLUMNS.map((c) => (c === 'line_key' ? lineKey(r.line) : (r[c] ?? DEFAULTS[c] ?? null)));
}

/** Bulk insert (plain INSERT: callers dedupe on the key first). Returns rows written. */
export function insertPredictions(q: Queryable, records: readonly PredictionRecord[]): Promise<number> {
  return q.insertMany('predictions', [...PREDICTION_COLUMNS], records.map(predictionRow));
}
