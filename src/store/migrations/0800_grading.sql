-- Grading and model health (spec 06). Written only by src/grading; every table is replaced per
-- date in one transaction, so re-running a pass gives the same rows.

CREATE TABLE IF NOT EXISTS prediction_grades (
  game_date DATE NOT NULL,
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  system_id TEXT NOT NULL,
  family TEXT,
  batch_id TEXT,
  recommendation TEXT NOT NULL,
  line DOUBLE PRECISION,
  book TEXT,
  predicted DOUBLE PRECISION NOT NULL,
  p_over DOUBLE PRECISION,
  confidence DOUBLE PRECISION,
  edge DOUBLE PRECISION,
  actual_points INTEGER,
  minutes DOUBLE PRECISION,
  result TEXT NOT NULL,
  void_reason TEXT,
  abs_error DOUBLE PRECISION,
  signed_error DOUBLE PRECISION,
  line_abs_error DOUBLE PRECISION,
  graded_at TIMESTAMPTZ NOT NULL,
  run_id TEXT,
  PRIMARY KEY (system_id, game_id, player_id)
);

CREATE INDEX IF NOT EXISTS prediction_grades_date ON prediction_grades (game_date);

CREATE TABLE IF NOT EXISTS pick_grades (
  game_date DATE NOT NULL,
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  rank INTEGER,
  system_id TEXT,
  direction TEXT NOT NULL,
  line DOUBLE PRECISION NOT NULL,
  result TEXT NOT NULL,
  void_reason TEXT,
  actual_points INTEGER,
  minutes DOUBLE PRECISION,
  price INTEGER NOT NULL,
  price_source TEXT NOT NULL,
  units_won DOUBLE PRECISION NOT NULL,
  stake_pct DOUBLE PRECISION,
  stake_return_pct DOUBLE PRECISION,
  close_line DOUBLE PRECISION,
  close_captured_at TIMESTAMPTZ,
  line_clv DOUBLE PRECISION,
  fair_prob DOUBLE PRECISION,
  fair_close DOUBLE PRECISION,
  price_clv DOUBLE PRECISION,
  graded_at TIMESTAMPTZ NOT NULL,
  run_id TEXT,
  PRIMARY KEY (game_date, game_id, player_id)
);

CREATE TABLE IF NOT EXISTS model_performance_daily (
  date DATE NOT NULL,
  system_id TEXT NOT NULL,
  family TEXT,
  enabled BOOLEAN NOT NULL,
  daily_n INTEGER NOT NULL,
  daily_wins INTEGER NOT NULL,
  daily_hr DOUBLE PRECISION,
  n_7d INTEGER NOT NULL, wins_7d INTEGER NOT NULL, hr_7d DOUBLE PRECISION,
  ci_low_7d DOUBLE PRECISION, ci_high_7d DOUBLE PRECISION,
  n_14d INTEGER NOT NULL, wins_14d INTEGER NOT NULL, hr_14d DOUBLE PRECISION,
  ci_low_14d DOUBLE PRECISION, ci_high_14d DOUBLE PRECISION,
  n_30d INTEGER NOT NULL, wins_30d INTEGER NOT NULL, hr_30d DOUBLE PRECISION,
  ci_low_30d DOUBLE PRECISION, ci_high_30d DOUBLE PRECISION,
  mae_30d DOUBLE PRECISION,
  line_mae_30d DOUBLE PRECISION,
  bias_30d DOUBLE PRECISION,
  line_bias_30d DOUBLE PRECISION,
  n_errors_30d INTEGER NOT NULL,
  days_since_training INTEGER,
  state TEXT NOT NULL,
  previous_state TEXT,
  state_since DATE NOT NULL,
  consecutive_days_in_state INTEGER NOT NULL,
  computed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (date, system_id)
);

CREATE TABLE IF NOT EXISTS signal_health_daily (
  date DATE NOT NULL,
  tag TEXT NOT NULL,
  n_7d INTEGER NOT NULL, hr_7d DOUBLE PRECISION,
  n_14d INTEGER NOT NULL, hr_14d DOUBLE PRECISION,
  n_30d INTEGER NOT NULL, hr_30d DOUBLE PRECISION,
  n_season INTEGER NOT NULL, hr_season DOUBLE PRECISION,
  ci_low_season DOUBLE PRECISION, ci_high_season DOUBLE PRECISION,
  div_7d DOUBLE PRECISION,
  regime TEXT NOT NULL,
  days_in_regime INTEGER NOT NULL,
  computed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (date, tag)
);

CREATE TABLE IF NOT EXISTS player_blacklist_daily (
  date DATE NOT NULL,
  player_id BIGINT NOT NULL,
  player_lookup TEXT,
  wins INTEGER NOT NULL,
  losses INTEGER NOT NULL,
  n INTEGER NOT NULL,
  hr DOUBLE PRECISION NOT NULL,
  blacklisted BOOLEAN NOT NULL,
  computed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (date, player_id)
);

CREATE TABLE IF NOT EXISTS direction_health_daily (
  date DATE NOT NULL,
  direction TEXT NOT NULL,
  wins INTEGER NOT NULL,
  losses INTEGER NOT NULL,
  pushes INTEGER NOT NULL,
  voided INTEGER NOT NULL,
  n INTEGER NOT NULL,
  hr DOUBLE PRECISION,
  ci_low DOUBLE PRECISION,
  ci_high DOUBLE PRECISION,
  computed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (date, direction)
);

CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  date DATE NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  payload JSON,
  webhook_status TEXT NOT NULL,
  webhook_error TEXT,
  run_id TEXT,
  UNIQUE (date, kind, subject)
);
