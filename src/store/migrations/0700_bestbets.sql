-- Best bets (spec 05 §1 "Tables", 08 "Halt state"). Written only by src/bestbets; one
-- transaction per date replaces the run, the candidates and the unpublished picks.

CREATE TABLE IF NOT EXISTS best_bets_runs (
  date DATE PRIMARY KEY,
  run_id TEXT NOT NULL,
  algorithm_version TEXT NOT NULL,
  status TEXT NOT NULL,
  halt_state TEXT,
  halt_reason TEXT,
  halt_since TIMESTAMPTZ,
  filter_summary JSON NOT NULL,
  pipeline_summary JSON NOT NULL,
  edge_distribution JSON NOT NULL,
  exposure JSON NOT NULL,
  ultra_gate JSON NOT NULL,
  post_tip_games INTEGER NOT NULL,
  config_hash TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS best_bets_candidates (
  date DATE NOT NULL,
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  player_lookup TEXT NOT NULL,
  system_id TEXT NOT NULL,
  family TEXT NOT NULL,
  direction TEXT NOT NULL,
  line DOUBLE PRECISION NOT NULL,
  book TEXT,
  predicted DOUBLE PRECISION NOT NULL,
  edge DOUBLE PRECISION NOT NULL,
  confidence DOUBLE PRECISION,
  p_over DOUBLE PRECISION,
  quality_score DOUBLE PRECISION,
  n_models_eligible INTEGER NOT NULL,
  direction_conflict BOOLEAN NOT NULL,
  majority_direction TEXT,
  model_agreement_count INTEGER NOT NULL,
  agreeing_model_ids JSON NOT NULL,
  avg_edge_agreeing DOUBLE PRECISION NOT NULL,
  models_predicting INTEGER NOT NULL,
  supplements JSON NOT NULL,
  signals JSON NOT NULL,
  real_signal_count INTEGER NOT NULL,
  pricing JSON NOT NULL,
  filter_result TEXT NOT NULL,
  run_id TEXT NOT NULL,
  PRIMARY KEY (date, game_id, player_id)
);

-- A player-game can hold a withdrawn pick in one direction and an active one in the other;
-- at most one active row per (date, game_id, player_id) (enforced by the writer).
CREATE TABLE IF NOT EXISTS best_bets_picks (
  date DATE NOT NULL,
  rank INTEGER NOT NULL,
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  player_lookup TEXT NOT NULL,
  player_name TEXT NOT NULL,
  team TEXT,
  opponent TEXT,
  game_start_utc TIMESTAMPTZ,
  system_id TEXT NOT NULL,
  family TEXT NOT NULL,
  predicted DOUBLE PRECISION NOT NULL,
  line DOUBLE PRECISION NOT NULL,
  line_book TEXT,
  edge DOUBLE PRECISION NOT NULL,
  direction TEXT NOT NULL,
  confidence DOUBLE PRECISION,
  p_over DOUBLE PRECISION,
  composite_score DOUBLE PRECISION NOT NULL,
  signals JSON NOT NULL,
  real_signal_count INTEGER NOT NULL,
  matched_combo_id TEXT,
  n_models_eligible INTEGER NOT NULL,
  direction_conflict BOOLEAN NOT NULL,
  model_agreement_count INTEGER NOT NULL,
  agreeing_model_ids JSON NOT NULL,
  avg_edge_agreeing DOUBLE PRECISION NOT NULL,
  models_predicting INTEGER NOT NULL,
  best_book TEXT,
  best_price INTEGER,
  fair_prob DOUBLE PRECISION,
  p_direction DOUBLE PRECISION,
  ev DOUBLE PRECISION,
  kelly_full DOUBLE PRECISION,
  stake_pct DOUBLE PRECISION,
  price_source TEXT NOT NULL,
  priced_at TIMESTAMPTZ,
  ultra_tier BOOLEAN NOT NULL,
  ultra_criteria JSON NOT NULL,
  angles JSON NOT NULL,
  warnings JSON NOT NULL,
  contributions JSON NOT NULL,
  algorithm_version TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  provenance JSON NOT NULL,
  run_id TEXT NOT NULL,
  status TEXT NOT NULL,
  published_at TIMESTAMPTZ,
  withdrawn_at TIMESTAMPTZ,
  withdraw_reason TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (date, game_id, player_id, direction)
);

CREATE INDEX IF NOT EXISTS best_bets_picks_status ON best_bets_picks (date, status);

-- Manual halts (08 "Halt state"); the active one has cleared_at NULL. off_season and
-- fleet_blocked are derived per date by the run and stored on best_bets_runs.
CREATE TABLE IF NOT EXISTS halt_state (
  halt_id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  reason TEXT NOT NULL,
  since TIMESTAMPTZ NOT NULL,
  set_by TEXT NOT NULL,
  cleared_at TIMESTAMPTZ,
  cleared_by TEXT
);
