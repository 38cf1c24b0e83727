// The JSON the site reads: spec 07-publishing-web.md §2, field by field (snake_case, as exported).
// Numbers are shown as given; the site never recomputes a record.

export interface Envelope {
  schema_version: number;
  generated_at: string;
  algorithm_version: string;
  /** Optional (not in spec §2 yet): how the store is marked (store_meta kind). */
  store_kind?: 'real' | 'simulated';
}

export interface Rec {
  wins: number;
  losses: number;
  pushes: number;
  voided: number;
  pct: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface Hr {
  hr: number | null;
  n: number;
  ci_low: number | null;
  ci_high: number | null;
}

export type DayStatus = 'pending' | 'sweep' | 'split' | 'miss' | 'void' | 'no_picks';
export type Direction = 'OVER' | 'UNDER';
export type Result = 'WIN' | 'LOSS' | 'PUSH' | 'VOID';

export interface Halt {
  active: boolean;
  state: 'manual' | 'off_season' | 'fleet_blocked' | null;
  reason: string | null;
  since: string | null;
}

export interface PublicPick {
  rank: number;
  game_id: string;
  game_time: string | null;
  player_id: string;
  player: string;
  player_lookup: string;
  team: string;
  opponent: string;
  direction: Direction;
  stat: 'PTS';
  line: number;
  edge: number;
  book: string | null;
  price: number | null;
  ev_pct: number | null;
  ultra: boolean;
  angles: string[];
  warnings: string[];
  actual: number | null;
  result: Result | null;
  void_reason: 'dnp' | 'postponed' | 'inactive' | null;
  status: 'active' | 'withdrawn';
  withdraw_reason: string | null;
}

export interface AdminPick extends PublicPick {
  predicted: number;
  confidence: number;
  p_over: number;
  p_direction: number;
  system_id: string;
  family: string;
  signals: Array<{ tag: string; strength: number }>;
  signal_count: number;
  matched_combo: string | null;
  ultra_criteria: Array<{ id: string; description: string; hr: number | null; n: number }>;
}

export interface Day {
  date: string;
  status: DayStatus;
  record: Rec;
  halt: Halt;
  picks: PublicPick[];
}

export interface BestBetsAll extends Envelope {
  date: string;
  season: string;
  break_even_pct: number;
  record: { season: Rec; month: Rec; week: Rec; last_10: Rec };
  streak: { type: 'W' | 'L' | null; count: number };
  best_streak: { count: number; start: string | null; end: string | null };
  ultra_record: { overall: Rec; over: Rec; under: Rec };
  halt: Halt;
  today: { date: string; status: DayStatus | 'not_run'; message: string | null; picks: PublicPick[] };
  weeks: Array<{ week_start: string; record: Rec; days: Day[] }>;
  counts: { total: number; graded: number; pending: number; voided: number; withdrawn: number };
}

export interface ModelRow {
  system_id: string;
  family: string;
  status: string;
  enabled: boolean;
  state: string;
  state_since: string;
  consecutive_days: number;
  w7d: Hr;
  w14d: Hr;
  w30d: Hr;
  mae_30d: number | null;
  line_mae_30d: number | null;
  bias_30d: number | null;
  days_since_training: number | null;
}

export interface CalibrationBin {
  bin_low: number;
  bin_high: number;
  n: number;
  mean_p: number | null;
  observed: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface ModelsHealth extends Envelope {
  date: string;
  break_even_pct: number;
  halt: Halt;
  models: Array<
    ModelRow & {
      series: Array<{ date: string; hr_7d: number | null; n_7d: number }>;
      calibration: CalibrationBin[];
    }
  >;
  families: Array<{ family: string; enabled_models: number; blocked: boolean }>;
}

export interface PlayerFile extends Envelope {
  player_id: string;
  player: string;
  player_lookup: string;
  team: string;
  season: string;
  games: Array<{
    date: string;
    game_id: string;
    opponent: string;
    home: boolean;
    minutes: number;
    points: number;
    line: number | null;
    vs_line: 'OVER' | 'UNDER' | 'PUSH' | null;
    best_bet: { direction: Direction; result: string | null } | null;
  }>;
  record: Rec;
  upcoming: {
    date: string;
    game_id: string;
    opponent: string;
    line: number | null;
    predictions: Array<{ system_id: string; predicted: number; recommendation: string }>;
  } | null;
}

export type Bottleneck = 'halted' | 'no_models' | 'no_candidates' | 'edge_floor' | 'filters_rejected_all';

export interface FilterSummary {
  total_candidates: number;
  passed: number;
  rejected: Record<string, number>;
}

export interface Dashboard extends Envelope {
  date: string;
  season: string;
  config_hash: string;
  status: string;
  halt: Halt;
  picks: AdminPick[];
  today_picks: AdminPick[];
  pipeline_summary: {
    bottleneck: Bottleneck | null;
    counts: {
      models_enabled: number;
      models_predicted: number;
      predictions: number;
      candidates: number;
      edge_floor_passed: number;
      filters_passed: number;
      capped: number;
      picks: number;
      ultra: number;
      max_edge: number | null;
    };
  };
  filter_summary: FilterSummary;
  edge_distribution: {
    candidates: number;
    edge_3_plus: number;
    edge_5_plus: number;
    edge_7_plus: number;
    max_edge: number | null;
  };
  model_health: Array<ModelRow & { candidates_today: number; picks_today: number }>;
  ultra_gate: { met: boolean; n: number; hr: number | null; target_n: number; target_hr: number };
  latest_batch: {
    batch_id: string;
    date: string;
    status: string;
    requested: number;
    completed: number;
    failed: number;
    started_at: string;
    finished_at: string | null;
  } | null;
  pipeline_runs: Array<{
    run_id: string;
    phase: string;
    date: string;
    status: string;
    started_at: string;
    duration_ms: number | null;
    counts: Record<string, unknown>;
    error: string | null;
  }>;
  alerts: Array<{ created_at: string; kind: string; severity: string; subject: string; message: string }>;
  direction_health: { window_days: number; over: Rec; under: Rec };
  player_blacklist: {
    count: number;
    evaluated: number;
    hr_threshold: number;
    min_n: number;
    players: string[];
  };
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  store: 'ok' | 'error';
  latest_best_bets_date: string | null;
  latest_export_at: string | null;
  uptime_s: number;
  /** Optional (not in spec §3 yet): store_meta kind. */
  store_kind?: 'real' | 'simulated';
  simulated?: boolean;
}

/** v1/signal-best-bets/{date}.json and latest.json: the parts the site reads. */
export interface SignalBestBets extends Envelope {
  date: string;
  season: string;
  status: 'published' | 'halted' | 'not_run';
  halt: Halt;
  total_picks: number;
  filter_summary: FilterSummary;
  edge_distribution: {
    candidates: number;
    edge_3_plus: number;
    edge_5_plus: number;
    edge_7_plus: number;
    max_edge: number | null;
  };
}
