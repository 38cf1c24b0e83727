import type { Halt } from '../bestbets/index.ts';
import type { PipelineRun } from '../store/runs.ts';

/**
 * The plain rows one publish run loads (src/publish/load.ts) and every exporter's pure build
 * reads. JSON columns are parsed; numbers are numbers; dates 'YYYY-MM-DD'; instants ISO.
 */

export interface PickRow {
  date: string;
  rank: number;
  game_id: string;
  player_id: number;
  player_lookup: string;
  player_name: string;
  team: string | null;
  opponent: string | null;
  game_start_utc: string | null;
  system_id: string;
  family: string;
  predicted: number;
  line: number;
  line_book: string | null;
  edge: number;
  direction: 'OVER' | 'UNDER';
  confidence: number | null;
  p_over: number | null;
  signals: Array<{ tag: string; strength: number }>;
  real_signal_count: number;
  matched_combo_id: string | null;
  n_models_eligible: number;
  direction_conflict: boolean;
  model_agreement_count: number;
  agreeing_model_ids: string[];
  avg_edge_agreeing: number;
  models_predicting: number;
  majority_direction: 'OVER' | 'UNDER' | null;
  best_book: string | null;
  best_price: number | null;
  fair_prob: number | null;
  p_direction: number | null;
  ev: number | null;
  kelly_full: number | null;
  stake_pct: number | null;
  price_source: 'market' | 'assumed';
  priced_at: string | null;
  ultra_tier: boolean;
  ultra_criteria: Array<{ id: string; description: string; hr: number | null; n: number }>;
  angles: string[];
  warnings: string[];
  contributions: Array<{ feature: string; label: string; value: number }>;
  provenance: {
    batch_id?: string | null;
    feature_set_version?: string | null;
    features_computed_at?: string | null;
    odds_captured_at?: string | null;
  };
  status: 'active' | 'withdrawn';
  published_at: string | null;
  withdraw_reason: string | null;
  /** pick_grades (active picks of graded games only). */
  result: 'WIN' | 'LOSS' | 'PUSH' | 'VOID' | null;
  void_reason: 'dnp' | 'postponed' | 'inactive' | null;
  actual: number | null;
  units_won: number | null;
}

export interface RunRow {
  date: string;
  run_id: string;
  algorithm_version: string;
  status: 'published' | 'halted';
  halt: Halt;
  filter_summary: any;
  pipeline_summary: any;
  edge_distribution: any;
  exposure: any;
  ultra_gate: { met: boolean; n: number; hr: number | null; target_n: number; target_hr: number };
  config_hash: string;
}

export interface CandidateRow {
  date: string;
  game_id: string;
  player_id: number;
  player_lookup: string;
  player: string;
  system_id: string;
  family: string;
  direction: 'OVER' | 'UNDER';
  line: number;
  predicted: number;
  edge: number;
  quality_score: number | null;
  signals: Array<{ tag: string; strength: number }>;
  real_signal_count: number;
  ev: number | null;
  consensus_line: number | null;
  filter_result: string;
}

export interface ModelInfo {
  system_id: string;
  family: string;
  status: string;
  enabled: boolean;
  train_end: string | null;
}

export interface PerfRow {
  date: string;
  system_id: string;
  n_7d: number;
  hr_7d: number | null;
  ci_low_7d: number | null;
  ci_high_7d: number | null;
  n_14d: number;
  hr_14d: number | null;
  ci_low_14d: number | null;
  ci_high_14d: number | null;
  n_30d: number;
  hr_30d: number | null;
  ci_low_30d: number | null;
  ci_high_30d: number | null;
  mae_30d: number | null;
  line_mae_30d: number | null;
  bias_30d: number | null;
  days_since_training: number | null;
  state: string;
  state_since: string;
  consecutive_days_in_state: number;
}

/** Calibration counts per model and p_over bin over the last 30 days (aggregated in SQL). */
export interface CalibrationRow {
  system_id: string;
  bin: number;
  n: number;
  sum_p: number;
  overs: number;
}

