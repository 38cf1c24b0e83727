-- Prediction batches, their chunks and the predictions they write (spec 04 §3, §4.4, §5).
-- Only SQL that DuckDB and PostgreSQL both accept.

-- One row per batch. active_key = '{date}|{mode}' while queued/running, NULL once terminal:
-- its UNIQUE constraint is the "one running batch per date and mode" rule (NULLs never clash).
CREATE TABLE IF NOT EXISTS prediction_batches (
  batch_id TEXT PRIMARY KEY,
  game_date DATE NOT NULL,
  mode TEXT NOT NULL,
  status TEXT NOT NULL,
  active_key TEXT UNIQUE,
  force BOOLEAN NOT NULL DEFAULT FALSE,
  skip_completeness BOOLEAN NOT NULL DEFAULT FALSE,
  as_of TIMESTAMPTZ,
  requested_by TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  last_progress_at TIMESTAMPTZ NOT NULL,
  n_candidates INTEGER NOT NULL DEFAULT 0,
  n_viable INTEGER NOT NULL DEFAULT 0,
  n_chunks INTEGER NOT NULL DEFAULT 0,
  chunks_done INTEGER NOT NULL DEFAULT 0,
  chunks_failed INTEGER NOT NULL DEFAULT 0,
  n_predictions INTEGER NOT NULL DEFAULT 0,
  n_players_predicted INTEGER NOT NULL DEFAULT 0,
  steps JSON,
  systems JSON,
  missing JSON,
  failure_reason TEXT,
  error TEXT,
  superseded_by TEXT,
  current_step TEXT,
  event_emitted_at TIMESTAMPTZ,
  config_hash TEXT,
  run_id TEXT,
  owner TEXT
);

-- One row per chunk of a batch; payload holds everything a stateless worker needs.
CREATE TABLE IF NOT EXISTS prediction_requests (
  batch_id TEXT NOT NULL,
  chunk_no INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  n_players INTEGER NOT NULL,
  payload JSON NOT NULL,
  n_predictions INTEGER NOT NULL DEFAULT 0,
  n_players_predicted INTEGER NOT NULL DEFAULT 0,
  failed_systems JSON,
  job_id TEXT,
  worker_id TEXT,
  enqueued_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  error TEXT,
  PRIMARY KEY (batch_id, chunk_no)
);

-- Rows are written inactive by the chunk commits and activated by the batch's finalize
-- (complete or partial). Readers use is_active: one active row per (system, game, player).
-- line_key = line, or -1 without one, so the key also covers NO_LINE rows.
CREATE TABLE IF NOT EXISTS predictions (
  prediction_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  game_date DATE NOT NULL,
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  system_id TEXT NOT NULL,
  family TEXT NOT NULL,
  line DECIMAL(5, 1),
  line_key DOUBLE PRECISION NOT NULL,
  book TEXT,
  n_books INTEGER NOT NULL DEFAULT 0,
  predicted DOUBLE PRECISION NOT NULL,
  edge DOUBLE PRECISION,
  p_over DOUBLE PRECISION,
  confidence DOUBLE PRECISION,
  recommendation TEXT NOT NULL,
  feature_set_version TEXT NOT NULL,
  feature_quality DOUBLE PRECISION,
  features_computed_at TIMESTAMPTZ,
  odds_captured_at TIMESTAMPTZ,
  as_of TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  is_active BOOLEAN NOT NULL DEFAULT FALSE,
  invalidation_reason TEXT,
  PRIMARY KEY (batch_id, system_id, game_id, player_id, line_key)
);

CREATE INDEX IF NOT EXISTS predictions_date_idx ON predictions (game_date, system_id);
CREATE INDEX IF NOT EXISTS prediction_batches_date_idx ON prediction_batches (game_date, mode);
