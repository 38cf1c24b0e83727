-- The model registry (spec 03 §6) and content-addressed model artifacts.
CREATE TABLE IF NOT EXISTS models (
  system_id TEXT PRIMARY KEY,
  family TEXT NOT NULL,
  feature_set TEXT NOT NULL,
  contract_hash TEXT NOT NULL,
  loss TEXT NOT NULL,
  quantile_alpha DOUBLE PRECISION,
  feature_weights JSON,
  min_edge DOUBLE PRECISION NOT NULL,
  train_start DATE NOT NULL,
  train_end DATE NOT NULL,
  window_game_days INTEGER NOT NULL,
  val_start DATE,
  val_end DATE,
  params JSON,
  best_iteration INTEGER,
  counts JSON,
  metrics JSON,
  gates JSON,
  gates_passed BOOLEAN NOT NULL DEFAULT FALSE,
  gate_basis TEXT,
  importance JSON,
  vegas_gain_share DOUBLE PRECISION,
  residual_quantiles JSON,
  status TEXT NOT NULL DEFAULT 'candidate',
  enabled BOOLEAN NOT NULL DEFAULT FALSE,
  is_champion BOOLEAN NOT NULL DEFAULT FALSE,
  shadow_since TIMESTAMPTZ,
  status_changed_at TIMESTAMPTZ,
  status_reason TEXT,
  artifact_hash TEXT NOT NULL,
  config_hash TEXT,
  seed BIGINT,
  duration_ms INTEGER,
  run_id TEXT,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX IF NOT EXISTS models_by_family ON models (family, train_start, train_end);

CREATE TABLE IF NOT EXISTS model_artifacts (
  hash TEXT PRIMARY KEY,
  bytes TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

-- Status changes with who and why (enable --force --reason, promote, retire, decay blocks).
CREATE TABLE IF NOT EXISTS model_status_log (
  system_id TEXT NOT NULL,
  changed_at TIMESTAMPTZ NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT,
  actor TEXT,
  PRIMARY KEY (system_id, changed_at, to_status)
);