export interface SignalHealthRow {
  tag: string;
  n_season: number;
  hr_season: number | null;
  ci_low_season: number | null;
  ci_high_season: number | null;
  regime: 'HOT' | 'NORMAL' | 'COLD';
}

export interface DirectionHealthRow {
  direction: 'OVER' | 'UNDER';
  wins: number;
  losses: number;
  pushes: number;
  voided: number;
}

export interface BlacklistRow {
  player_lookup: string | null;
  hr: number;
  blacklisted: boolean;
}

export interface GameRow {
  game_id: string;
  game_date: string;
  start_utc: string | null;
  home: string;
  away: string;
  status: number;
  postponed: boolean;
}

export interface PlayerInfo {
  player_id: number;
  name: string;
  player_lookup: string;
  team: string | null;
}

/** An active prediction of D with its grade when graded. */
export interface PredRow {
  game_id: string;
  player_id: number;
  system_id: string;
  family: string;
  line: number | null;
  book: string | null;
  predicted: number;
  edge: number | null;
  recommendation: string;
  confidence: number | null;
  p_over: number | null;
  result: string | null;
  void_reason: string | null;
  actual: number | null;
  minutes: number | null;
  abs_error: number | null;
  line_abs_error: number | null;
}

export interface BoxRow {
  player_id: number;
  game_id: string;
  game_date: string;
  team: string;
  home_team: string;
  away_team: string;
  minutes: number;
  points: number;
}

export interface LineRow {
  game_id: string;
  player_id: number;
  line: number;
  n: number;
}

export type PipelineRunRow = Pick<
  PipelineRun,
  'run_id' | 'phase' | 'date' | 'status' | 'started_at' | 'duration_ms' | 'counts' | 'error'
>;

export interface AlertRow {
  created_at: string;
  kind: string;
  severity: string;
  subject: string;
  message: string;
}

export interface BatchRow {
  batch_id: string;
  date: string;
  status: string;
  requested: number;
  completed: number;
  failed: number;
  started_at: string | null;
  finished_at: string | null;
}

export interface PublishSettings {
  breakEvenPct: number;
  maxPublicAngles: number;
  maxStoredAngles: number;
  ultraCriteria: Array<{ id: string; description: string }>;
  blacklistHrBelow: number;
  blacklistMinN: number;
  directionWindowDays: number;
  calibrationBins: number;
  signals: Array<{ tag: string; description: string }>;
  ultraGateTargets: { n: number; hr: number };
  /** Current algorithm constant, for files of dates without a best-bets run. */
  algorithmVersion: string;
}

export interface PublishData {
  /** Date of the dated files (signal-best-bets, admin picks, predictions, results, players). */
  date: string;
  /** Date of the current files (all.json, dashboard, models health): max(D, latestDate). */
  asOf: string;
  /** Newest date ≤ today with a best-bets run (latest.json), or null. */
  latestDate: string | null;
  settings: PublishSettings;
  /** The halt that applies to asOf (its run's, else the current state). */
  halt: Halt;
  /** best_bets_runs of D's season up to D (and of latestDate). */
  runs: RunRow[];
  /** best_bets_picks of D's season up to D, every status, with grades. */
  picks: PickRow[];
  /** Candidates of D and latestDate. */
  candidates: CandidateRow[];
  models: ModelInfo[];
  /** model_performance_daily of the 60 dates up to D. */
  perf: PerfRow[];
  calibration: CalibrationRow[];
  /** Latest rows dated ≤ D. */
  signalHealth: SignalHealthRow[];
  directionHealth: DirectionHealthRow[];
  blacklist: BlacklistRow[];
  games: GameRow[];
  predictions: PredRow[];
  players: PlayerInfo[];
  boxes: BoxRow[];
  boxLines: LineRow[];
  pipelineRuns: PipelineRunRow[];
  alerts: AlertRow[];
  latestBatch: BatchRow | null;
}
